from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import constants as C

LEAVE_UNPAID = "unpaid"
LEAVE_OTHER = "other"
LEAVE_KINDS = [
    (C.LEAVE_ANNUAL, "Annual leave (cuti tahunan)"),
    (C.LEAVE_SICK, "Sick leave (cuti sakit)"),
    (C.LEAVE_BIG, "Big leave (cuti besar)"),
    (C.LEAVE_MATERNITY, "Maternity leave (cuti melahirkan)"),
    (LEAVE_UNPAID, "Unpaid leave (cuti di luar tanggungan negara)"),
    (LEAVE_OTHER, "Other time off"),
]
# Time off types of hr_holidays mapped by the shipped default scheme.
DEFAULT_LEAVE_TYPE_XMLIDS = {
    C.LEAVE_ANNUAL: ["hr_holidays.holiday_status_cl"],
    C.LEAVE_SICK: ["hr_holidays.holiday_status_sl"],
    LEAVE_UNPAID: ["hr_holidays.holiday_status_unpaid"],
    LEAVE_OTHER: ["hr_holidays.holiday_status_comp"],
}


class IkiTukinLeaveRule(models.Model):
    """A row of the leave table: leave of a kind lasting ``min_days``..``max_days`` is paid at
    ``pct`` percent (the band chosen by the whole leave's duration applies to all its days).

    ``leave_type_ids`` maps time off types (``hr.leave.type``) to the kind. Approved time off
    of a type mapped nowhere counts as ``other``.
    """

    _name = "iki.tukin.leave.rule"
    _description = "Tukin Leave Rule"
    _inherit = ["iki.input.mixin"]
    _order = "scheme_id, leave_kind, min_days"

    scheme_id = fields.Many2one("iki.tukin.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    leave_kind = fields.Selection(LEAVE_KINDS, string="Kind of Leave", required=True)
    leave_type_ids = fields.Many2many(
        "hr.leave.type",
        string="Time Off Types",
        help="Time off types counted as this kind of leave.",
    )
    min_days = fields.Integer(string="From (days)", required=True, default=1)
    max_days = fields.Integer(string="To (days)", help="0: no upper bound.")
    pct = fields.Float(string="Paid (%)", required=True, default=100.0)

    _sql_constraints = [
        (
            "pct_range",
            "CHECK(pct >= 0 AND pct <= 100)",
            "A paid percentage lies between 0 and 100.",
        ),
        (
            "days_positive",
            "CHECK(min_days >= 1 AND max_days >= 0)",
            "Leave bands start at 1 day (0 as the end means no upper bound).",
        ),
    ]

    @api.constrains("pct")
    def _check_pct(self):
        for rule in self:
            if not 0 <= rule.pct <= 100:
                raise ValidationError(
                    self.env._(
                        "Leave rule %(kind)s: the paid percentage lies between 0 and 100 (got "
                        "%(pct)s).",
                        kind=rule.leave_kind,
                        pct=rule.pct,
                    )
                )

    @api.model
    def _iki_default_leave_types(self):
        """``{leave kind: [hr.leave.type ids]}`` of the shipped default mapping."""
        result = {}
        for kind, xmlids in DEFAULT_LEAVE_TYPE_XMLIDS.items():
            records = [self.env.ref(x, raise_if_not_found=False) for x in xmlids]
            result[kind] = [r.id for r in records if r]
        return result
