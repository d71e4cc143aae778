"""Shared fixtures of the ``iki_tukin`` scheme, discipline and sheet tests.

:class:`IkiTukinCommon` builds, once per test class and without any demo data:

* ``company`` with the shipped default Tukin scheme (``scheme``: 60/40, proportional,
  TL/PSW bands 0.5/1/1.5/2, absence 4% a day, 10 consecutive days 100%, the example class
  table) and ``company_2`` for the multi-company checks;
* ``calendar``: Monday to Friday 08:00-16:00 in Asia/Jakarta (UTC+7), the working schedule of
  every employee, and a public holiday on Monday 31 March 2025 (Idul Fitri);
* agencies ``agency_a`` and ``agency_b``; employees ``emp_a`` (class 9, user
  ``user_employee``), ``emp_b`` (class 12) and ``emp_c`` (class 7) in agency A, ``emp_d``
  (class 5) in agency B, ``emp_c2`` in ``company_2``;
* users with explicit groups: ``user_employee`` (internal user), ``user_agency_admin``
  (agency A), ``user_hr`` (HR officer), ``user_payroll`` (Payroll Officer (Tukin)) and
  ``user_c2`` (internal user of ``company_2``);
* closed months: :meth:`_closed_period` creates a month, one appraisal per employee with the
  given results, and closes it (the performance cycle itself is tested in iki_performance).

Time is frozen at :data:`NOW`, after the months used (February and March 2025).
"""

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from odoo.tests import TransactionCase, new_test_user

YEAR = 2025
NOW = "2025-04-10 09:00:00"
TZ_OFFSET = datetime.timedelta(hours=7)  # Asia/Jakarta, no daylight saving
QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
HOLIDAY = datetime.date(2025, 3, 31)


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


class IkiTukinCommon(TransactionCase):
    freeze_time = NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET_CONTEXT))
        cls.Scheme = cls.env["iki.tukin.scheme"]
        cls.Sheet = cls.env["iki.tukin.sheet"]
        cls.Day = cls.env["iki.discipline.day"]
        cls._setup_companies()
        cls._setup_calendar()
        cls._setup_departments()
        cls._setup_users()
        cls._setup_employees()
        cls.scheme = cls.Scheme.search([("company_id", "=", cls.company.id)])
        cls.sick_type = cls.env.ref("hr_holidays.holiday_status_sl")

    @classmethod
    def _setup_companies(cls):
        cls.company = cls.env["res.company"].create({"name": "Pemprov Tukin"})
        cls.company_2 = cls.env["res.company"].create({"name": "Pemkab Lain"})
        # The data file gives every company present at install time its default scheme.
        cls.env["iki.tukin.scheme"]._create_company_defaults(cls.company | cls.company_2)

    @classmethod
    def _setup_calendar(cls):
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Jam Kerja ASN 08:00-16:00",
                "tz": "Asia/Jakarta",
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
    def _setup_departments(cls):
        Department = cls.env["hr.department"]
        cls.agency_a = Department.create(
            {"name": "Dinas A", "company_id": cls.company.id, "iki_is_agency": True}
        )
        cls.agency_b = Department.create(
            {"name": "Dinas B", "company_id": cls.company.id, "iki_is_agency": True}
        )
        cls.agency_c2 = Department.create(
            {"name": "Dinas Lain", "company_id": cls.company_2.id, "iki_is_agency": True}
        )

    @classmethod
    def _new_user(cls, login, groups, company=None, **vals):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            name=login.replace("_", " ").title(),
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            context=QUIET_CONTEXT,
            **vals,
        )

    @classmethod
    def _setup_users(cls):
        cls.user_employee = cls._new_user("tukin_employee", "base.group_user")
        cls.user_agency_admin = cls._new_user(
            "tukin_agency_admin",
            "base.group_user,iki_performance.group_iki_agency_admin",
            iki_agency_ids=[(6, 0, cls.agency_a.ids)],
        )
        cls.user_hr = cls._new_user(
            "tukin_hr", "base.group_user,iki_performance.group_iki_hr_officer"
        )
        cls.user_payroll = cls._new_user(
            "tukin_payroll", "base.group_user,iki_tukin.group_iki_payroll_officer"
        )
        cls.user_c2 = cls._new_user("tukin_c2", "base.group_user", company=cls.company_2)

    @classmethod
    def _make_employee(cls, name, department, job_class, **vals):
        values = {
            "name": name,
            "department_id": department.id,
            "company_id": department.company_id.id,
            "resource_calendar_id": (
                cls.calendar if department.company_id == cls.company else cls.calendar_2
            ).id,
            "tz": "Asia/Jakarta",
            "iki_job_class": job_class,
            "iki_asn_status": "pns",
            "iki_post_type": "pelaksana",
        }
        values.update(vals)
        return cls.env["hr.employee"].create(values)

    @classmethod
    def _setup_employees(cls):
        cls.emp_a = cls._make_employee(
            "Ani Pelaksana", cls.agency_a, 9, user_id=cls.user_employee.id
        )
        cls.emp_b = cls._make_employee("Budi Administrator", cls.agency_a, 12)
        cls.emp_c = cls._make_employee("Citra Pengawas", cls.agency_a, 7)
        cls.emp_d = cls._make_employee("Dedi Dinas B", cls.agency_b, 5)
        cls.emp_c2 = cls._make_employee("Eko Lain", cls.agency_c2, 9, user_id=cls.user_c2.id)
        cls.employees = cls.emp_a | cls.emp_b | cls.emp_c | cls.emp_d

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
        cls._close(period)
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
    def _close(cls, period):
        """Mark ``period`` closed by HR the day after its cut-off (a month closes only after
        it), keeping the results given to its appraisals: the close itself, which recomputes
        them, is tested in iki_performance. Server code writing the month's workflow fields."""
        after_cutoff = datetime.datetime.combine(
            period.cutoff_date + datetime.timedelta(days=1), datetime.time(9, 0)
        )
        period._iki_workflow_write(
            {"state": "closed", "closed_date": after_cutoff, "closed_by_id": cls.user_hr.id}
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
