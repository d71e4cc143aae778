from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.constants import POLARITIES

MONTHS = range(1, 13)
MONTH_TARGET_FIELDS = [f"target_{m:02d}" for m in MONTHS]
POLARITY_LABELS = {
    "positive": "Positive (higher is better)",
    "negative": "Negative (lower is better)",
    "range": "Range (within bounds)",
    "boolean": "Milestone (done / not done)",
}
TARGET_SPREADS = [
    ("sum", "Monthly targets add up to the annual target"),
    ("equal", "Every month has the annual target"),
]


class IkiTargetMixin(models.AbstractModel):
    """Measure and targets shared by cascade indicators and plan lines: unit, polarity, annual
    target (or range) and the twelve monthly targets, with their validity rules."""

    _name = "iki.target.mixin"
    _description = "Indicator Measure and Targets"

    unit = fields.Char(string="Unit (Satuan)")
    polarity = fields.Selection(
        [(key, POLARITY_LABELS[key]) for key in POLARITIES],
        required=True,
        default="positive",
    )
    baseline = fields.Float()
    target = fields.Float(string="Annual Target")
    target_max = fields.Float(string="Annual Target (upper bound)")
    target_spread = fields.Selection(TARGET_SPREADS, default="sum", required=True)
    target_01 = fields.Float(string="Jan")
    target_02 = fields.Float(string="Feb")
    target_03 = fields.Float(string="Mar")
    target_04 = fields.Float(string="Apr")
    target_05 = fields.Float(string="May")
    target_06 = fields.Float(string="Jun")
    target_07 = fields.Float(string="Jul")
    target_08 = fields.Float(string="Aug")
    target_09 = fields.Float(string="Sep")
    target_10 = fields.Float(string="Oct")
    target_11 = fields.Float(string="Nov")
    target_12 = fields.Float(string="Dec")
    allow_negative = fields.Boolean(
        string="Allow Negative Values",
        help="Only for measures that can be negative (e.g. growth rates).",
    )

    @api.constrains("polarity", "target", "target_max", "allow_negative", *MONTH_TARGET_FIELDS)
    def _check_targets(self):
        for record in self:
            record._iki_check_target_values()

    def _iki_check_target_values(self):
        months = self.monthly_targets()
        name = self.display_name
        if self.polarity == "positive" and not self.target and not any(months):
            raise ValidationError(
                self.env._(
                    "%(name)s has a positive polarity and a target of 0: achievement would divide "
                    "by zero. Set a target, or use the negative polarity for 'zero findings'.",
                    name=name,
                )
            )
        if self.polarity == "range" and self.target > self.target_max:
            raise ValidationError(
                self.env._(
                    "%(name)s is a range indicator whose lower bound %(min)s is above its upper "
                    "bound %(max)s.",
                    name=name,
                    min=self.target,
                    max=self.target_max,
                )
            )
        if not self.allow_negative and (self.target < 0 or any(m < 0 for m in months)):
            raise ValidationError(self.env._("%(name)s has a negative target.", name=name))

    def monthly_targets(self):
        """Return the twelve monthly targets of one record as a list (January first)."""
        self.ensure_one()
        return [self[f] for f in MONTH_TARGET_FIELDS]

    def monthly_target(self, month):
        """Return the target of one month (1-12)."""
        self.ensure_one()
        return self[MONTH_TARGET_FIELDS[month - 1]]

    def _iki_spread_values(self):
        """Monthly target values from the annual target: the annual sum split evenly (December
        takes the rounding rest), or the annual value every month (ranges, milestones, rates)."""
        self.ensure_one()
        if self.target_spread == "equal" or self.polarity in ("range", "boolean"):
            return dict.fromkeys(MONTH_TARGET_FIELDS, self.target)
        share = round(self.target / 12.0, 2)
        values = dict.fromkeys(MONTH_TARGET_FIELDS[:-1], share)
        values[MONTH_TARGET_FIELDS[-1]] = round(self.target - share * 11, 2)
        return values

    def action_spread_targets(self):
        """Fill the twelve monthly targets from the annual target by the spread rule."""
        for record in self:
            record.write(record._iki_spread_values())
        return True
