from odoo import api, fields, models

# What a payslip whose structure pays Tukin/TPP does when the employee has no confirmed
# Tukin/TPP sheet for the month.
MISSING_SHEET_ERROR = "error"
MISSING_SHEET_SKIP = "skip"
MISSING_SHEET_POLICIES = [
    (MISSING_SHEET_ERROR, "Refuse to compute the payslip"),
    (MISSING_SHEET_SKIP, "Compute the payslip without Tukin/TPP lines"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    iki_tukin_missing_sheet_policy = fields.Selection(
        MISSING_SHEET_POLICIES,
        string="Payslip Without Tukin/TPP Sheet",
        default=MISSING_SHEET_ERROR,
        required=True,
        help="When a payslip pays Tukin/TPP and the employee has no confirmed Tukin/TPP sheet "
        "for the month: refuse to compute it (naming the employees), or compute it without "
        "Tukin/TPP lines and leave a note on the payslip.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # Like the performance rule sets: every company starts with the default scheme.
        self.env["iki.tukin.scheme"]._iki_create_company_defaults(companies)
        return companies
