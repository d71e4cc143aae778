from odoo import _, fields, models

from .. import engine
from ..engine.constants import BERAKHLAK, BERAKHLAK_LABELS

VALUE_KEYS = [(key, BERAKHLAK_LABELS[key]) for key in BERAKHLAK] + [
    ("extra", "Additional Expectation of the Leader")
]


class IkiAppraisalBehaviour(models.Model):
    """The appraiser's rating of one BerAKHLAK core value (or an extra expectation)."""

    _name = "iki.appraisal.behaviour"
    _description = "Behaviour Rating (BerAKHLAK)"
    _order = "appraisal_id, id"

    appraisal_id = fields.Many2one("iki.appraisal", required=True, ondelete="cascade", index=True)
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

    def write(self, vals):
        if not self.env.su and {"rating", "note", "expectation"} & set(vals):
            self.appraisal_id.period_id._iki_check_open()
            self.appraisal_id._iki_check_appraiser(_("rate"))
        res = super().write(vals)
        if "rating" in vals:
            self.appraisal_id._iki_recompute()
        return res
