# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "IKI Tukin / TPP",
    "summary": "Performance allowance (Tukin / TPP) from performance and discipline, "
    "paid through OCA payroll",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Payroll",
    "website": "https://github.com/iki-asn/iki",
    "author": "IKI contributors",
    "license": "LGPL-3",
    "depends": ["iki_performance", "payroll", "hr_attendance", "hr_holidays"],
    "data": [
        "security/iki_tukin_security.xml",
        "security/ir.model.access.csv",
        "security/iki_tukin_rules.xml",
        "data/iki_tukin_scheme_data.xml",
        "data/payroll_data.xml",
        "views/menus.xml",
        "views/iki_tukin_scheme_views.xml",
        "views/iki_tukin_sheet_views.xml",
        "views/iki_discipline_day_views.xml",
        "wizards/iki_tukin_simulation_views.xml",
        "views/iki_tukin_punishment_views.xml",
        "views/iki_tukin_stop_views.xml",
        "views/hr_payslip_views.xml",
        "views/hr_salary_rule_views.xml",
        "views/res_config_settings_views.xml",
    ],
}
