# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "IKI Demo Province",
    "summary": "Demo data: a fictional province with its cascade, plans, a year of monthly "
    "appraisals played up to today, Tukin sheets and payroll",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Performance",
    "website": "https://github.com/iki-asn/iki",
    "author": "IKI contributors",
    "license": "LGPL-3",
    "depends": ["iki_performance", "iki_tukin"],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/hr_department_demo.xml",
        "demo/res_users_demo.xml",
        "demo/hr_employee_demo.xml",
        "demo/iki_indicator_demo.xml",
        "demo/iki_plan_demo.xml",
        "demo/hr_contract_demo.xml",
        "demo/iki_demo_play.xml",
    ],
}
