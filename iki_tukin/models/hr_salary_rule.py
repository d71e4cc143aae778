from odoo import api, fields, models

# Codes of the salary rule categories of the Tukin/TPP lines (data/payroll_data.xml): a rule of
# these categories reads the employee's Tukin/TPP sheet.
TUKIN_CATEGORY_CODES = ("TPP", "TPP_TOTAL")


class HrSalaryRule(models.Model):
    _inherit = "hr.salary.rule"

    iki_reads_tukin = fields.Boolean(
        string="Reads the Tukin/TPP Sheet",
        compute="_compute_iki_reads_tukin",
        store=True,
        readonly=False,
        help="The rule reads the employee's confirmed Tukin/TPP sheet of the month "
        "(payroll.tukin): a payslip with such a rule needs that sheet. Set for the rules of "
        "the Tukin/TPP categories; tick it on any other rule that reads payroll.tukin.",
    )

    @api.depends("category_id.code")
    def _compute_iki_reads_tukin(self):
        for rule in self:
            rule.iki_reads_tukin = rule.category_id.code in TUKIN_CATEGORY_CODES
