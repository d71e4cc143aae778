from odoo import fields, models


class IkiAppraisalReturnWizard(models.TransientModel):
    """Return one or many submitted appraisals with the same feedback."""

    _name = "iki.appraisal.return.wizard"
    _description = "Return Appraisals for Revision"
    _inherit = ["iki.input.mixin"]

    appraisal_ids = fields.Many2many("iki.appraisal", string="Appraisals", required=True)
    feedback = fields.Text(string="Feedback (Umpan Balik)", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.appraisal_ids._action_return(feedback=self.feedback)
        return {"type": "ir.actions.act_window_close"}
