"""Shared fixtures of the ``iki_tukin`` scheme, discipline, sheet and payroll tests.

:class:`IkiTukinCommon` extends :class:`IkiCommon` (companies, organisation, users per role,
the cascade of :data:`YEAR`: see ``iki_performance/tests/common.py``) with what the Tukin
needs, without any demo data:

* the shipped default Tukin scheme of ``company`` (``scheme``: 60/40, proportional, TL/PSW
  bands 0.5/1/1.5/2, absence 4% a day, 10 consecutive days 100%, the example class table);
  ``company_2`` has its own;
* ``calendar``: Monday to Friday 08:00-16:00 in Asia/Jakarta (UTC+7), the working schedule of
  the Tukin employees (``calendar_2`` in ``company_2``), and a public holiday of ``company`` on
  Monday 31 March 2025 (Idul Fitri);
* the Tukin employees, IkiCommon's staff given a job class and that schedule: ``emp_a``
  (``staff_1``, class 9, user ``user_employee``), ``emp_b`` (``staff_2``, class 12) and
  ``emp_c`` (``staff_3``, class 7) in agency A, ``emp_d`` (``staff_b``, class 5) in agency B,
  ``emp_c2`` (class 9, user ``user_c2``) in ``company_2``; :meth:`_make_tukin_employee` adds
  more;
* ``user_payroll``: Payroll Officer (Tukin), with explicit groups;
* closed months with given results: :meth:`_closed_period` creates a month, one appraisal per
  employee with the given results, and marks it closed (:meth:`_mark_closed`); the monthly
  cycle itself is IkiCommon's (:meth:`_open_month`, :meth:`_close`), run for real by
  ``test_chain``.

Time is frozen at :data:`NOW`, after the months used (February and March 2025).
"""

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from odoo.addons.iki_performance.tests.common import YEAR, IkiCommon

NOW = f"{YEAR}-04-10 09:00:00"
TZ = "Asia/Jakarta"
TZ_OFFSET = datetime.timedelta(hours=7)  # Asia/Jakarta, no daylight saving
HOLIDAY = datetime.date(YEAR, 3, 31)


def rhu(value):
    """Round half up to the rupiah (the scheme's default rounding), as a float."""
    return float(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rdown(value):
    """Round down to the rupiah."""
    return float(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_DOWN))


def utc(day, hhmm, seconds=0):
    """Naive UTC datetime of the Jakarta local time ``hhmm`` ("08:20") on ``day``."""
    hours, minutes = map(int, hhmm.split(":"))
    local = datetime.datetime.combine(day, datetime.time(hours, minutes, seconds))
    return local - TZ_OFFSET


def working_days(year, month, holidays=(HOLIDAY,)):
    """Monday-to-Friday dates of the month without ``holidays``."""
    day = datetime.date(year, month, 1)
    result = []
    while day.month == month:
        if day.weekday() < 5 and day not in holidays:
            result.append(day)
        day += datetime.timedelta(days=1)
    return result


