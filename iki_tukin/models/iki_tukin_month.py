"""The inputs of a Tukin month, gathered in bulk, and the engine's result for each employee.

:class:`IkiTukinMonth` reads everything the engine needs for a closed month and many employees
with a fixed number of queries (the scheme, stop conditions, job classes, discipline facts,
leave items, absence streaks, appraisals and punishments), builds one ``engine.TukinInputs``
per employee and calls ``engine.compute_tukin``. It writes nothing: the Tukin sheets store its
result (``iki.tukin.sheet._iki_generate_for_period``), the simulation only shows it.
"""

from collections import defaultdict
from decimal import Decimal
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .. import engine
from ..engine import constants as C
from .iki_discipline_day import STATUS_ABSENT, STATUS_LEAVE, STATUS_PRESENT
from .iki_tukin_leave_rule import LEAVE_OTHER

# How far back a run of absences ending the previous month is looked for.
STREAK_LOOKBACK_DAYS = 62
# Day counts of an employee's month (see _iki_facts_by_employee).
COUNTS = ("present", "absent", "leave", "late", "early")


class MonthInputs(NamedTuple):
    """What :meth:`IkiTukinMonth._iki_gather` read for a month (records in sudo)."""

    period: Any
    scheme: Any
    rules: engine.TukinScheme
    criteria_rules: list
    performance_month: str
    employees: Any
    stops: dict  # {employee_id: iki.tukin.stop}
    facts: dict  # {employee_id: {"days": [engine.DisciplineDay], "present": int, ...}}
    streaks: dict  # {employee_id: absent working days ending the previous month}
    leaves: dict  # {employee_id: [engine.LeaveItem]}
    appraisals: dict  # {employee_id: iki.appraisal}
    punishments: dict  # {employee_id: [engine.Punishment]}


class EmployeeMonth(NamedTuple):
    """The Tukin of one employee for the month: the records it comes from, the day counts of
    the month and the engine's result (which carries the punishment it applied)."""

    employee: Any
    appraisal: Any  # iki.appraisal, empty when the employee has none for the month
    stop: Any  # iki.tukin.stop or None
    facts: dict
    tukin: engine.TukinResult


class MonthResult(NamedTuple):
    """The Tukin of a month: ``items`` is ``{employee_id: EmployeeMonth}``."""

    period: Any
    scheme: Any
    performance_month: str
    items: dict


