import datetime
import math
from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.addons.iki_performance.tools.sql_bulk import copy_insert
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .. import engine

STATUS_PRESENT = "present"
STATUS_ABSENT = "absent"
STATUS_LEAVE = "leave"
DAY_STATUSES = [
    (STATUS_PRESENT, "Present"),
    (STATUS_ABSENT, "Absent without reason"),
    (STATUS_LEAVE, "On leave"),
]
PAYROLL_GROUP = "iki_tukin.group_iki_payroll_officer"
ONE_DAY = datetime.timedelta(days=1)
# Contracts whose calendar gives the working days of their dates (running or expired), as
# core's ``hr.employee._get_calendars`` reads them.
CONTRACT_STATES = ("open", "close")
# Public holidays: time off of a whole calendar or company, not of one resource (approved
# ``hr.leave`` are resource time off, read as leave days instead).
PUBLIC_HOLIDAY_DOMAIN = [("time_type", "=", "leave"), ("resource_id", "=", False)]
# Stored columns written by the batch insert of a month (see _iki_replace_month).
COLUMNS = (
    "employee_id",
    "company_id",
    "date",
    "calendar_id",
    "expected_start",
    "expected_end",
    "check_in",
    "check_out",
    "attendance_id",
    "attendance_count",
    "minutes_late",
    "minutes_early",
    "late_code",
    "early_code",
    "status",
    "leave_id",
    "deduction_pct",
)


def _naive_utc(value):
    """The aware datetime ``value`` as a naive UTC datetime (how datetimes are stored)."""
    return value.astimezone(pytz.utc).replace(tzinfo=None)


def _local(value, tz):
    """The naive UTC datetime ``value`` in ``tz`` (aware)."""
    return pytz.utc.localize(value).astimezone(tz)


def _whole_minutes(delta):
    """Whole minutes of a positive ``timedelta`` (a started minute does not count), else 0."""
    return max(0, math.floor(delta.total_seconds() / 60))


def _month_days(date_from, date_to):
    day = date_from
    while day <= date_to:
        yield day
        day += ONE_DAY


