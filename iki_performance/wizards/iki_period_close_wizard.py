from odoo import fields, models


class IkiPeriodCloseWizard(models.TransientModel):
    """Close a month before its cut-off: HR only, the reason is required, stored on the month
    and logged in its chatter. Whether the appraisals not submitted yet are recorded as missing
    is the month's rule (``early_close_marks_missing``)."""

    _name = "iki.period.close.wizard"
    _description = "Close an Appraisal Month Before Its Cut-off"

    period_id = fields.Many2one("iki.period", required=True)
    cutoff_date = fields.Date(related="period_id.cutoff_date")
    early_close_marks_missing = fields.Boolean(
        related="period_id.rule_set_id.early_close_marks_missing"
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.period_id._iki_check_hr()
        self.period_id._action_close(force_reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
