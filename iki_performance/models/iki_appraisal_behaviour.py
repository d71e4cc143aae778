from odoo import api, fields, models

from .. import engine
from ..engine.constants import BERAKHLAK, BERAKHLAK_LABELS

VALUE_KEYS = [(key, BERAKHLAK_LABELS[key]) for key in BERAKHLAK] + [
    ("extra", "Additional Expectation of the Leader")
]


class IkiAppraisalBehaviour(models.Model):
    """The appraiser's rating of one BerAKHLAK core value (or an extra expectation)."""

    _name = "iki.appraisal.behaviour"
    _description = "Behaviour Rating (BerAKHLAK)"
    _inherit = ["iki.input.mixin", "iki.workflow.mixin"]
    _order = "appraisal_id, id"
    _iki_protected_fields = frozenset({"appraisal_id", "value_key"})
    _iki_workflow_creates = True
    _iki_state_path = "appraisal_id.state"
    _iki_frozen_states = ("approved",)
    _iki_undeletable_states = ("submitted", "returned", "approved")

    appraisal_id = fields.Many2one("iki.appraisal", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True, index=True)
    value_key = fields.Selection(VALUE_KEYS, string="Core Value", required=True)
    expectation = fields.Text(string="Leader's Expectation")
    rating = fields.Selection([(k, engine.RATING_LABELS[k]) for k in engine.RATINGS])
    note = fields.Text()

    _sql_constraints = [
        (
            "value_uniq",
            "unique(appraisal_id, value_key)",
            "Each core value is rated once per appraisal.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        appraisal_ids = {vals.get("appraisal_id") for vals in vals_list} - {None, False}
        self.env["iki.appraisal"].browse(appraisal_ids).period_id._iki_check_open()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and not self._iki_in_workflow():
            # The same rule as the appraisal's own ratings: the appraiser (or HR), once
            # submitted, while the month is open.
            self.appraisal_id._iki_check_write({"behaviour_ids"})
        res = super().write(vals)
        if "rating" in vals:
            self.appraisal_id._iki_recompute()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_open_month(self):
        if not self._iki_in_workflow():
            self.appraisal_id.period_id._iki_check_open()
