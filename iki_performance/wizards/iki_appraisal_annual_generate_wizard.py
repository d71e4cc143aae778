from odoo import api, fields, models
from odoo.exceptions import AccessError


class IkiAppraisalAnnualGenerateWizard(models.TransientModel):
    """Build (or refresh the drafts of) a company's annual evaluations of one year from the
    appraisals of its closed months."""

    _name = "iki.appraisal.annual.generate.wizard"
    _description = "Generate Annual Evaluations"
    _inherit = ["iki.input.mixin"]

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)

    @api.constrains("year")
    def _check_year_window(self):
        self._iki_check_year_window()

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("iki_performance.group_iki_hr_officer"):
            raise AccessError(self.env._("Only HR officers generate annual evaluations."))
        self.env["iki.appraisal.annual"]._iki_generate_for_year(self.company_id, self.year)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Annual Evaluations %(year)s", year=self.year),
            "res_model": "iki.appraisal.annual",
            "view_mode": "list,form,pivot",
            "domain": [("year", "=", self.year), ("company_id", "=", self.company_id.id)],
        }
