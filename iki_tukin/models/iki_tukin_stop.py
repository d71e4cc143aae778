from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import constants as C

# Stop reasons recorded by HR; a leave of a whole month is detected from the time off.
STOP_REASONS = [
    (C.STOP_SUSPENSION, "Suspended"),
    (C.STOP_STUDY_LEAVE, "Study leave"),
    (C.STOP_NO_DEFINITIVE_POST, "No definitive post"),
]
STOP_REASON_SELECTION = [*STOP_REASONS, (C.STOP_FULL_MONTH_LEAVE, "Leave for the whole month")]


class IkiTukinStop(models.Model):
    """An effective-dated condition stopping the Tukin of an employee (suspension, study leave,
    no definitive post). It stops every month whose first day it covers."""

    _name = "iki.tukin.stop"
    _description = "Tukin Stop Condition"
    _inherit = ["iki.input.mixin", "mail.thread"]
    _order = "date_from desc, employee_id"

    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True, string="Company"
    )
    agency_id = fields.Many2one(related="employee_id.iki_agency_id", string="Agency (OPD)")
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    active = fields.Boolean(default=True, tracking=True)
    reason = fields.Selection(STOP_REASONS, required=True, tracking=True)
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", tracking=True, help="Leave empty while it lasts.")
    reference = fields.Char(tracking=True, help="Decree or letter establishing the condition.")
    note = fields.Text()

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A stop condition cannot end before it starts.",
        ),
    ]

    @api.depends("reason", "employee_id.name")
    def _compute_display_name(self):
        labels = dict(self._fields["reason"]._description_selection(self.env))
        for stop in self:
            stop.display_name = f"{labels.get(stop.reason, '')} ({stop.employee_id.name or ''})"

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for stop in self:
            if stop.date_to and stop.date_to < stop.date_from:
                raise ValidationError(
                    self.env._(
                        "The stop condition of %(employee)s ends before it starts.",
                        employee=stop.employee_id.name,
                    )
                )

    @api.model
    def _iki_in_force(self, employees, date):
        """``{employee_id: stop}`` of the conditions in force on ``date`` (one search)."""
        stops = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("date_from", "<=", date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", date),
            ],
            order="date_from, id",
        )
        result = {}
        for stop in stops:
            result.setdefault(stop.employee_id.id, stop.sudo(False))
        return result
