from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.iki_performance.models.hr_employee import POST_TYPES
from odoo.addons.iki_performance.models.iki_appraisal import PREDICATE_SELECTION
from odoo.addons.iki_performance.models.iki_workflow_mixin import FREE_FIELDS
from odoo.addons.iki_performance.tools.sql_bulk import bulk_update, copy_insert
from odoo.exceptions import AccessError, UserError

from .iki_discipline_day import PAYROLL_GROUP
from .iki_tukin_stop import STOP_REASON_SELECTION

SHEET_STATES = [("draft", "Draft"), ("confirmed", "Confirmed"), ("paid", "Paid")]
# The only moves of the status (checked by the guard of iki.workflow.mixin): confirmed, set back
# to draft, paid by a done payslip, released again when that payslip is cancelled or refunded.
SHEET_TRANSITIONS = {
    "draft": {"confirmed"},
    "confirmed": {"draft", "paid"},
    "paid": {"confirmed"},
}
# Values of the engine's TukinResult stored on the sheet.
RESULT_MONEY_FIELDS = (
    "base",
    "gross",
    "payable_gross",
    "performance_part",
    "performance_amount",
    "discipline_part",
    "deduction_base",
    "deduction_amount",
    "after_deductions",
    "punishment_amount",
    "net",
)
RESULT_RATE_FIELDS = ("leave_factor", "performance_factor", "deduction_pct", "punishment_pct")
# The one field a user writes on a draft sheet; everything else is the compute path's and the
# workflow's (the payroll links the payslip).
USER_FIELDS = {"note"}
LOG_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def _sheet_name(period, employee):
    """Name of the sheet of ``employee`` for ``period``."""
    return f"{period.name or ''} - {employee.name or ''}"


def _follow(period, related):
    """Value on ``period`` of a sheet field related through ``period_id`` (``related``)."""
    value = period
    for name in related.split(".")[1:]:
        value = value[name]
    return value


