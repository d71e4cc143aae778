from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import engine
from ..engine import constants as C

PUNISHMENT_MONTHS = [("6", "6 months"), ("9", "9 months"), ("12", "12 months")]


class IkiTukinPunishment(models.Model):
    """A disciplinary punishment (PP 94/2021) cutting the Tukin of an employee by ``cut_pct``
    percent for 6, 9 or 12 months from the first day of ``date_start``'s month."""

    _name = "iki.tukin.punishment"
    _description = "Disciplinary Punishment (Tukin Cut)"
    _inherit = ["iki.input.mixin", "mail.thread"]
    _order = "date_start desc, employee_id"

    name = fields.Char(
        string="Reference", required=True, tracking=True, help="Number of the punishment decree."
    )
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True, string="Company"
    )
    agency_id = fields.Many2one(related="employee_id.iki_agency_id", string="Agency (OPD)")
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    active = fields.Boolean(default=True, tracking=True)
    cut_pct = fields.Float(
        string="Cut (%)", default=float(C.MODERATE_PUNISHMENT_PCT), required=True, tracking=True
    )
    date_start = fields.Date(
        string="First Month",
        required=True,
        tracking=True,
        help="The cut applies from the month of this date (its first day).",
    )
    months = fields.Selection(
        PUNISHMENT_MONTHS, string="Duration", required=True, default="6", tracking=True
    )
    date_end = fields.Date(string="Last Day", compute="_compute_date_end", store=True)
    note = fields.Text()

    _sql_constraints = [
        ("cut_range", "CHECK(cut_pct >= 0 AND cut_pct <= 100)", "A cut lies between 0 and 100%."),
    ]

    @api.depends("date_start", "months")
    def _compute_date_end(self):
        for punishment in self:
            if punishment.date_start and punishment.months:
                first = punishment.date_start.replace(day=1)
                punishment.date_end = first + relativedelta(months=int(punishment.months), days=-1)
            else:
                punishment.date_end = False

    @api.depends("name", "employee_id.name")
    def _compute_display_name(self):
        for punishment in self:
            punishment.display_name = f"{punishment.name} ({punishment.employee_id.name or ''})"

    @api.constrains("cut_pct")
    def _check_cut(self):
        for punishment in self:
            if not 0 <= punishment.cut_pct <= 100:
                raise ValidationError(
                    self.env._(
                        "Punishment %(name)s: the cut lies between 0 and 100%% (got %(pct)s).",
                        name=punishment.name,
                        pct=punishment.cut_pct,
                    )
                )

    def _iki_engine_punishment(self):
        """The engine's ``Punishment`` of this record."""
        self.ensure_one()
        return engine.Punishment(
            self.date_start.year,
            self.date_start.month,
            int(self.months),
            self.cut_pct,
            (self._name, self.id),
        )
