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
    "application": False,
    "installable": True,
    "depends": ["iki_performance", "payroll", "hr_attendance", "hr_holidays"],
    "data": [],
}