class IkiTukinSheet(models.Model):
    """The Tukin / TPP of one employee for one closed month: every input, every factor and the
    engine's explanation lines. Draft sheets are recomputed; confirmed ones go to the payroll."""

    _name = "iki.tukin.sheet"
    _description = "Tukin / TPP Sheet"
    _inherit = ["iki.input.mixin", "iki.workflow.mixin", "mail.thread"]
    _order = "date_start desc, employee_id"
    _iki_workflow_creates = True
    _iki_transitions = SHEET_TRANSITIONS
    _iki_frozen_states = ("confirmed", "paid")
    _iki_undeletable_states = ("confirmed", "paid")

    name = fields.Char(compute="_compute_name", store=True)
    period_id = fields.Many2one(
        "iki.period", string="Month", required=True, index=True, ondelete="restrict"
    )
    year = fields.Integer(related="period_id.year", store=True)
    month = fields.Integer(related="period_id.month", store=True, string="Month Number")
    date_start = fields.Date(related="period_id.date_start", store=True, index=True)
    date_end = fields.Date(related="period_id.date_end", store=True)
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, ondelete="restrict")
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    department_id = fields.Many2one("hr.department", string="Unit", index=True)
    agency_id = fields.Many2one("hr.department", string="Agency (OPD)", index=True)
    job_class = fields.Integer(aggregator=None)  # a class, not a quantity: never summed
    post_type = fields.Selection(POST_TYPES)
    scheme_id = fields.Many2one("iki.tukin.scheme", ondelete="restrict")
    state = fields.Selection(
        SHEET_STATES, default="draft", required=True, tracking=True, index=True, readonly=True
    )
    payslip_id = fields.Many2one(
        "hr.payslip", ondelete="set null", tracking=True, index="btree_not_null"
    )
    computed_date = fields.Datetime(string="Computed On", readonly=True)
    confirmed_date = fields.Datetime(readonly=True)
    confirmed_by_id = fields.Many2one("res.users", readonly=True)
    note = fields.Text()
    # Stop
    stop_reason = fields.Selection(STOP_REASON_SELECTION, readonly=True)
    stop_id = fields.Many2one("iki.tukin.stop", string="Stop Condition", readonly=True)
    # Performance: the appraisal of the same month or of the lagged one.
    performance_month = fields.Char(
        string="Performance of", readonly=True, help="Month whose appraisal scales the part."
    )
    appraisal_id = fields.Many2one("iki.appraisal", readonly=True)
    achievement = fields.Float(string="Achievement (%)", readonly=True, aggregator=None)
    predicate = fields.Selection(PREDICATE_SELECTION, readonly=True)
    is_late = fields.Boolean(string="Late Submission", readonly=True)
    is_missing = fields.Boolean(string="Missing Submission", readonly=True)
    # Amounts (whole rupiah) and factors: the engine's TukinResult.
    base = fields.Monetary(readonly=True)
    gross = fields.Monetary(string="Maximum (Base + Criteria)", readonly=True, aggregator="sum")
    leave_factor = fields.Float(
        digits=(12, 6), readonly=True, aggregator=None, help="Paid share after leave."
    )
    payable_gross = fields.Monetary(string="After Leave", readonly=True)
    performance_part = fields.Monetary(readonly=True)
    performance_factor = fields.Float(digits=(12, 6), readonly=True, aggregator=None)
    performance_amount = fields.Monetary(readonly=True, aggregator="sum")
    discipline_part = fields.Monetary(readonly=True)
    deduction_base = fields.Monetary(string="Deductions Apply To", readonly=True)
    deduction_pct = fields.Float(
        string="Deductions (%)", digits=(16, 4), readonly=True, aggregator=None
    )
    deduction_amount = fields.Monetary(string="Deductions", readonly=True, aggregator="sum")
    after_deductions = fields.Monetary(readonly=True)
    punishment_id = fields.Many2one("iki.tukin.punishment", readonly=True)
    punishment_pct = fields.Float(string="Punishment Cut (%)", readonly=True, aggregator=None)
    punishment_amount = fields.Monetary(string="Punishment Cut", readonly=True, aggregator="sum")
    net = fields.Monetary(string="Net Tukin", readonly=True, aggregator="sum", tracking=True)
    # Discipline facts of the month
    working_days = fields.Integer(readonly=True)
    present_days = fields.Integer(readonly=True)
    absent_days = fields.Integer(readonly=True)
    leave_days = fields.Integer(readonly=True)
    late_count = fields.Integer(string="Late Arrivals", readonly=True)
    early_count = fields.Integer(string="Early Leaves", readonly=True)
    line_ids = fields.One2many("iki.tukin.sheet.line", "sheet_id", string="Explanation")
    discipline_day_ids = fields.Many2many(
        "iki.discipline.day", compute="_compute_discipline_day_ids", string="Discipline Days"
    )

    _sql_constraints = [
        (
            "employee_period_uniq",
            "unique(employee_id, period_id)",
            "An employee has one Tukin sheet per month.",
        ),
        ("net_positive", "CHECK(net >= 0)", "A net Tukin is never negative."),
    ]

    @api.depends("period_id.name", "employee_id.name")
    def _compute_name(self):
        for sheet in self:
            sheet.name = _sheet_name(sheet.period_id, sheet.employee_id)

    def _compute_discipline_day_ids(self):
        days = self.env["iki.discipline.day"]
        if self.ids:
            days = days.search(
                [
                    ("employee_id", "in", self.employee_id.ids),
                    ("date", ">=", min(self.mapped("date_start"))),
                    ("date", "<=", max(self.mapped("date_end"))),
                ],
                order="date",
            )
        by_employee = defaultdict(list)
        for day in days:
            by_employee[day.employee_id.id].append(day)
        for sheet in self:
            sheet.discipline_day_ids = [
                d.id
                for d in by_employee[sheet.employee_id.id]
                if sheet.date_start <= d.date <= sheet.date_end
            ]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _iki_protected(self):
        """Every stored field but the user's note: results, status, links and snapshots."""
        return {
            name
            for name, field in self._fields.items()
            if field.store and name not in USER_FIELDS and name not in LOG_COLUMNS
        } - FREE_FIELDS

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        self._action_confirm()
        return True

    def action_draft(self):
        self._action_draft()
        return True

    def action_mark_paid(self):
        self._action_mark_paid()
        return True

    def action_recompute(self):
        self._action_recompute()
        return True

    def action_open_appraisal(self):
        self.ensure_one()
        if not self.appraisal_id:
            raise UserError(self.env._("No appraisal was used for this month's performance."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "iki.appraisal",
            "res_id": self.appraisal_id.id,
            "view_mode": "form",
        }

    def action_open_plan_lines(self):
        self.ensure_one()
        if not self.appraisal_id:
            raise UserError(self.env._("No appraisal was used for this month's performance."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan lines of %(name)s", name=self.appraisal_id.name),
            "res_model": "iki.plan.line",
            "view_mode": "list,form",
            "domain": [("plan_id", "=", self.appraisal_id.plan_id.id)],
        }

    def action_open_payslip(self):
        """The payslip of the sheet: the payroll form for payroll users, a read-only form of
        his own payslip for the employee (record rule ``hr_payslip_rule_employee_own``)."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "hr.payslip",
            "res_id": self.payslip_id.id,
            "view_mode": "form",
        }
        if not self.env.user.has_group("payroll.group_payroll_user"):
            view = self.env.ref("iki_tukin.hr_payslip_view_form_employee")
            action.update(
                views=[(view.id, "form")],
                context={"create": False, "edit": False, "delete": False},
            )
        return action

    def action_open_discipline_days(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Discipline days of %(name)s", name=self.name),
            "res_model": "iki.discipline.day",
            "view_mode": "list,form",
            "domain": [
                ("employee_id", "=", self.employee_id.id),
                ("date", ">=", self.date_start),
                ("date", "<=", self.date_end),
            ],
        }

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    @api.model
    def _iki_check_payroll_rights(self):
        if not self.env.su and not self.env.user.has_group(PAYROLL_GROUP):
            raise AccessError(
                self.env._("Only payroll officers (Tukin) compute and confirm Tukin sheets.")
            )

    def _iki_check_state(self, states, action):
        wrong = self.filtered(lambda s: s.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Tukin sheet %(name)s is %(state)s: it cannot be %(action)s.",
                    name=wrong[0].name,
                    state=wrong[0]._state_label(),
                    action=action,
                )
            )

    def _action_confirm(self):
        """Confirm draft sheets in one write: they become payable and frozen."""
        self._iki_check_payroll_rights()
        self._iki_check_state(("draft",), self.env._("confirmed"))
        self._iki_write_state(
            "draft",
            {
                "state": "confirmed",
                "confirmed_date": fields.Datetime.now(),
                "confirmed_by_id": self.env.uid,
            },
        )

    def _action_draft(self):
        self._iki_check_payroll_rights()
        self._iki_check_state(("confirmed",), self.env._("set back to draft"))
        linked = self.filtered("payslip_id")
        if linked:
            raise UserError(
                self.env._(
                    "Tukin sheet %(name)s is on payslip %(payslip)s: remove it from the payslip "
                    "first.",
                    name=linked[0].name,
                    payslip=linked[0].payslip_id.display_name,
                )
            )
        self._iki_write_state(
            "confirmed", {"state": "draft", "confirmed_date": False, "confirmed_by_id": False}
        )

    def _action_mark_paid(self):
        """Confirmed -> paid (called by the payroll when the payslip is done)."""
        self._iki_check_payroll_rights()
        self._iki_check_state(("confirmed",), self.env._("marked as paid"))
        self._iki_write_state("confirmed", {"state": "paid"})

    def _iki_write_state(self, old_state, vals):
        """Move sheets all in ``old_state`` on, then log the change on each sheet's chatter as
        the field tracking would (Draft -> Confirmed; on confirming, the payable net too), in
        one batch of messages and one of tracking values (``iki.bulk._iki_log_tracking``)."""
        with self._iki_workflow():
            self.with_context(tracking_disable=True).write(vals)
        old_values, new_values = {}, {}
        for sheet in self:
            old_values[sheet.id] = {"state": old_state}
            new_values[sheet.id] = {"state": vals["state"]}
            if vals["state"] == "confirmed":
                # The amount that becomes payable is in the history of each sheet.
                old_values[sheet.id]["net"] = 0.0
                new_values[sheet.id]["net"] = sheet.net
        self.env["iki.bulk"]._iki_log_tracking(self, old_values, new_values)

    def _action_recompute(self):
        self._iki_check_payroll_rights()
        self._iki_check_state(("draft",), self.env._("recomputed"))
        for period in self.period_id:
            sheets = self.filtered(lambda s, p=period: s.period_id == p)
            self._iki_generate_for_period(period, sheets.employee_id)

    # ------------------------------------------------------------------
    # Generation: the one compute path
    # ------------------------------------------------------------------
    @api.model
    def _iki_employees_for_period(self, period):
        """Active employees of the month's company with an appraisal in it or a job class."""
        appraised = (
            self.env["iki.appraisal"]
            .sudo()
            ._read_group([("period_id", "=", period.id)], ["employee_id"])
        )
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("company_id", "=", period.company_id.id),
                    "|",
                    ("iki_job_class", ">", 0),
                    ("id", "in", [employee.id for [employee] in appraised]),
                ]
            )
        )
        return employees.sudo(False)

    @api.model
    def _iki_generate_for_period(self, period, employees=None):
        """Create or recompute the draft sheets of a closed month (all its employees, or
        ``employees``); confirmed and paid sheets are left alone. Return the sheets written.

        A fixed number of queries whatever the number of employees: the discipline days of
        the month are stored again in batch (``iki.discipline.day._iki_store_month``), the
        month is computed by ``iki.tukin.month`` and stored by :meth:`_iki_store_sheets`.
        """
        period.ensure_one()
        self._iki_check_payroll_rights()
        if period.state != "closed":
            raise UserError(
                self.env._(
                    "Month %(period)s is not closed: close it before computing the Tukin.",
                    period=period.name,
                )
            )
        if employees is None:
            employees = self._iki_employees_for_period(period)
        existing = self.sudo().search(
            [("period_id", "=", period.id), ("employee_id", "in", employees.ids)]
        )
        locked = existing.filtered(lambda s: s.state != "draft")
        employees -= locked.employee_id
        if not employees:
            return self.browse()
        self.env["iki.discipline.day"]._iki_store_month(period, employees)
        computed = self._iki_compute_values(period, employees, stored_days=True)
        return self._iki_store_sheets(employees, (existing - locked).sudo(False), computed)

    @api.model
    def _iki_compute_values(self, period, employees, stored_days=False):
        """``{employee_id: sheet values}`` of ``employees`` for ``period`` (with a ``lines``
        list of line values), from ``iki.tukin.month``: the stored discipline days of the
        month when ``stored_days`` (sheet generation), days computed in memory otherwise
        (simulation). Nothing is written."""
        month = self.env["iki.tukin.month"]._iki_compute(period, employees, stored_days)
        now = fields.Datetime.now()
        return {
            employee_id: self._iki_sheet_values(month, item, now)
            for employee_id, item in month.items.items()
        }

    @api.model
    def _iki_sheet_values(self, month, item, now):
        """Values of the sheet of ``item`` (an ``EmployeeMonth`` of ``month``), lines
        included: what the engine applied and the records it comes from."""
        employee, appraisal, facts, tukin = item.employee, item.appraisal, item.facts, item.tukin
        Line = self.env["iki.tukin.sheet.line"]
        vals = {
            "period_id": month.period.id,
            "employee_id": employee.id,
            "department_id": employee.department_id.id,
            "agency_id": employee.department_id.iki_agency_id.id,
            "job_class": employee.iki_job_class,
            "post_type": employee.iki_post_type,
            "scheme_id": month.scheme.id,
            "computed_date": now,
            "stop_reason": tukin.stop_reason or False,
            "stop_id": item.stop.id if item.stop else False,
            "performance_month": month.performance_month,
            "appraisal_id": appraisal.id,
            "achievement": appraisal.achievement,
            "predicate": appraisal.predicate or False,
            "is_late": bool(appraisal.is_late),
            "is_missing": bool(appraisal.is_missing),
            "punishment_id": tukin.punishment.source[1] if tukin.punishment else False,
            "working_days": len(facts["days"]),
            "present_days": facts["present"],
            "absent_days": facts["absent"],
            "leave_days": facts["leave"],
            "late_count": facts["late"],
            "early_count": facts["early"],
            "lines": [
                Line._iki_line_values(sequence, line)
                for sequence, line in enumerate(tukin.lines, start=1)
            ],
        }
        vals.update({fname: float(getattr(tukin, fname)) for fname in RESULT_MONEY_FIELDS})
        vals.update({fname: float(getattr(tukin, fname)) for fname in RESULT_RATE_FIELDS})
        return vals

    # ------------------------------------------------------------------
    # Storage of a computed month
    # ------------------------------------------------------------------
    @api.model
    def _iki_store_sheets(self, employees, drafts, computed):
        """Store ``computed`` (``{employee_id: sheet values}``) for ``employees``: the
        ``drafts`` of the month are updated with one UPDATE, the missing sheets inserted with
        one COPY (:meth:`_iki_insert_drafts`) and all the lines replaced with one COPY. Return
        the sheets written."""
        draft_of = {sheet.employee_id.id: sheet for sheet in drafts}
        updates, new_vals, lines_of = [], [], {}
        for employee in employees:
            vals = dict(computed[employee.id])
            lines = vals.pop("lines")
            sheet = draft_of.get(employee.id)
            if sheet:
                updates.append((sheet.id, vals))
                lines_of[sheet.id] = lines
            else:
                new_vals.append((vals, lines))
        before = {sheet.id: {"net": sheet.net} for sheet in drafts}
        self._iki_write_results(updates)
        # A recomputed draft whose amount moved says so in its chatter (one batch).
        self._iki_log_tracking(before, {sid: {"net": vals["net"]} for sid, vals in updates})
        created = self._iki_insert_drafts([vals for vals, _lines in new_vals])
        for sheet, (_vals, lines) in zip(created, new_vals, strict=True):
            lines_of[sheet.id] = lines
        self.env["iki.tukin.sheet.line"]._iki_replace_lines(lines_of)
        sheets = self.browse([sheet_id for sheet_id, _vals in updates]) | created
        # create() caches every x2many of new records as empty, computed ones included.
        sheets.invalidate_recordset(["discipline_day_ids", "line_ids"])
        return sheets.with_env(self.env)

    @api.model
    def _iki_insert_columns(self, given):
        """``(columns, related, later, defaults)`` of an insert of sheets whose values hold
        the fields ``given``: the columns written, the month's related columns (filled from
        the period), the stored computed fields left to the ORM and the defaults of the
        other columns."""
        stored = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id" and name not in given
        ]
        # Related columns of the month (company, dates, year, month).
        related = [
            name
            for name in stored
            if self._fields[name].related
            and self._fields[name].related.split(".")[0] == "period_id"
        ]
        later = [  # other stored computed fields: left to the ORM
            name
            for name in stored
            if self._fields[name].compute and name not in related and name != "name"
        ]
        defaults = self.default_get(
            [n for n in stored if n not in related and n not in later and n not in LOG_COLUMNS]
        )
        columns = [n for n in given + stored if n not in later]
        return columns, related, later, defaults

    @api.model
    def _iki_insert_drafts(self, vals_list):
        """Create draft sheets from the compute path's values (every ``vals`` with the same
        keys) with one COPY and return them, in order.

        ``create()`` inserts 100 rows a statement, then fills the month's related columns with
        as many UPDATEs, and checks the record rules by reading the new rows 1,000 at a time:
        hundreds of statements for a large province. Here, as ``create()`` with
        ``tracking_disable`` would: the stored fields missing from the values get their
        default, the month's related columns and the name are filled from the period and the
        employee, the rights and record rules are checked (the rules with one query), the
        constraints run and nothing is posted in the chatter.
        """
        if not vals_list:
            return self.browse()
        self.check_access("create")
        columns, related, later, defaults = self._iki_insert_columns(sorted(vals_list[0]))
        periods = self.env["iki.period"].sudo().browse({vals["period_id"] for vals in vals_list})
        employees = (
            self.env["hr.employee"].sudo().browse({vals["employee_id"] for vals in vals_list})
        )
        employees.fetch(["name"])
        month_values = {
            period.id: {name: _follow(period, self._fields[name].related) for name in related}
            for period in periods
        }
        log = dict.fromkeys(("create_uid", "write_uid"), self.env.uid)
        log.update(dict.fromkeys(("create_date", "write_date"), self.env.cr.now()))
        rows = []
        for vals in vals_list:
            period = periods.browse(vals["period_id"])
            row = dict(defaults, **log, **vals)
            row.update(month_values[period.id])
            row["name"] = _sheet_name(period, employees.browse(vals["employee_id"]))
            rows.append(tuple(self._iki_copy_cell(name, row.get(name)) for name in columns))
        self.env.flush_all()
        sheets = copy_insert(self, columns, rows)
        for name in later:
            self.env.add_to_compute(self._fields[name], sheets)
        domain = self.env["ir.rule"]._compute_domain(self._name, "create")
        if domain and self.sudo().search_count([("id", "in", sheets.ids), *domain]) != len(sheets):
            sheets.check_access("create")  # raises the ORM's error naming the records
        return sheets

    def _iki_copy_cell(self, fname, value):
        """``value`` of field ``fname`` as :func:`copy_insert` takes it (None is NULL),
        converted as ``create()`` does (records become ids, numbers rounded to their digits,
        empty numbers 0)."""
        if isinstance(value, models.BaseModel):
            value = value.id
        return self._fields[fname].convert_to_column_insert(value, self.browse())

    def _iki_write_results(self, updates):
        """Write recomputed values on draft sheets, ``[(sheet_id, vals)]``, with one UPDATE
        (a plain write per sheet costs a month of a large province minutes)."""
        if updates:
            self.check_access("write")
            bulk_update(self, dict(updates))
