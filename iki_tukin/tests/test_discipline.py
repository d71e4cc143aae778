import datetime
import logging
import time

from odoo.exceptions import AccessError, UserError

from ..engine import constants as C
from ..models.iki_discipline_day import STATUS_ABSENT, STATUS_LEAVE, STATUS_PRESENT
from .common import HOLIDAY, IkiTukinCommon, utc, working_days

_logger = logging.getLogger(__name__)

MARCH = working_days(2025, 3)  # 3-28 March without weekends; 31 March is a holiday


def d(day):
    return datetime.date(2025, 3, day)


class TestDiscipline(IkiTukinCommon):
    """Discipline days of March 2025 from real attendances against the 08:00-16:00 Jakarta
    schedule: one code per band, no check-out, absence, sick leave, public holiday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sick = cls._march_of_emp_a()

    def _compute(self, employees=None):
        return self.Day.with_user(self.user_payroll)._iki_store_month(
            (d(1), d(31)), employees or self.emp_a
        )

    def _by_date(self, days):
        return {day.date: day for day in days}

    def test_working_days_follow_calendar_and_holidays(self):
        days = self._compute()
        self.assertEqual(sorted(days.mapped("date")), MARCH)
        self.assertEqual(len(days), 20)
        self.assertNotIn(HOLIDAY, days.mapped("date"))
        self.assertNotIn(d(1), days.mapped("date"))  # Saturday

    def test_expected_times_in_calendar_time_zone(self):
        day = self._by_date(self._compute())[d(3)]
        # 08:00 and 16:00 in Jakarta are 01:00 and 09:00 UTC, as hr.attendance stores them.
        self.assertEqual(day.expected_start, datetime.datetime(2025, 3, 3, 1, 0))
        self.assertEqual(day.expected_end, datetime.datetime(2025, 3, 3, 9, 0))
        self.assertEqual(day.status, STATUS_PRESENT)
        self.assertEqual((day.minutes_late, day.minutes_early), (0, 0))
        self.assertFalse(day.late_code or day.early_code)
        self.assertEqual(day.deduction_pct, 0.0)

    def test_each_band_from_real_attendances(self):
        days = self._by_date(self._compute())
        expected = {
            d(4): (20, 0, C.TL1, False, 0.5),
            d(5): (45, 10, C.TL2, C.PSW1, 1.0 + 0.5),
            d(6): (75, 0, C.TL3, False, 1.5),
            d(7): (100, 0, C.TL4, False, 2.0),
            d(10): (0, 40, False, C.PSW2, 1.0),
            d(11): (0, 70, False, C.PSW3, 1.5),
            d(12): (0, 120, False, C.PSW4, 2.0),
            d(20): (30, 0, C.TL1, False, 0.5),
        }
        for date, (late, early, late_code, early_code, pct) in expected.items():
            day = days[date]
            with self.subTest(date=date):
                self.assertEqual(day.status, STATUS_PRESENT)
                self.assertEqual((day.minutes_late, day.minutes_early), (late, early))
                self.assertEqual((day.late_code, day.early_code), (late_code, early_code))
                self.assertAlmostEqual(day.deduction_pct, pct)

    def test_no_check_out_is_psw4(self):
        day = self._by_date(self._compute())[d(13)]
        self.assertEqual(day.status, STATUS_PRESENT)
        self.assertFalse(day.check_out)
        self.assertEqual((day.late_code, day.early_code), (False, C.PSW4))
        self.assertEqual(day.deduction_pct, 2.0)

    def test_several_attendances_make_one_day(self):
        day = self._by_date(self._compute())[d(21)]
        self.assertEqual(day.attendance_count, 2)
        self.assertEqual(day.check_in, utc(d(21), "08:00"))
        self.assertEqual(day.check_out, utc(d(21), "16:00"))
        self.assertFalse(day.late_code or day.early_code)

    def test_absence_without_leave(self):
        day = self._by_date(self._compute())[d(14)]
        self.assertEqual(day.status, STATUS_ABSENT)
        self.assertEqual(day.deduction_pct, 4.0)
        self.assertIn("absent", day.explanation)

    def test_approved_leave_days(self):
        days = self._by_date(self._compute())
        for date in (d(17), d(18), d(19)):
            with self.subTest(date=date):
                self.assertEqual(days[date].status, STATUS_LEAVE)
                self.assertEqual(days[date].leave_id, self.sick)
                self.assertEqual(days[date].deduction_pct, 0.0)

    def test_recompute_replaces_days(self):
        first = self._compute()
        second = self._compute()
        self.assertFalse(first.exists())
        self.assertEqual(self.Day.search_count([("employee_id", "=", self.emp_a.id)]), 20)
        self.assertEqual(len(second), 20)

    def test_explanation(self):
        day = self._by_date(self._compute())[d(5)]
        self.assertIn("08:00-16:00", day.explanation)
        self.assertIn("08:45", day.explanation)
        self.assertIn("TL2 PSW1", day.explanation)

    def test_employee_without_schedule_is_named(self):
        self.emp_b.resource_calendar_id = False
        with self.assertRaisesRegex(UserError, self.emp_b.name):
            self._compute(self.emp_a | self.emp_b)

    def test_only_payroll_officers_compute(self):
        with self.assertRaises(AccessError):
            self.Day.with_user(self.user_hr_officer)._iki_store_month((d(1), d(31)), self.emp_a)

    def test_access_own_agency_company(self):
        self._compute(self.emp_a | self.emp_c | self.emp_d)
        domain = [("date", ">=", d(1)), ("date", "<=", d(31))]
        own = self.Day.with_user(self.user_employee).search(domain)
        self.assertEqual(own.employee_id, self.emp_a)
        agency = self.Day.with_user(self.user_agency_admin).search(domain)
        self.assertEqual(agency.employee_id, self.emp_a | self.emp_c)
        everyone = self.Day.with_user(self.user_hr_officer).search(domain)
        self.assertEqual(everyone.employee_id, self.emp_a | self.emp_c | self.emp_d)
        self.assertFalse(self.Day.with_user(self.user_c2).search(domain))

    def test_batch_of_many_employees(self):
        """200 employees x 20 working days, each with a month of attendances: one call.

        The number of queries does not depend on the number of employees; the time is
        printed for the record (a few seconds at most on the CI machine).
        """
        Employee = self.env["hr.employee"]
        staff = Employee.create(
            [
                {
                    "name": f"Pegawai {n:03d}",
                    "company_id": self.company.id,
                    "department_id": self.agency_b.id,
                    "resource_calendar_id": self.calendar.id,
                    "iki_job_class": 5,
                }
                for n in range(200)
            ]
        )
        self.env.cr.execute(
            """
            INSERT INTO hr_attendance (employee_id, check_in, check_out, worked_hours)
            SELECT e, day + interval '1 hour' + (e %% 40) * interval '1 minute',
                   day + interval '9 hours', 8
              FROM unnest(%s) AS e,
                   unnest(%s::timestamp[]) AS day
            """,
            [staff.ids, [datetime.datetime.combine(day, datetime.time()) for day in MARCH]],
        )
        self.env["hr.attendance"].invalidate_model()
        self.env.flush_all()
        start = time.clock_gettime(time.CLOCK_MONOTONIC)
        days = self._compute(staff)
        elapsed = time.clock_gettime(time.CLOCK_MONOTONIC) - start
        self.assertEqual(len(days), 200 * 20)
        late = days.filtered(lambda day: day.late_code)
        # (e % 40) minutes late: 39 of every 40 employees are late every day.
        self.assertEqual(len(late), sum(1 for e in staff.ids if e % 40) * 20)
        self.assertLess(elapsed, 60)
        _logger.info("discipline days: 200 employees x 20 days in %.2fs", elapsed)
