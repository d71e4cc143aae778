from odoo import api, fields, models
from odoo.exceptions import ValidationError

BAND_KINDS = [("late", "Late arrival (TL)"), ("early", "Early leave (PSW)")]


class IkiTukinDisciplineBand(models.Model):
    """A lateness (TL) or early-leave (PSW) band: minutes from..to -> code and deduction %."""

    _name = "iki.tukin.discipline.band"
    _description = "Tukin Discipline Band"
    _inherit = ["iki.input.mixin"]
    _order = "scheme_id, kind desc, min_minutes"

    scheme_id = fields.Many2one("iki.tukin.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    kind = fields.Selection(BAND_KINDS, required=True)
    code = fields.Char(required=True, help="e.g. TL1 ... TL4, PSW1 ... PSW4.")
    min_minutes = fields.Integer(string="From (minutes)", required=True, default=1)
    max_minutes = fields.Integer(
        string="To (minutes)", help="0: no upper bound (the last band of its kind)."
    )
    pct = fields.Float(string="Deduction (%)", required=True)

    _sql_constraints = [
        ("code_uniq", "unique(scheme_id, code)", "A band code appears once in a scheme."),
        ("pct_positive", "CHECK(pct >= 0 AND pct <= 100)", "A deduction lies between 0 and 100%."),
        (
            "minutes_positive",
            "CHECK(min_minutes >= 1 AND max_minutes >= 0)",
            "Band minutes start at 1 (0 as the end means no upper bound).",
        ),
    ]

    @api.depends("code", "min_minutes", "max_minutes")
    def _compute_display_name(self):
        for band in self:
            band.display_name = f"{band.code} ({band.min_minutes}-{band.max_minutes or '...'})"

    @api.constrains("pct")
    def _check_pct(self):
        for band in self:
            if not 0 <= band.pct <= 100:
                raise ValidationError(
                    self.env._(
                        "Band %(code)s: the deduction lies between 0 and 100%% (got %(pct)s).",
                        code=band.code,
                        pct=band.pct,
                    )
                )
