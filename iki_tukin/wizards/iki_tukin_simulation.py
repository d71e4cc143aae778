from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class IkiTukinSimulation(models.TransientModel):
    """Compute the Tukin of a month without storing anything and compare it with the sheets
    of the previous month, employee by employee. Also the entry point to generate sheets."""

    _name = "iki.tukin.simulation"
    _description = "Tukin Simulation"
    _inherit = ["iki.input.mixin"]

    period_id = fields.Many2one("iki.period", string="Month", required=True)
    company_id = fields.Many2one(related="period_id.company_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_state = fields.Selection(related="period_id.state", string="Month Status")
    previous_month = fields.Char(compute="_compute_previous_month", string="Compared With")
    line_ids = fields.One2many("iki.tukin.simulation.line", "simulation_id", string="Employees")
    total_net = fields.Monetary(compute="_compute_totals")
    total_previous = fields.Monetary(compute="_compute_totals", string="Total Previous Month")
    total_difference = fields.Monetary(compute="_compute_totals")
    changed_count = fields.Integer(compute="_compute_totals", string="Employees with Changes")

    @api.depends("period_id.date_start")
    def _compute_previous_month(self):
        for simulation in self:
            start = simulation.period_id.date_start
            if start:
                previous = start - relativedelta(months=1)
                simulation.previous_month = f"{previous.year}-{previous.month:02d}"
            else:
                simulation.previous_month = False

    @api.depends("line_ids.net", "line_ids.previous_net", "line_ids.changes")
    def _compute_totals(self):
        for simulation in self:
            lines = simulation.line_ids
            simulation.total_net = sum(lines.mapped("net"))
            simulation.total_previous = sum(lines.mapped("previous_net"))
            simulation.total_difference = simulation.total_net - simulation.total_previous
            simulation.changed_count = len(lines.filtered("changes"))

    def action_simulate(self):
        self.ensure_one()
        self._action_simulate()
        return True

    def action_generate_sheets(self):
        self.ensure_one()
        sheets = self.env["iki.tukin.sheet"]._iki_generate_for_period(self.period_id)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tukin sheets of %(period)s", period=self.period_id.name),
            "res_model": "iki.tukin.sheet",
            "view_mode": "list,form",
            "domain": [("period_id", "=", self.period_id.id)],
            "context": {"iki_generated_ids": sheets.ids},
        }

    def _action_simulate(self):
        """Compute the month with the sheets' compute path (nothing stored but these lines)
        and list, per employee, the simulated and previous amounts and what changed."""
        self.ensure_one()
        Sheet = self.env["iki.tukin.sheet"]
        Sheet._iki_check_payroll_rights()
        period = self.period_id
        employees = Sheet._iki_employees_for_period(period)
        computed = Sheet._iki_compute_values(period, employees)
        previous = Sheet.search(
            [
                ("company_id", "=", period.company_id.id),
                ("date_start", "=", period.date_start - relativedelta(months=1)),
                ("employee_id", "in", employees.ids),
            ]
        )
        previous_of = {sheet.employee_id.id: sheet for sheet in previous}
        Line = self.env["iki.tukin.simulation.line"]
        line_vals = []
        for employee in employees:
            vals = computed[employee.id]
            before = previous_of.get(employee.id)
            line_vals.append(
                {
                    "employee_id": employee.id,
                    "job_class": vals["job_class"],
                    "stop_reason": vals["stop_reason"],
                    "base": vals["base"],
                    "gross": vals["gross"],
                    "performance_factor": vals["performance_factor"],
                    "deduction_pct": vals["deduction_pct"],
                    "punishment_pct": vals["punishment_pct"],
                    "leave_factor": vals["leave_factor"],
                    "net": vals["net"],
                    "previous_sheet_id": before.id if before else False,
                    "previous_net": before.net if before else 0.0,
                    "changes": Line._iki_describe_changes(vals, before),
                }
            )
        self.line_ids = [Command.clear()] + [Command.create(vals) for vals in line_vals]
