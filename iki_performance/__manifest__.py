# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "IKI Performance (SKP, cascading, appraisal)",
    "summary": "Individual performance indicators (IKI) cascaded from the RPJMD to every ASN, "
    "annual plans (SKP) with monthly targets and the monthly appraisal",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Performance",
    "website": "https://github.com/iki-asn/iki",
    "author": "IKI contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["hr", "mail", "portal", "web_hierarchy"],
    "data": [
        "security/iki_performance_security.xml",
        "security/ir.model.access.csv",
        "security/iki_performance_rules.xml",
        "data/iki_rule_set_data.xml",
        "views/menus.xml",
        "views/iki_rule_set_views.xml",
        "views/hr_department_views.xml",
        "views/hr_employee_views.xml",
        "views/iki_appraiser_assignment_views.xml",
        "views/iki_indicator_views.xml",
        "views/iki_plan_views.xml",
        "views/iki_plan_line_views.xml",
    ],
}
