from odoo import api, fields, models


class IkiAppraisalApprovalReport(models.TransientModel):
    """What an approval of the ready appraisals did: how many it approved, and per person why
    each other one was not approved."""

    _name = "iki.appraisal.approval.report"
    _description = "Approval of the Ready Appraisals"
    _inherit = ["iki.input.mixin"]

    approved_count = fields.Integer(string="Approved", readonly=True)
    line_ids = fields.One2many(
        "iki.appraisal.approval.report.line", "report_id", string="Not Approved", readonly=True
    )

    @api.model
    def _iki_open(self, approved, blockers):
        """The report of an approval that approved ``approved`` and not the appraisals of
        ``blockers`` (``{appraisal: reason}``): a notification when all were approved."""
        if not blockers:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._("Appraisals approved: %(count)s.", count=len(approved)),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        report = self.create(
            {
                "approved_count": len(approved),
                "line_ids": [
                    fields.Command.create({"appraisal_id": appraisal.id, "reason": reason})
                    for appraisal, reason in blockers.items()
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approval of the Ready Appraisals"),
            "res_model": self._name,
            "res_id": report.id,
            "view_mode": "form",
            "target": "new",
        }


class IkiAppraisalApprovalReportLine(models.TransientModel):
    """An appraisal the approval left, with the reason."""

    _name = "iki.appraisal.approval.report.line"
    _description = "Appraisal Not Approved"
    _inherit = ["iki.input.mixin"]

    report_id = fields.Many2one("iki.appraisal.approval.report", required=True, ondelete="cascade")
    appraisal_id = fields.Many2one("iki.appraisal", required=True, ondelete="cascade")
    employee_id = fields.Many2one(related="appraisal_id.employee_id")
    reason = fields.Text(readonly=True)
