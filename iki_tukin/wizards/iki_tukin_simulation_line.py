from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ..models.iki_tukin_stop import STOP_REASON_SELECTION

_lt = LazyTranslate(__name__)

# Compared values: field -> (label, is a factor 0-1 shown as a percentage).
COMPARED_FIELDS = {
    "stop_reason": (_lt("Stop"), False),
    "job_class": (_lt("Job class"), False),
    "base": (_lt("Base"), False),
    "gross": (_lt("Maximum"), False),
    "leave_factor": (_lt("Leave factor"), True),
    "performance_factor": (_lt("Performance factor"), True),
    "deduction_pct": (_lt("Deductions (%)"), False),
    "punishment_pct": (_lt("Punishment (%)"), False),
}


def _comparable(value):
    """Values as stored: numbers rounded to 6 decimals, empty values as False."""
    if isinstance(value, float):
        return round(value, 6)
    return value or False


class IkiTukinSimulationLine(models.TransientModel):
    """One employee of a simulation: simulated and previous net, and what changed."""

    _name = "iki.tukin.simulation.line"
    _description = "Tukin Simulation Line"
    _inherit = ["iki.input.mixin"]
    _order = "difference_abs desc, employee_id"

    simulation_id = fields.Many2one("iki.tukin.simulation", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="simulation_id.currency_id")
    employee_id = fields.Many2one("hr.employee", readonly=True)
    job_class = fields.Integer(readonly=True)
    stop_reason = fields.Selection(STOP_REASON_SELECTION, readonly=True)
    base = fields.Monetary(readonly=True)
    gross = fields.Monetary(string="Maximum", readonly=True)
    leave_factor = fields.Float(digits=(12, 6), readonly=True)
    performance_factor = fields.Float(digits=(12, 6), readonly=True)
    deduction_pct = fields.Float(string="Deductions (%)", readonly=True)
    punishment_pct = fields.Float(string="Punishment (%)", readonly=True)
    net = fields.Monetary(string="Simulated Net", readonly=True)
    previous_sheet_id = fields.Many2one("iki.tukin.sheet", readonly=True)
    previous_net = fields.Monetary(readonly=True)
    difference = fields.Monetary(compute="_compute_difference", store=True)
    difference_abs = fields.Monetary(compute="_compute_difference", store=True)
    changes = fields.Text(readonly=True)

    @api.depends("net", "previous_net")
    def _compute_difference(self):
        for line in self:
            line.difference = line.net - line.previous_net
            line.difference_abs = abs(line.difference)

    @api.model
    def _iki_describe_changes(self, vals, previous):
        """One line per compared value that differs from ``previous`` (a sheet or None)."""
        if not previous:
            return self.env._("No sheet for the previous month.")
        changes = []
        for fname, (label, is_factor) in COMPARED_FIELDS.items():
            before, after = previous[fname], vals[fname]
            if _comparable(before) == _comparable(after):
                continue
            if is_factor:
                before, after = f"{before * 100:.2f}%", f"{after * 100:.2f}%"
            changes.append(
                self.env._(
                    "%(what)s: %(before)s -> %(after)s", what=str(label), before=before, after=after
                )
            )
        if _comparable(previous.net) != _comparable(vals["net"]) and not changes:
            changes.append(self.env._("Discipline or leave days differ."))
        return "\n".join(changes) or False