class IkiDisciplineDay(models.Model):
    """One working day of an employee's schedule and how it was attended.

    The expected start and end come from the working schedule of the employee's contract (else
    the employee's), read as payroll reads it (resource interval API, employee's time zone),
    the check-in and check-out from ``hr.attendance``; public holidays are not working days,
    approved time off makes a leave day. Days are computed for a whole month and many employees
    at once by :meth:`_iki_store_month`; the Tukin sheets read them, never the attendances.
    """

    _name = "iki.discipline.day"
    _description = "Discipline Day"
    _inherit = ["iki.workflow.mixin"]
    _order = "date desc, employee_id"
    # Facts computed from the attendances and time off (:meth:`_iki_replace_month`), never typed.
    _iki_workflow_only = True
    # Facts recomputed in bulk, hundreds of thousands a month: no per-row audit columns (the
    # sheet records when it was computed).
    _log_access = False

    employee_id = fields.Many2one("hr.employee", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    agency_id = fields.Many2one(related="employee_id.iki_agency_id", string="Agency (OPD)")
    # By employee: the unique index (employee_id, date); by date (lists): this one.
    date = fields.Date(required=True, readonly=True, index=True)
    calendar_id = fields.Many2one("resource.calendar", string="Working Schedule", readonly=True)
    expected_start = fields.Datetime(readonly=True)
    expected_end = fields.Datetime(readonly=True)
    check_in = fields.Datetime(readonly=True)
    check_out = fields.Datetime(readonly=True)
    attendance_id = fields.Many2one(
        "hr.attendance",
        string="First Attendance",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    attendance_count = fields.Integer(string="Attendances", readonly=True)
    minutes_late = fields.Integer(readonly=True, aggregator="sum")
    minutes_early = fields.Integer(string="Minutes Left Early", readonly=True, aggregator="sum")
    late_code = fields.Char(readonly=True)
    early_code = fields.Char(string="Early Leave Code", readonly=True)
    status = fields.Selection(DAY_STATUSES, required=True, readonly=True)
    leave_id = fields.Many2one(
        "hr.leave", string="Time Off", readonly=True, ondelete="set null", index="btree_not_null"
    )
    leave_type_id = fields.Many2one(related="leave_id.holiday_status_id", string="Time Off Type")
    deduction_pct = fields.Float(
        string="Deduction (%)",
        readonly=True,
        aggregator="sum",
        help="Deduction of the day under the scheme in force when it was computed.",
    )
    explanation = fields.Char(compute="_compute_explanation")

    _sql_constraints = [
        (
            "employee_date_uniq",
            "unique(employee_id, date)",
            "An employee has one discipline day per date.",
        ),
    ]

    @api.depends("employee_id.name", "date")
    def _compute_display_name(self):
        for day in self:
            day.display_name = f"{day.date} - {day.employee_id.name or ''}"

    @api.depends(
        "status",
        "expected_start",
        "expected_end",
        "check_in",
        "check_out",
        "minutes_late",
        "minutes_early",
        "late_code",
        "early_code",
        "deduction_pct",
        "leave_id",
        "employee_id.tz",
        "calendar_id.tz",
    )
    def _compute_explanation(self):
        for day in self:
            # The expected hours were read in the employee's time zone (the resource's, as
            # the interval API and payroll read a calendar), the schedule's by default.
            tz = pytz.timezone(day.employee_id.tz or day.calendar_id.tz or "UTC")

            def hhmm(value, tz=tz):
                return _local(value, tz).strftime("%H:%M") if value else self.env._("none")

            if day.status == STATUS_LEAVE:
                day.explanation = self.env._(
                    "On leave (%(leave)s): no deduction, paid by the leave table.",
                    leave=day.leave_id.holiday_status_id.name or self.env._("time off"),
                )
            elif day.status == STATUS_ABSENT:
                day.explanation = self.env._(
                    "Expected %(start)s-%(end)s, no attendance and no leave: absent without "
                    "reason (%(pct)s%%).",
                    start=hhmm(day.expected_start),
                    end=hhmm(day.expected_end),
                    pct=day.deduction_pct,
                )
            else:
                codes = " ".join(c for c in (day.late_code, day.early_code) if c) or self.env._(
                    "none"
                )
                day.explanation = self.env._(
                    "Expected %(start)s-%(end)s; checked in %(check_in)s (%(late)s min late), "
                    "checked out %(check_out)s (%(early)s min early); codes: %(codes)s "
                    "(%(pct)s%%).",
                    start=hhmm(day.expected_start),
                    end=hhmm(day.expected_end),
                    check_in=hhmm(day.check_in),
                    late=day.minutes_late,
                    check_out=hhmm(day.check_out),
                    early=day.minutes_early,
                    codes=codes,
                    pct=day.deduction_pct,
                )

    # ------------------------------------------------------------------
    # Batch computation of a month
    # ------------------------------------------------------------------
    @api.model
    def _iki_check_payroll_rights(self):
        if not self.env.su and not self.env.user.has_group(PAYROLL_GROUP):
            raise AccessError(self.env._("Only payroll officers (Tukin) compute discipline days."))

    @api.model
    def _iki_month_bounds(self, period_or_dates):
        """``(date_from, date_to)`` of an ``iki.period`` record or of a pair of dates."""
        if isinstance(period_or_dates, models.BaseModel):
            period_or_dates.ensure_one()
            return period_or_dates.date_start, period_or_dates.date_end
        date_from, date_to = period_or_dates
        return fields.Date.to_date(date_from), fields.Date.to_date(date_to)

    @api.model
    def _iki_store_month(self, period_or_dates, employees):
        """Recompute and store the discipline days of ``employees`` for a month: the one path
        that writes them (the Tukin sheets of a month store them through it too).

        ``period_or_dates``: an ``iki.period`` or ``(date_from, date_to)``. Existing days of the
        range are replaced (one delete, one create). Refused for employees whose days are used
        by a confirmed or paid Tukin sheet. Return the new days.
        """
        self._iki_check_payroll_rights()
        date_from, date_to = self._iki_month_bounds(period_or_dates)
        self._iki_check_not_locked(employees, date_from, date_to)
        vals_list = self._prepare_month(date_from, date_to, employees)
        return self._iki_replace_month(date_from, date_to, employees, vals_list)

    @api.model
    def _iki_replace_month(self, date_from, date_to, employees, vals_list):
        """Delete the days of ``employees`` in the range and insert ``vals_list`` instead.

        Plain SQL (one DELETE, one COPY): a month of a large province is hundreds of thousands
        of days, which ``unlink()`` / ``create()`` handle ~50 times slower. Nothing references
        a day by foreign key; the rights are checked here.
        """
        self.check_access("unlink")
        self.check_access("create")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "DELETE FROM iki_discipline_day "
                "WHERE employee_id = ANY(%s) AND date >= %s AND date <= %s",
                employees.ids,
                date_from,
                date_to,
            )
        )
        self.invalidate_model()
        if not vals_list:
            return self.browse()
        rows = [tuple(vals.get(column) for column in COLUMNS) for vals in vals_list]
        return copy_insert(self, COLUMNS, rows)

    @api.model
    def _iki_check_not_locked(self, employees, date_from, date_to):
        locked = (
            self.env["iki.tukin.sheet"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "!=", "draft"),
                    ("date_start", "<=", date_to),
                    ("date_end", ">=", date_from),
                ]
            )
        )
        if locked:
            raise UserError(
                self.env._(
                    "The discipline days of %(employees)s cannot be recomputed: confirmed or paid "
                    "Tukin sheets use them (%(sheets)s).",
                    employees=", ".join(sorted(set(locked.employee_id.mapped("name")))),
                    sheets=", ".join(locked[:5].mapped("name")),
                )
            )

    @api.model
    def _check_calendars(self, employees):
        missing = employees.filtered(lambda e: not e.resource_calendar_id)
        if missing:
            raise UserError(
                self.env._(
                    "These employees have no working schedule, so their working days are "
                    "unknown: %(names)s. Set a working schedule on each of them.",
                    names=", ".join(sorted(missing.mapped("name"))),
                )
            )
        # The interval API gives a resource of flexible hours one interval of the whole
        # range: no expected check-in or check-out to compare the attendances with.
        flexible = employees.filtered(lambda e: e.resource_calendar_id.flexible_hours)
        if flexible:
            raise UserError(
                self.env._(
                    "These employees have a working schedule with flexible hours, so their "
                    "expected check-in and check-out are unknown: %(names)s. Set a working "
                    "schedule with fixed hours on each of them.",
                    names=", ".join(sorted(flexible.mapped("name"))),
                )
            )

    @api.model
    def _prepare_month(self, date_from, date_to, employees):
        """Values of the discipline days of ``employees`` from ``date_from`` to ``date_to``.

        A fixed number of queries whatever the number of employees: contracts, approved time
        off and attendances are each read once, each working schedule's days and public
        holidays once per schedule, then grouped in memory. Nothing is written.
        """
        employees = employees.sudo()
        employees.fetch(["name", "company_id", "resource_calendar_id", "resource_id"])
        if not employees:
            return []
        self._check_calendars(employees)
        schemes = self.env["iki.tukin.scheme"]._iki_get_for_dates(
            employees.company_id.ids, [date_from]
        )
        rules = {company_id: s._iki_engine_scheme() for (company_id, _d), s in schemes.items()}
        schedules = self._schedules(
            self._iki_calendar_segments(employees, date_from, date_to), date_from, date_to
        )
        # Margin of a day on each side: local days start before or after midnight UTC.
        utc_from = datetime.datetime.combine(date_from - ONE_DAY, datetime.time())
        utc_to = datetime.datetime.combine(date_to + 2 * ONE_DAY, datetime.time())
        # Local days of the employee's time zone, as the schedule's intervals (see _schedules).
        tz_of = {e.id: pytz.timezone(e.tz or "UTC") for e in employees}
        leaves = self._leaves_by_employee(employees, utc_from, utc_to)
        attendances = self._attendances_by_day(employees, utc_from, utc_to, tz_of)
        vals_list = []
        for employee in employees:
            scheme = rules[employee.company_id.id]
            emp_leaves = leaves.get(employee.id, ())
            emp_days = attendances.get(employee.id, {})
            for day, calendar_id, start, end in schedules[employee.id]:
                vals = {
                    "employee_id": employee.id,
                    "company_id": employee.company_id.id,
                    "date": day,
                    "calendar_id": calendar_id,
                    "expected_start": start,
                    "expected_end": end,
                }
                leave = next(
                    (lv for lv in emp_leaves if lv["date_from"] < end and lv["date_to"] > start),
                    None,
                )
                records = emp_days.get(day)
                if leave:
                    vals.update(status=STATUS_LEAVE, leave_id=leave["id"], deduction_pct=0.0)
                elif not records:
                    vals.update(status=STATUS_ABSENT, deduction_pct=float(scheme.absent_pct))
                else:
                    vals.update(self._attended_values(records, start, end, scheme))
                vals_list.append(vals)
        return vals_list

    @api.model
    def _attended_values(self, records, start, end, scheme):
        """Values of an attended day from its attendances ``(id, check_in, check_out)``
        (sorted by check-in): first check-in, last check-out, minutes and codes."""
        first, last = records[0], records[-1]
        check_in = first[1]
        # An open last attendance means the employee never checked out: PSW4 by rule.
        check_out = last[2]
        late = _whole_minutes(check_in - start)
        early = _whole_minutes(end - check_out) if check_out else 0
        codes = engine.day_codes(
            late, early, True, bool(check_out), scheme.late_bands, scheme.early_bands
        )
        late_codes = {band.code for band in scheme.late_bands}
        late_code = next((c for c in codes if c in late_codes), None)
        early_code = next((c for c in codes if c not in late_codes), None)
        return {
            "status": STATUS_PRESENT,
            "check_in": check_in,
            "check_out": check_out,
            "attendance_id": first[0],
            "attendance_count": len(records),
            "minutes_late": late,
            "minutes_early": early,
            "late_code": late_code,
            "early_code": early_code,
            "deduction_pct": float(sum((scheme.band_pct(c) for c in codes), 0)),
        }

    @api.model
    def _iki_calendar_segments(self, employees, date_from, date_to):
        """``{employee_id: [(calendar, first_date, last_date)]}``: the working schedule of each
        employee in the range, as payroll counts its worked days: the calendar of each
        contract running in the range (open or expired; the employee's calendar when the
        contract has none) from the contract's start (a later contract takes over from its
        own) to its end; the employee's calendar over the whole range when no contract runs
        in it. One read of the contracts."""
        contracts = (
            self.env["hr.contract"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "in", CONTRACT_STATES),
                    ("date_start", "<=", date_to),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", date_from),
                ],
                order="employee_id, date_start, id",
            )
        )
        contracts_of = defaultdict(list)
        for contract in contracts:
            contracts_of[contract.employee_id.id].append(contract)
        result = {}
        for employee in employees:
            own = contracts_of.get(employee.id)
            if not own:
                result[employee.id] = [(employee.resource_calendar_id, date_from, date_to)]
                continue
            segments = []
            for contract, following in zip(own, own[1:] + [None]):
                first = max(date_from, contract.date_start)
                last = min(date_to, contract.date_end or date_to)
                if following:
                    last = min(last, following.date_start - ONE_DAY)
                if first <= last:
                    calendar = contract.resource_calendar_id or employee.resource_calendar_id
                    segments.append((calendar, first, last))
            result[employee.id] = segments
        return result

    @api.model
    def _schedules(self, segments, date_from, date_to):
        """``{employee_id: [(date, calendar_id, start_utc, end_utc)]}``: the working days of
        each employee over its ``segments`` (:meth:`_iki_calendar_segments`) in the range, with
        the expected start and end of each (naive UTC).

        Read through the resource interval API as payroll reads the worked days: one call
        per calendar for all its employees (see :meth:`_iki_calendar_days`)."""
        employees = self.env["hr.employee"].sudo().browse(list(segments))
        resource_ids = defaultdict(set)
        for employee in employees:
            for calendar, _first, _last in segments[employee.id]:
                resource_ids[calendar].add(employee.resource_id.id)
        # Margin of a day on each side: local days start before or after midnight UTC.
        start = pytz.utc.localize(datetime.datetime.combine(date_from - ONE_DAY, datetime.time()))
        end = pytz.utc.localize(datetime.datetime.combine(date_to + 2 * ONE_DAY, datetime.time()))
        Resource = self.env["resource.resource"].sudo()
        days_of = {
            calendar.id: self._iki_calendar_days(
                calendar.sudo(), Resource.browse(sorted(ids)), start, end
            )
            for calendar, ids in resource_ids.items()
        }
        result = {}
        for employee in employees:
            days = []
            for calendar, first, last in segments[employee.id]:
                worked = days_of[calendar.id][employee.resource_id.id]
                days.extend(
                    (day, calendar.id, *worked[day])
                    for day in _month_days(first, last)
                    if day in worked
                )
            result[employee.id] = days
        return result

    @api.model
    def _iki_calendar_days(self, calendar, resources, start, end):
        """``{resource_id: {local date: (start_utc, end_utc)}}``: the working days of
        ``calendar`` for ``resources`` between the aware datetimes ``start`` and ``end``.

        The calendar's attendance intervals (``_attendance_intervals_batch``: lunch excluded,
        in each resource's time zone, with its own lines) minus the public holidays
        (``_leave_intervals_batch`` of the calendar or company time off without resource),
        the same intervals payroll counts; a day's expected start and end are the first start
        and last end of its remaining intervals, a day without any is no working day. Two
        queries; resources of the same intervals (time zone, company) share one result."""
        attendances = calendar._attendance_intervals_batch(start, end, resources)
        holidays = calendar._leave_intervals_batch(
            start, end, resources, domain=PUBLIC_HOLIDAY_DOMAIN
        )
        shared = {}
        result = {}
        for resource in resources:
            worked, closed = attendances[resource.id], holidays[resource.id]
            key = (id(worked), tuple((dt0, dt1) for dt0, dt1, _leave in closed))
            if key not in shared:
                tz = pytz.timezone(resource.tz or calendar.tz or "UTC")
                days = {}
                for dt0, dt1, _attendance in worked - closed:
                    day = dt0.astimezone(tz).date()
                    first, last = days.get(day, (dt0, dt1))
                    days[day] = (min(first, dt0), max(last, dt1))
                shared[key] = {
                    day: (_naive_utc(first), _naive_utc(last))
                    for day, (first, last) in days.items()
                }
            result[resource.id] = shared[key]
        return result

    @api.model
    def _leaves_by_employee(self, employees, utc_from, utc_to):
        """``{employee_id: [approved hr.leave values]}`` overlapping the range (one read)."""
        leaves = (
            self.env["hr.leave"]
            .sudo()
            .search_read(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "=", "validate"),
                    ("date_from", "<", utc_to),
                    ("date_to", ">", utc_from),
                ],
                ["employee_id", "date_from", "date_to", "holiday_status_id", "number_of_days"],
                order="date_from, id",
            )
        )
        result = defaultdict(list)
        for leave in leaves:
            result[leave["employee_id"][0]].append(leave)
        return result

    @api.model
    def _attendances_by_day(self, employees, utc_from, utc_to, tz_of):
        """``{employee_id: {local date: [(id, check_in, check_out)]}}`` sorted by check-in.

        One SQL query: a month of a large agency holds hundreds of thousands of attendances,
        which the ORM would turn into records for nothing. The caller checked the rights.
        """
        Attendance = self.env["hr.attendance"]
        Attendance.flush_model(["employee_id", "check_in", "check_out"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id, employee_id, check_in, check_out
                  FROM hr_attendance
                 WHERE employee_id = ANY(%s) AND check_in >= %s AND check_in < %s
              ORDER BY employee_id, check_in, id
                """,
                employees.ids,
                utc_from,
                utc_to,
            )
        )
        result = defaultdict(lambda: defaultdict(list))
        for att_id, employee_id, check_in, check_out in self.env.cr.fetchall():
            day = _local(check_in, tz_of[employee_id]).date()
            result[employee_id][day].append((att_id, check_in, check_out))
        return result
