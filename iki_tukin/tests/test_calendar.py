"""One calendar with payroll: the Tukin sheet of a month counts the working days the OCA
payslip beside it counts, read from the same calendar (the contract's) through the same
resource interval API.

OCA payroll lists the full working days of the contract's calendar as WORK100 (public
holidays included, "compute_leaves=False") and the public holidays as a negative "GLOBAL"
line (time off without resource, no time off type), approved time off as lines of their
type. The payslip's worked days net of public holidays are therefore WORK100 + GLOBAL; the
sheet's working days must equal them. Approved time off stays a working day of the sheet
(a leave day) as it stays in WORK100.

March 2025 (the fixtures' month), Asia/Jakarta: 21 weekdays (3-7, 10-14, 17-21, 24-28 and
31 March), Monday 31 March is the company's public holiday; Fridays 7, 14, 21 and 28.
"""

import datetime

from odoo import Command
from odoo.exceptions import UserError

from ..models.iki_discipline_day import STATUS_LEAVE, STATUS_PRESENT
from .common import HOLIDAY, YEAR, IkiTukinCommon, utc

MONTH = 3
DATE_FROM = datetime.date(YEAR, MONTH, 1)
DATE_TO = datetime.date(YEAR, MONTH, 31)
WEEKDAYS = 21
FRIDAYS = 4
PUBLIC_HOLIDAYS = 1  # Monday 31 March
CONTRACT_START = datetime.date(YEAR, MONTH, 17)  # a Monday
# Weekdays from 17 March: 17-21, 24-28 and 31 March.
WEEKDAYS_FROM_17 = 5 + 5 + 1
HALF_DAY = datetime.date(YEAR, MONTH, 12)  # a Wednesday
THURSDAY = datetime.date(YEAR, MONTH, 6)
FRIDAY = datetime.date(YEAR, MONTH, 7)


def d(day):
    return datetime.date(YEAR, MONTH, day)


