from odoo import api, fields, models
from odoo.addons.iki_performance.models.iki_appraisal import PREDICATE_SELECTION
from odoo.exceptions import ValidationError


class IkiTukinPredicateRate(models.Model):
    """Paid percentage of the performance part per predicate (predicate scaling mode)."""

    _name = "iki.tukin.predicate.rate"
    _description = "Tukin Paid % per Predicate"
    _inherit = ["iki.input.mixin"]
    _order = "scheme_id, pct desc"

    scheme_id = fields.Many2one("iki.tukin.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    predicate = fields.Selection(PREDICATE_SELECTION, required=True)
    pct = fields.Float(string="Paid (%)", required=True)

    _sql_constraints = [
        (
            "predicate_uniq",
            "unique(scheme_id, predicate)",
            "A predicate appears once in a scheme.",
        ),
        (
            "pct_range",
            "CHECK(pct >= 0 AND pct <= 100)",
            "A paid percentage lies between 0 and 100.",
        ),
    ]

    @api.constrains("pct")
    def _check_pct(self):
        for rate in self:
            if not 0 <= rate.pct <= 100:
                raise ValidationError(
                    self.env._(
                        "The paid percentage of a predicate lies between 0 and 100 (got %(pct)s).",
                        pct=rate.pct,
                    )
                )
