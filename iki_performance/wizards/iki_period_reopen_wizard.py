from odoo import fields, models


class IkiPeriodReopenWizard(models.TransientModel):
    """Reopen a closed month: the reason is required and logged on the month."""

    _name = "iki.period.reopen.wizard"
    _description = "Reopen an Appraisal Month"
    _inherit = ["iki.input.mixin"]

    period_id = fields.Many2one("iki.period", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.period_id._iki_check_hr()
        self.period_id._action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