class IkiTukinMonth(models.AbstractModel):
    """Side-effect-free service computing the Tukin of a month for many employees at once."""

    _name = "iki.tukin.month"
    _description = "Tukin Month Computation"

    @api.model
    def _iki_compute(self, period, employees, stored_days=False):
        """The Tukin of ``employees`` for the closed month ``period`` (a :class:`MonthResult`).

        ``stored_days``: the discipline days of the month were just stored
        (``iki.discipline.day._iki_store_month``) and are read back, so that the explanation
        lines point at them; otherwise they are computed in memory and nothing is written.
        """
        month = self._iki_gather(period, employees, stored_days)
        items = {
            employee.id: self._iki_employee_month(month, employee) for employee in month.employees
        }
        return MonthResult(period, month.scheme, month.performance_month, items)

    @api.model
    def _iki_gather(self, period, employees, stored_days):
        """Every input of the month for ``employees``, read in bulk (:class:`MonthInputs`)."""
        company = period.company_id
        date_from, date_to = period.date_start, period.date_end
        Scheme = self.env["iki.tukin.scheme"]
        scheme = Scheme._iki_get_for_dates([company.id], [date_from])[(company.id, date_from)]
        rules = scheme._iki_engine_scheme()
        employees = employees.sudo()
        employees.fetch(["name", "company_id", "iki_job_class", "iki_post_type", "department_id"])
        employees.department_id.fetch(["iki_agency_id"])
        stops = self.env["iki.tukin.stop"]._iki_in_force(employees, date_from)
        self._iki_check_job_classes(employees.filtered(lambda e: e.id not in stops), rules)
        facts = self._iki_facts_by_employee(self._iki_day_rows(period, employees, stored_days))
        return MonthInputs(
            period=period,
            scheme=scheme,
            rules=rules,
            criteria_rules=scheme._iki_engine_criteria_rules(),
            performance_month=self._iki_performance_month(period, rules),
            employees=employees,
            stops=stops,
            facts=facts,
            streaks=self._iki_absent_streaks(employees, date_from),
            leaves=self._iki_leave_items(scheme, facts),
            appraisals=self._iki_appraisals(period, employees, rules),
            punishments=self._iki_punishments(employees, date_from, date_to),
        )

    @api.model
    def _iki_employee_month(self, month, employee):
        """The engine's Tukin of ``employee`` for ``month`` (an :class:`EmployeeMonth`)."""
        facts = month.facts[employee.id]
        appraisal = month.appraisals.get(employee.id) or self.env["iki.appraisal"].sudo()
        stop = month.stops.get(employee.id)
        try:
            inputs = self._iki_engine_inputs(month, employee, facts, appraisal, stop)
            tukin = engine.compute_tukin(inputs, month.rules)
        except (ValueError, engine.MissingJobClass) as err:
            raise UserError(
                self.env._(
                    "The Tukin of %(employee)s for %(period)s cannot be computed: %(problem)s",
                    employee=employee.name,
                    period=month.period.name,
                    problem=str(err),
                )
            ) from err
        return EmployeeMonth(employee, appraisal, stop, facts, tukin)

    @api.model
    def _iki_engine_inputs(self, month, employee, facts, appraisal, stop):
        """``engine.TukinInputs`` of ``employee`` from the gathered ``month``."""
        period = month.period
        is_missing = bool(appraisal.is_missing)
        source = _source(appraisal)
        criteria = ()
        if not stop:
            criteria = month.scheme._iki_criteria_for(
                month.criteria_rules, employee, employee.iki_job_class, employee.iki_post_type
            )
        return engine.TukinInputs(
            # A stopped employee may have no class: the engine stops before the base.
            job_class=employee.iki_job_class or 1,
            year=period.year,
            month=period.month,
            criteria=criteria,
            achievement=Decimal(str(appraisal.achievement)) if appraisal else None,
            predicate=appraisal.predicate or None,
            performance_source=source,
            discipline=engine.DisciplineFacts(
                days=tuple(facts["days"]),
                late_submission=bool(appraisal.is_late) and not is_missing,
                missing_submission=is_missing,
                submission_source=source,
                absent_streak_before=month.streaks.get(employee.id, 0),
            ),
            leaves=tuple(month.leaves.get(employee.id, ())),
            punishments=tuple(month.punishments.get(employee.id, ())),
            stop_reason=stop.reason if stop else None,
            stop_source=_source(stop) if stop else None,
        )

    # ------------------------------------------------------------------
    # Inputs gathered in bulk
    # ------------------------------------------------------------------
    @api.model
    def _iki_check_job_classes(self, employees, rules):
        """Every employee needs a job class with an amount in the scheme's table."""
        without = employees.filtered(lambda e: not e.iki_job_class)
        if without:
            raise UserError(
                self.env._(
                    "These employees have no job class (kelas jabatan), so their Tukin base is "
                    "unknown: %(names)s.",
                    names=", ".join(sorted(without.mapped("name"))),
                )
            )
        table = rules.national_table if rules.base_mode == C.BASE_INDEX else rules.base_table
        missing = employees.filtered(lambda e: e.iki_job_class not in table)
        if missing:
            raise UserError(
                self.env._(
                    "The Tukin scheme %(scheme)s has no amount for job classes %(classes)s, "
                    "held by %(names)s.",
                    scheme=rules.name,
                    classes=", ".join(str(c) for c in sorted(set(missing.mapped("iki_job_class")))),
                    names=", ".join(sorted(missing.mapped("name"))),
                )
            )

    @api.model
    def _iki_day_rows(self, period, employees, stored_days):
        """The discipline days of the month as values (with their ``id`` when stored).

        Stored days are read with one query (a month of a large province is hundreds of
        thousands of rows, which the ORM would turn into records for nothing); otherwise they
        are the values ``iki.discipline.day`` would store, computed in memory.
        """
        Day = self.env["iki.discipline.day"]
        if not stored_days:
            return Day._prepare_month(period.date_start, period.date_end, employees)
        Day.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT id, employee_id, date, status, late_code, early_code, leave_id
                  FROM iki_discipline_day
                 WHERE employee_id = ANY(%s) AND date >= %s AND date <= %s
              ORDER BY employee_id, date
                """,
                employees.ids,
                period.date_start,
                period.date_end,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _iki_facts_by_employee(self, day_rows):
        """Engine discipline days and day counts per employee from the day values."""
        facts = defaultdict(lambda: {"days": [], **dict.fromkeys(COUNTS, 0)})
        for vals in day_rows:
            item = facts[vals["employee_id"]]
            late, early = vals.get("late_code"), vals.get("early_code")
            codes = tuple(code for code in (late, early) if code)
            source = ("iki.discipline.day", vals["id"]) if vals.get("id") else None
            absent = vals["status"] == STATUS_ABSENT
            item["days"].append(engine.DisciplineDay(vals["date"], codes, absent, source))
            item["present"] += vals["status"] == STATUS_PRESENT
            item["absent"] += absent
            item["leave"] += vals["status"] == STATUS_LEAVE
            item["late"] += bool(late)
            item["early"] += bool(early)
            if vals["status"] == STATUS_LEAVE:
                item.setdefault("leave_days", defaultdict(int))[vals["leave_id"]] += 1
        return facts

    @api.model
    def _iki_leave_items(self, scheme, facts):
        """``{employee_id: [engine.LeaveItem]}``: one item per approved leave of the month,
        its kind from the scheme's mapping (``other`` when unmapped) and its band from the
        whole leave's duration."""
        leave_ids = {lid for item in facts.values() for lid in item.get("leave_days", {})}
        leaves = self.env["hr.leave"].sudo().browse(leave_ids)
        leaves.fetch(["holiday_status_id", "number_of_days", "employee_id"])
        kind_of = scheme._iki_leave_kind_by_type()
        result = defaultdict(list)
        for employee_id, item in facts.items():
            for leave_id, days in item.get("leave_days", {}).items():
                leave = leaves.browse(leave_id)
                kind = kind_of.get(leave.holiday_status_id.id, LEAVE_OTHER)
                duration = max(Decimal(str(leave.number_of_days)), Decimal(days))
                result[employee_id].append(
                    engine.LeaveItem(kind, Decimal(days), duration, ("hr.leave", leave_id))
                )
        return result

    @api.model
    def _iki_absent_streaks(self, employees, date_from):
        """``{employee_id: absent working days ending the day before date_from}`` from the
        stored discipline days (one query)."""
        self.env["iki.discipline.day"].flush_model(["employee_id", "date", "status"])
        floor = date_from - relativedelta(days=STREAK_LOOKBACK_DAYS)
        self.env.cr.execute(
            SQL(
                """
                WITH last_attended AS (
                    SELECT employee_id, MAX(date) AS day
                      FROM iki_discipline_day
                     WHERE employee_id = ANY(%(ids)s) AND date >= %(floor)s AND date < %(start)s
                       AND status != %(absent)s
                  GROUP BY employee_id
                )
                SELECT d.employee_id, COUNT(*)
                  FROM iki_discipline_day d
             LEFT JOIN last_attended a ON a.employee_id = d.employee_id
                 WHERE d.employee_id = ANY(%(ids)s) AND d.date >= %(floor)s AND d.date < %(start)s
                   AND d.status = %(absent)s AND (a.day IS NULL OR d.date > a.day)
              GROUP BY d.employee_id
                """,
                ids=employees.ids,
                floor=floor,
                start=date_from,
                absent=STATUS_ABSENT,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _iki_performance_month(self, period, rules):
        """``YYYY-MM`` of the month whose appraisal scales the performance part."""
        date = period.date_start - relativedelta(months=rules.lag_months)
        return f"{date.year}-{date.month:02d}"

    @api.model
    def _iki_appraisals(self, period, employees, rules):
        """``{employee_id: appraisal}`` of the month whose result scales the performance part
        (the month itself, or ``lag_months`` earlier; that month must be closed)."""
        date = period.date_start - relativedelta(months=rules.lag_months)
        perf_period = period.sudo()
        if rules.lag_months:
            perf_period = (
                self.env["iki.period"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", period.company_id.id),
                        ("year", "=", date.year),
                        ("month", "=", date.month),
                    ],
                    limit=1,
                )
            )
        if not perf_period:
            return {}
        if rules.lag_months and perf_period.state != "closed":
            raise UserError(
                self.env._(
                    "The Tukin of %(period)s uses the performance of %(perf)s, which is not "
                    "closed yet.",
                    period=period.name,
                    perf=perf_period.name,
                )
            )
        appraisals = (
            self.env["iki.appraisal"]
            .sudo()
            .search([("period_id", "=", perf_period.id), ("employee_id", "in", employees.ids)])
        )
        appraisals.fetch(["employee_id", "achievement", "predicate", "is_late", "is_missing"])
        return {appraisal.employee_id.id: appraisal for appraisal in appraisals}

    @api.model
    def _iki_punishments(self, employees, date_from, date_to):
        """``{employee_id: [engine.Punishment]}`` of the punishments touching the month (the
        engine picks the one that cuts it)."""
        punishments = (
            self.env["iki.tukin.punishment"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("date_start", "<=", date_to),
                    ("date_end", ">=", date_from),
                ],
                order="date_start, id",
            )
        )
        result = defaultdict(list)
        for punishment in punishments:
            result[punishment.employee_id.id].append(punishment._iki_engine_punishment())
        return result


def _source(record):
    """Engine source of a record: ``(model, id)``, None for an empty record or a missing id."""
    return (record._name, record.id) if record and record.id else None
