import ast

from odoo import api, fields, models
from odoo.exceptions import UserError

# Models whose approved records can be reopened for correction.
CORRECTABLE_MODELS = ("iki.appraisal", "iki.appraisal.annual")


class IkiCorrectionWizard(models.TransientModel):
    """Reopen approved appraisals (monthly or annual) for correction, with a reason."""

    _name = "iki.correction.wizard"
    _description = "Reopen for Correction"

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True)
    reason = fields.Text(required=True)

    @api.constrains("res_model")
    def _check_res_model(self):
        for wizard in self:
            if wizard.res_model not in CORRECTABLE_MODELS:
                raise UserError(
                    self.env._(
                        "Records of %(model)s are not reopened for correction.",
                        model=wizard.res_model,
                    )
                )

    def _iki_records(self):
        self.ensure_one()
        try:
            ids = [int(i) for i in ast.literal_eval(self.res_ids or "[]")]
        except (ValueError, SyntaxError, TypeError) as err:
            raise UserError(self.env._("No record to reopen.")) from err
        return self.env[self.res_model].browse(ids).exists()

    def action_confirm(self):
        self._iki_records()._action_reopen_for_correction(self.reason)
        return {"type": "ir.actions.act_window_close"}