class IkiTukinCommon(IkiCommon):
    freeze_time = NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scheme = cls.env["iki.tukin.scheme"]
        cls.Sheet = cls.env["iki.tukin.sheet"]
        cls.Day = cls.env["iki.discipline.day"]
        cls._setup_tukin_calendars()
        cls._setup_tukin_employees()
        cls.user_payroll = cls._new_user(
            "tukin_payroll", "base.group_user,iki_tukin.group_iki_payroll_officer"
        )
        # Every company gets the default scheme when it is created (res.company.create).
        cls.scheme = cls.Scheme.search([("company_id", "=", cls.company.id)])
        cls.sick_type = cls.env.ref("hr_holidays.holiday_status_sl")

    @classmethod
    def _setup_tukin_calendars(cls):
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Jam Kerja ASN 08:00-16:00",
                "tz": TZ,
                "company_id": cls.company.id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8.0,
                            "hour_to": 16.0,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        cls.calendar_2 = cls.calendar.copy({"company_id": cls.company_2.id})
        # A public holiday of the company: no calendar, no resource (company computed from
        # the current company).
        cls.holiday = (
            cls.env["resource.calendar.leaves"]
            .with_company(cls.company)
            .create(
                {
                    "name": "Idul Fitri",
                    "calendar_id": False,
                    "resource_id": False,
                    "date_from": utc(HOLIDAY, "00:00"),
                    "date_to": utc(HOLIDAY, "23:59"),
                }
            )
        )

    @classmethod
    def _tukin_values(cls, company, job_class):
        """What makes an employee of ``company`` a Tukin employee of the fixture."""
        return {
            "resource_calendar_id": (cls.calendar if company == cls.company else cls.calendar_2).id,
            "tz": TZ,
            "iki_job_class": job_class,
            "iki_post_type": "pelaksana",
        }

    @classmethod
    def _setup_tukin_employees(cls):
        classes = {"emp_a": 9, "emp_b": 12, "emp_c": 7, "emp_d": 5, "emp_c2": 9}
        staff = {
            "emp_a": cls.staff_1,
            "emp_b": cls.staff_2,
            "emp_c": cls.staff_3,
            "emp_d": cls.staff_b,
            "emp_c2": cls.emp_c2,
        }
        for name, employee in staff.items():
            employee.write(cls._tukin_values(employee.company_id, classes[name]))
            setattr(cls, name, employee)
        cls.employees = cls.emp_a | cls.emp_b | cls.emp_c | cls.emp_d

    @classmethod
    def _make_tukin_employee(cls, name, department, job_class, **vals):
        """A new employee of ``department`` with the fixture's schedule and ``job_class``."""
        values = cls._tukin_values(department.company_id, job_class)
        values.update(vals)
        return cls._make_employee(name, department, **values)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _period(cls, month, company=None):
        company = company or cls.company
        return cls.env["iki.period"].create(
            {"year": YEAR, "month": month, "company_id": company.id}
        )

    @classmethod
    def _closed_period(cls, month, results, company=None):
        """A closed month with one appraisal per employee of ``results``:
        ``{employee: {"achievement": 95.5, "predicate": "baik", "is_late": True, ...}}``."""
        period = cls._period(month, company)
        cls._add_appraisals(period, results)
        cls._mark_closed(period)
        return period

    @classmethod
    def _add_appraisals(cls, period, results):
        Plan = cls.env["iki.plan"]
        plans = Plan.search([("employee_id", "in", [e.id for e in results]), ("year", "=", YEAR)])
        plan_of = {plan.employee_id.id: plan for plan in plans}
        for employee in results:
            if employee.id not in plan_of:
                plan_of[employee.id] = Plan.create({"employee_id": employee.id, "year": YEAR})
        appraisals = cls.env["iki.appraisal"]._create_for_plans(
            [{"period_id": period.id, "plan_id": plan_of[e.id].id} for e in results]
        )
        # Given results, not computed ones (the cycle itself is tested in iki_performance):
        # server code moving the appraisals along their transitions.
        appraisals._iki_workflow_write({"state": "submitted"})
        for appraisal in appraisals:
            values = results[appraisal.employee_id]
            appraisal._iki_workflow_write({"state": "approved", **values})
        return appraisals

    @classmethod
    def _mark_closed(cls, period):
        """Mark ``period`` closed by HR the day after its cut-off, keeping the results given to
        its appraisals (:meth:`_close` runs the real close, which recomputes them). Server
        code writing the month's workflow fields."""
        period._iki_workflow_write(
            {
                "state": "closed",
                "closed_date": cls._after_cutoff(period),
                "closed_by_id": cls.user_hr_officer.id,
            }
        )

    @classmethod
    def _attend(cls, employee, day, check_in, check_out=None, seconds_in=0):
        """An attendance of ``employee`` on ``day`` from local ``check_in`` to ``check_out``
        ("HH:MM", None for no check-out)."""
        return cls.env["hr.attendance"].create(
            {
                "employee_id": employee.id,
                "check_in": utc(day, check_in, seconds_in),
                "check_out": utc(day, check_out) if check_out else False,
            }
        )

    @classmethod
    def _attend_days(cls, employee, days, check_in="07:55", check_out="16:05"):
        """Punctual attendances on ``days``, created in one batch."""
        return cls.env["hr.attendance"].create(
            [
                {
                    "employee_id": employee.id,
                    "check_in": utc(day, check_in),
                    "check_out": utc(day, check_out),
                }
                for day in days
            ]
        )

    @classmethod
    def _leave(cls, employee, date_from, date_to, leave_type=None):
        """An approved time off of ``employee`` from ``date_from`` to ``date_to`` (whole days)."""
        leave = (
            cls.env["hr.leave"]
            .with_context(leave_fast_create=True)
            .create(
                {
                    "employee_id": employee.id,
                    "holiday_status_id": (leave_type or cls.sick_type).id,
                    "request_date_from": date_from,
                    "request_date_to": date_to,
                }
            )
        )
        leave.action_validate(check_state=False)
        return leave

    @classmethod
    def _march_of_emp_a(cls):
        """March 2025 of ``emp_a``: one occurrence of every code, an absence, 3 days of sick
        leave, punctual otherwise (deductions 16.5%). Return the sick leave."""
        attend, emp = cls._attend, cls.emp_a

        def d(day):
            return datetime.date(2025, 3, day)

        attend(emp, d(3), "08:00", "16:00")  # on time
        attend(emp, d(4), "08:20", "16:00")  # 20 min late: TL1
        attend(emp, d(5), "08:45", "15:50")  # 45 late TL2, 10 early PSW1
        attend(emp, d(6), "09:15", "16:05")  # 75 late: TL3
        attend(emp, d(7), "09:40", "16:00")  # 100 late: TL4
        attend(emp, d(10), "07:55", "15:20")  # 40 early: PSW2
        attend(emp, d(11), "08:00", "14:50")  # 70 early: PSW3
        attend(emp, d(12), "08:00", "14:00")  # 120 early: PSW4
        attend(emp, d(13), "08:00")  # no check-out: PSW4
        # 14 March: nothing -> absent without reason
        sick = cls._leave(emp, d(17), d(19))  # 3 days of sick leave
        attend(emp, d(20), "08:30", "16:00", seconds_in=45)  # 30 whole minutes: TL1
        # Two attendances on one day: first check-in, last check-out.
        attend(emp, d(21), "08:00", "12:00")
        attend(emp, d(21), "13:00", "16:00")
        cls._attend_days(emp, [d(n) for n in (24, 25, 26, 27, 28)])
        attend(emp, HOLIDAY, "08:00", "16:00")  # worked on the holiday: not counted
        return sick

    def _lines(self, sheet, code):
        return sheet.line_ids.filtered(lambda line: line.code == code)