class TestCalendarLikePayroll(IkiTukinCommon):
    """Four employees of company ``company`` in March, each with an open contract and a
    payslip of a batch:

    * ``emp_a``: the fixtures' calendar (Monday-Friday 08:00-16:00), a public holiday;
    * ``emp_b``: a calendar of two half days (08:00-12:00, 13:00-16:00), a half-day leave;
    * ``emp_c``: the fixtures' calendar, a contract starting on Monday 17 March;
    * ``emp_d``: a contract on a calendar with a short Friday (Monday-Thursday 07:30-16:00,
      Friday 07:30-11:30) while the employee's own calendar is the fixtures' one.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar_halves = cls._new_calendar(
            "Jam Kerja Dua Sesi",
            [(day, 8.0, 12.0, "morning", {}) for day in range(5)]
            + [(day, 13.0, 16.0, "afternoon", {}) for day in range(5)],
        )
        # Odoo counts a line of at most 3/4 of the average day as half a day: the short
        # Friday is declared a whole working day (Duration (days) = 1), as it is one for the
        # civil service; payroll then counts it as one, like the sheet.
        cls.calendar_friday = cls._new_calendar(
            "Jam Kerja Jumat Pendek",
            [(day, 7.5, 16.0, "morning", {}) for day in range(4)]
            + [(4, 7.5, 11.5, "morning", {"duration_days": 1.0})],
        )
        cls.half_day_type = cls.env["hr.leave.type"].create(
            {
                "name": "Cuti Setengah Hari",
                "company_id": cls.company.id,
                "requires_allocation": "no",
                "request_unit": "half_day",
                # A time off type of its own work entry type gets a payslip line of its own
                # code (without one, payroll files it under GLOBAL with the public holidays).
                "work_entry_type_id": cls.env.ref(
                    "hr_work_entry_contract.work_entry_type_legal_leave"
                ).id,
            }
        )
        cls.emp_b.resource_calendar_id = cls.calendar_halves
        cls.structure = cls.env["hr.payroll.structure"].create(
            {
                "name": "Gaji",
                "code": "GAJI",
                "company_id": cls.company.id,
                "rule_ids": [
                    Command.create(
                        {
                            "name": "Gaji Pokok",
                            "code": "GAPOK",
                            "sequence": 1,
                            "amount_select": "code",
                            "amount_python_compute": "result = contract.wage",
                        }
                    )
                ],
            }
        )
        cls._contract(cls.emp_a, datetime.date(YEAR, 1, 1))
        cls._contract(cls.emp_b, datetime.date(YEAR, 1, 1))
        cls._contract(cls.emp_c, CONTRACT_START)
        cls._contract(cls.emp_d, datetime.date(YEAR, 1, 1), cls.calendar_friday)
        # An open contract gives the employee its calendar: emp_d is moved back to the
        # fixtures' calendar, the contract's calendar comes first (as in payroll).
        cls.emp_d.resource_calendar_id = cls.calendar
        cls.half_day_leave = cls._half_day_leave(cls.emp_b, HALF_DAY)
        # emp_d: Thursday 6 March leaving at 11:30 is early, Friday 7 March is not.
        cls._attend(cls.emp_d, THURSDAY, "07:30", "11:30")
        cls._attend(cls.emp_d, FRIDAY, "07:30", "11:30")
        cls.month_employees = cls.emp_a | cls.emp_b | cls.emp_c | cls.emp_d
        cls.period = period = cls._closed_period(
            MONTH,
            {
                employee: {"achievement": 100.0, "predicate": "baik"}
                for employee in cls.month_employees
            },
        )
        sheets = cls.Sheet.with_user(cls.user_payroll)._iki_generate_for_period(
            period, cls.month_employees
        )
        cls.sheet_of = {sheet.employee_id: sheet for sheet in sheets.with_env(cls.env)}
        cls.slip_of = cls._payslips(cls.month_employees)

    # ------------------------------------------------------------------
    # Fixtures
    # ------------------------------------------------------------------
    @classmethod
    def _new_calendar(cls, name, lines):
        """A Jakarta calendar of ``lines`` ``(weekday, hour_from, hour_to, period, extra)``."""
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": "Asia/Jakarta",
                "company_id": cls.company.id,
                "attendance_ids": [(5, 0, 0)]
                + [
                    Command.create(
                        {
                            "name": f"{name} {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                            **extra,
                        }
                    )
                    for day, hour_from, hour_to, period, extra in lines
                ],
            }
        )

    @classmethod
    def _contract(cls, employee, date_start, calendar=None):
        return cls.env["hr.contract"].create(
            {
                "name": f"Kontrak {employee.name}",
                "employee_id": employee.id,
                "company_id": employee.company_id.id,
                "wage": 3_000_000,
                "date_start": date_start,
                "state": "open",
                "struct_id": cls.structure.id,
                "resource_calendar_id": (calendar or employee.resource_calendar_id).id,
            }
        )

    @classmethod
    def _half_day_leave(cls, employee, day):
        """An approved morning off of ``employee`` on ``day``."""
        leave = (
            cls.env["hr.leave"]
            .with_context(leave_fast_create=True)
            .create(
                {
                    "employee_id": employee.id,
                    "holiday_status_id": cls.half_day_type.id,
                    "request_date_from": day,
                    "request_date_to": day,
                    "request_unit_half": True,
                    "request_date_from_period": "am",
                }
            )
        )
        leave.action_validate(check_state=False)
        return leave

    @classmethod
    def _payslips(cls, employees):
        """``{employee: payslip}`` of a March payslip batch run by the payroll officer
        through the OCA wizard (worked days from the employee's contract)."""
        env = cls.env(user=cls.user_payroll)
        run = env["hr.payslip.run"].create(
            {"name": "Maret", "date_start": DATE_FROM, "date_end": DATE_TO}
        )
        wizard = env["hr.payslip.employees"].create({"employee_ids": [Command.set(employees.ids)]})
        wizard.with_context(active_id=run.id).compute_sheet()
        return {slip.employee_id: slip for slip in run.slip_ids.with_env(cls.env)}

    def _worked_days(self, employee):
        """``(WORK100, GLOBAL)`` days of the employee's payslip: the calendar's working days
        and the public holidays among them (negative, payroll's default sign)."""
        lines = self.slip_of[employee].worked_days_line_ids

        def days(code):
            return sum(lines.filtered(lambda line: line.code == code).mapped("number_of_days"))

        return days("WORK100"), days("GLOBAL")

    def _assert_same_days(self, employee, expected):
        sheet = self.sheet_of[employee]
        work100, public_holidays = self._worked_days(employee)
        self.assertEqual(sheet.working_days, expected)
        self.assertEqual(sheet.working_days, work100 + public_holidays)
        self.assertEqual(len(sheet.discipline_day_ids), expected)

    # ------------------------------------------------------------------
    # The four cases
    # ------------------------------------------------------------------
    def test_public_holiday(self):
        work100, public_holidays = self._worked_days(self.emp_a)
        self.assertEqual(work100, WEEKDAYS)
        self.assertEqual(public_holidays, -PUBLIC_HOLIDAYS)
        self._assert_same_days(self.emp_a, WEEKDAYS - PUBLIC_HOLIDAYS)
        self.assertNotIn(HOLIDAY, self.sheet_of[self.emp_a].discipline_day_ids.mapped("date"))

    def test_half_day_leave(self):
        # Two half days a day (0.5 + 0.5 days in payroll): WORK100 counts whole days and the
        # morning off is a line of its own type; the sheet keeps the day as a leave day.
        work100, _public_holidays = self._worked_days(self.emp_b)
        self.assertEqual(work100, WEEKDAYS)
        self._assert_same_days(self.emp_b, WEEKDAYS - PUBLIC_HOLIDAYS)
        slip_lines = self.slip_of[self.emp_b].worked_days_line_ids
        morning_off = slip_lines.filtered(lambda line: line.name == self.half_day_type.name)
        # Payroll's leave line: 4 of the day's 4 + 3 hours.
        self.assertAlmostEqual(morning_off.number_of_days, -4 / (4 + 3), places=3)
        day = self.sheet_of[self.emp_b].discipline_day_ids.filtered(lambda x: x.date == HALF_DAY)
        self.assertEqual(day.status, STATUS_LEAVE)
        self.assertEqual(day.leave_id, self.half_day_leave)
        # Expected 08:00-16:00 from the two intervals of the day (lunch excluded).
        self.assertEqual(
            (day.expected_start, day.expected_end),
            (utc(HALF_DAY, "08:00"), utc(HALF_DAY, "16:00")),
        )

    def test_contract_starting_mid_month(self):
        work100, public_holidays = self._worked_days(self.emp_c)
        self.assertEqual(work100, WEEKDAYS_FROM_17)
        self.assertEqual(public_holidays, -PUBLIC_HOLIDAYS)
        self._assert_same_days(self.emp_c, WEEKDAYS_FROM_17 - PUBLIC_HOLIDAYS)
        dates = self.sheet_of[self.emp_c].discipline_day_ids.mapped("date")
        self.assertEqual(min(dates), CONTRACT_START)
        # Never attended, absent only from the contract's start: the days before it are no
        # working days, hence no absences.
        self.assertEqual(self.sheet_of[self.emp_c].absent_days, WEEKDAYS_FROM_17 - PUBLIC_HOLIDAYS)

    def test_friday_short_day_of_the_contract_calendar(self):
        self.assertEqual(self.emp_d.resource_calendar_id, self.calendar)
        work100, public_holidays = self._worked_days(self.emp_d)
        monday_to_thursday = WEEKDAYS - FRIDAYS
        self.assertEqual(work100, monday_to_thursday + FRIDAYS)
        self._assert_same_days(self.emp_d, monday_to_thursday - PUBLIC_HOLIDAYS + FRIDAYS)
        days = {day.date: day for day in self.sheet_of[self.emp_d].discipline_day_ids}
        self.assertEqual(set(days[d(3)].calendar_id.ids), set(self.calendar_friday.ids))
        # The expected hours come from the contract calendar's intervals of the day.
        friday, thursday = days[FRIDAY], days[THURSDAY]
        self.assertEqual(
            (friday.expected_start, friday.expected_end),
            (utc(FRIDAY, "07:30"), utc(FRIDAY, "11:30")),
        )
        self.assertEqual(thursday.expected_end, utc(THURSDAY, "16:00"))
        self.assertEqual(friday.status, STATUS_PRESENT)
        self.assertEqual((friday.minutes_late, friday.minutes_early), (0, 0))
        self.assertFalse(friday.late_code or friday.early_code)
        self.assertIn("07:30-11:30", friday.explanation)
        # Thursday ends at 16:00: leaving at 11:30 is 4 h 30 min early.
        self.assertEqual(thursday.minutes_early, 4 * 60 + 30)
        self.assertTrue(thursday.early_code)

    def test_flexible_hours_are_refused(self):
        """A schedule of flexible hours has no expected check-in or check-out (the interval
        API gives such a resource one interval of the whole month): refused, naming the
        employee, and the sheet and its days stay as they were."""
        sheet = self.sheet_of[self.emp_b]
        days = sheet.discipline_day_ids
        self.calendar_halves.flexible_hours = True
        with self.assertRaisesRegex(UserError, self.emp_b.name):
            self.Sheet.with_user(self.user_payroll)._iki_generate_for_period(
                self.period, self.emp_b
            )
        self.assertEqual(sheet.working_days, WEEKDAYS - PUBLIC_HOLIDAYS)
        self.assertEqual(sheet.discipline_day_ids, days)
        self.assertEqual(days.exists(), days)

    # ------------------------------------------------------------------
    # Batch
    # ------------------------------------------------------------------
    def test_queries_do_not_grow_with_employees(self):
        """Each calendar's days are read once for all its employees: as many queries for six
        employees on two contract calendars as for two."""
        Day = self.Day.with_user(self.user_payroll)
        counts = []
        for size in (2, 2, 6):  # the first batch warms the caches
            staff = self.env["hr.employee"].browse()
            for n in range(size):
                employee = self._make_tukin_employee(f"Pegawai {len(counts)}-{n}", self.agency_b, 5)
                calendar = self.calendar_friday if n % 2 else self.calendar_halves
                self._contract(employee, datetime.date(YEAR, 1, 1), calendar)
                staff |= employee
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            vals_list = Day._prepare_month(DATE_FROM, DATE_TO, staff)
            counts.append(self.env.cr.sql_log_count - before)
            # Mon-Fri minus the holiday on both calendars (short Fridays count as days).
            self.assertEqual(len(vals_list), size * (WEEKDAYS - PUBLIC_HOLIDAYS))
        self.assertGreater(counts[1], 0)  # the days are read from the database
        self.assertEqual(counts[1], counts[2], f"queries for 2 then 6 employees: {counts}")


class TestPayrollLocalDays(IkiTukinCommon):
    def test_worked_days_count_local_days_outside_utc(self):
        # Makassar (UTC+8), 07:30-12:00 and 13:00-16:00: read as UTC, the bounds of March
        # would take 30 minutes of Tuesday 1 April (07:30-07:59 local is still 31 March UTC)
        # and payroll would count 21 days + 0.5 h / 7.5 h = 21.07.
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Jam Kerja WITA",
                "tz": "Asia/Makassar",
                "company_id": self.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in (
                        (7.5, 12.0, "morning"),
                        (13.0, 16.0, "afternoon"),
                    )
                ],
            }
        )
        employee = self._make_tukin_employee("Pegawai WITA", self.agency_a, 9)
        employee.write({"resource_calendar_id": calendar.id, "tz": "Asia/Makassar"})
        contract = self.env["hr.contract"].create(
            {
                "name": "Kontrak WITA",
                "employee_id": employee.id,
                "wage": 3_000_000,
                "date_start": datetime.date(YEAR, 1, 1),
                "state": "open",
                "resource_calendar_id": calendar.id,
            }
        )
        slip = self.env["hr.payslip"].new({"employee_id": employee.id, "contract_id": contract.id})
        lines = slip.get_worked_day_lines(contract, DATE_FROM, DATE_TO)
        work100 = next(line for line in lines if line["code"] == "WORK100")
        self.assertEqual(work100["number_of_days"], WEEKDAYS)
        self.assertEqual(work100["number_of_hours"], WEEKDAYS * (4.5 + 3.0))
