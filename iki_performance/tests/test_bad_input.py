"""Bad input gets a clear message and changes nothing (issue 8, class 8).

Each value is sent the way a hostile or clumsy client can send it (RPC values: strings for
numbers and dates, infinities, NUL characters), as the least-privileged user who reaches the
field; each refusal names the record and the field, and the values read afterwards are those
from before. The March month of :class:`IkiAppraisalCommon` is open; time is frozen on
15 March :data:`YEAR`, so the default year window is ``YEAR - 10`` to ``YEAR + 5``.
"""

import datetime
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time

from .. import engine
from ..engine.inputs import REALIZATION_MAX_DEFAULT
from ..models.iki_rule_set import YEAR_WINDOW_FUTURE, YEAR_WINDOW_PAST
from ..tools import input_checks
from .common import YEAR
from .common_appraisal import CUTOFF, IkiAppraisalCommon

AFTER_CUTOFF = f"{CUTOFF.year}-{CUTOFF.month:02d}-{CUTOFF.day + 1:02d} 09:00:00"
FIRST_YEAR, LAST_YEAR = YEAR - YEAR_WINDOW_PAST, YEAR + YEAR_WINDOW_FUTURE
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


class TestBadRealisation(IkiAppraisalCommon):
    """The realisation of an appraisal line, typed by the employee."""

    def setUp(self):
        super().setUp()
        self.line = self._line(self.appraisal_1, self.ind_staff_a)  # March target 10
        self._realise(self.appraisal_1, {self.ind_staff_a: 5.0})
        self.as_employee = self.line.with_user(self.user_employee)

    def assertUnchanged(self):
        self.assertEqual(self.line.realization, 5.0)
        self.assertTrue(self.line.realization_entered)
        self.assertEqual(self.line.achievement, 5.0 / 10.0 * 100)

    def assertNamesLine(self, message):
        self.assertIn(self.staff_1.name, message)
        self.assertIn(self.ind_staff_a.name, message)
        self.assertIn("Realisation", message)

    def test_text_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.as_employee.write({"realization": "abc"})
        self.assertNamesLine(str(caught.exception))
        self.assertIn("decimal point", str(caught.exception))
        self.assertUnchanged()

    def test_decimal_comma_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.as_employee.write({"realization": "12,5"})
        self.assertNamesLine(str(caught.exception))
        self.assertIn("decimal point", str(caught.exception))
        self.assertUnchanged()

    def test_decimal_point_string_accepted(self):
        self.as_employee.write({"realization": " 7.5 "})
        self.assertEqual(self.line.realization, 7.5)
        self.assertTrue(self.line.realization_entered)
        self.assertEqual(self.line.achievement, 7.5 / 10.0 * 100)

    def test_non_finite_refused(self):
        for value in (float("inf"), float("-inf"), float("nan"), "inf", "NaN"):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as caught:
                    self.as_employee.write({"realization": value})
                self.assertNamesLine(str(caught.exception))
                self.assertUnchanged()

    def test_huge_value_refused_by_the_rule_set_default(self):
        with self.assertRaises(ValidationError) as caught:
            self.as_employee.write({"realization": 1e308})
        self.assertNamesLine(str(caught.exception))
        self.assertIn(f"{REALIZATION_MAX_DEFAULT:.15g}", str(caught.exception))
        self.assertUnchanged()

    def test_rule_set_bound_is_configurable(self):
        self.rule_set.with_user(self.user_hr_manager).write({"realization_max": 1000.0})
        with self.assertRaises(ValidationError) as caught:
            self.as_employee.write({"realization": 1000.5})
        self.assertIn("1000", str(caught.exception))
        self.assertUnchanged()
        self.as_employee.write({"realization": 1000.0})
        self.assertEqual(self.line.realization, 1000.0)

    def test_indicator_bound_wins_over_the_rule_set(self):
        # A percentage: at most 100 in its unit, whatever the rule set allows.
        self.ind_staff_a.with_user(self.user_hr_officer).write({"realization_max": 100.0})
        with self.assertRaises(ValidationError) as caught:
            self.as_employee.write({"realization": 150.0})
        self.assertNamesLine(str(caught.exception))
        self.assertIn("100", str(caught.exception))
        self.assertUnchanged()
        self.as_employee.write({"realization": 100.0})
        self.assertEqual(self.line.realization, 100.0)

    def test_bound_refusal_leaves_the_other_lines_unwritten(self):
        # One write on two lines: the second line's bound refuses both, nothing half-written.
        other = self._line(self.appraisal_1, self.ind_staff_b)
        self.ind_staff_b.with_user(self.user_hr_officer).write({"realization_max": 50.0})
        with self.assertRaises(ValidationError) as caught:
            (self.line | other).with_user(self.user_employee).write({"realization": 60.0})
        self.assertIn(self.ind_staff_b.name, str(caught.exception))
        self.assertUnchanged()
        self.assertFalse(other.realization_entered)

    def test_cleared_realisation_is_not_entered(self):
        for cleared in (False, None, ""):
            with self.subTest(cleared=cleared):
                self.as_employee.write({"realization": 5.0})
                self.as_employee.write({"realization": cleared})
                self.assertEqual(self.line.realization, 0.0)
                self.assertFalse(self.line.realization_entered)
                self.assertEqual(self.line.achievement, 0.0)
        with self.assertRaises(UserError) as caught:
            self.appraisal_1.with_user(self.user_employee).action_submit()
        self.assertIn(self.ind_staff_a.name, str(caught.exception))
        self.assertEqual(self.appraisal_1.state, "draft")

    def test_entered_zero_stays_entered(self):
        self.as_employee.write({"realization": 0})
        self.assertEqual(self.line.realization, 0.0)
        self.assertTrue(self.line.realization_entered)

    def test_create_values_cleaned_too(self):
        Line = self.env["iki.appraisal.line"].with_user(self.user_employee)
        vals = {"appraisal_id": self.appraisal_1.id, "plan_line_id": self.line.plan_line_id.id}
        with self.assertRaises(ValidationError) as caught:
            Line._iki_clean_realization_vals(dict(vals, realization="1.2.3"))
        self.assertNamesLine(str(caught.exception))
        cleaned = Line._iki_clean_realization_vals(dict(vals, realization="7.25"))
        self.assertEqual(cleaned, dict(vals, realization=7.25, realization_entered=True))
        cleared = Line._iki_clean_realization_vals(dict(vals, realization=False))
        self.assertEqual(cleared, dict(vals, realization=0.0, realization_entered=False))


class TestMonthCloseNamesTheRecord(IkiAppraisalCommon):
    """The month close never fails on one record's data without naming it."""

    def setUp(self):
        super().setUp()
        self._realise(self.appraisal_1, {self.ind_staff_a: 5.0})

    def assertMonthOpen(self):
        self.assertEqual(self.period.state, "open")
        self.assertFalse(self.env["iki.org.result"].search([("period_id", "=", self.period.id)]))

    @freeze_time(AFTER_CUTOFF)
    def test_engine_overflow_names_employee_and_indicator(self):
        def overflow(*args, **kwargs):
            raise OverflowError("math range error")

        with (
            patch.object(engine, "achievement", overflow),
            self.assertRaises(UserError) as caught,
        ):
            self.period.with_user(self.user_hr_officer).action_close()
        self.assertIn(self.staff_1.name, str(caught.exception))
        self.assertIn(self.ind_staff_a.name, str(caught.exception))
        self.assertMonthOpen()

    @freeze_time(AFTER_CUTOFF)
    def test_bad_rollup_names_indicator_and_employees(self):
        # A summed range indicator whose March target lies above its upper bound: the engine
        # refuses the roll-up of its children's realisations.
        self.ind_e4.write(
            {
                "rollup_method": "sum",
                "polarity": "range",
                "target": 10.0,
                "target_max": 20.0,
                "target_03": 30.0,
            }
        )
        with self.assertRaises(UserError) as caught:
            self.period.with_user(self.user_hr_officer).action_close()
        self.assertIn(self.ind_e4.name, str(caught.exception))
        self.assertIn(self.staff_1.name, str(caught.exception))
        self.assertMonthOpen()


class TestNulCharacter(IkiAppraisalCommon):
    """A NUL character in any text: refused with the field's name before PostgreSQL sees it."""

    def test_note_of_the_employee(self):
        line = self._line(self.appraisal_1, self.ind_staff_a)
        with self.assertRaises(ValidationError) as caught:
            line.with_user(self.user_employee).write({"note": "Laporan\x00Maret"})
        self.assertIn("Note", str(caught.exception))
        self.assertIn("NUL", str(caught.exception))
        self.assertFalse(line.note)

    def test_feedback_of_the_appraiser(self):
        self._submit_appraisal(self.appraisal_1)
        line = self._line(self.appraisal_1, self.ind_staff_a)
        with self.assertRaises(ValidationError) as caught:
            line.with_user(self.user_sec_head).write({"feedback": "Bagus\x00"})
        self.assertIn("Appraiser Feedback", str(caught.exception))
        self.assertFalse(line.feedback)

    def test_reason_of_a_reopening(self):
        Wizard = self.env["iki.period.reopen.wizard"].with_user(self.user_hr_officer)
        with self.assertRaises(ValidationError) as caught:
            Wizard.create({"period_id": self.period.id, "reason": "Koreksi\x00"})
        self.assertIn("NUL", str(caught.exception))
        self.assertFalse(Wizard.search([]))

    def test_name_of_an_indicator(self):
        Indicator = self.env["iki.indicator"].with_user(self.user_hr_officer)
        count = Indicator.search_count([])
        with self.assertRaises(ValidationError) as caught:
            Indicator.create(
                {
                    "name": "Indikator\x00",
                    "level": "individual",
                    "year": YEAR,
                    "company_id": self.company.id,
                    "department_id": self.section.id,
                    "target": 1.0,
                }
            )
        self.assertIn("Indicator", str(caught.exception))
        self.assertEqual(Indicator.search_count([]), count)


class TestBadDates(IkiAppraisalCommon):
    """Dates of appraiser assignments (Plt/Plh): impossible or far-off dates refused."""

    def _assignment_vals(self, **vals):
        return {
            "kind": "plt",
            "appraiser_id": self.div_head.id,
            "replaced_employee_id": self.sec_head.id,
            "date_from": f"{YEAR}-04-01",
            "reason": "Cuti besar",
            **vals,
        }

    def test_impossible_or_garbled_date_refused_at_create(self):
        Assignment = self.env["iki.appraiser.assignment"].with_user(self.user_hr_officer)
        count = Assignment.search_count([])
        for value in (f"{YEAR}-02-30", "abc", f"{YEAR}-13-01"):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as caught:
                    Assignment.create(self._assignment_vals(date_from=value))
                self.assertIn("From", str(caught.exception))
                self.assertIn(value, str(caught.exception))
                self.assertEqual(Assignment.search_count([]), count)

    def test_far_off_date_refused_at_write(self):
        assignment = (
            self.env["iki.appraiser.assignment"]
            .with_user(self.user_hr_officer)
            .create(self._assignment_vals())
        )
        with self.assertRaises(ValidationError) as caught:
            assignment.write({"date_to": "9999-12-31"})
        self.assertIn("To", str(caught.exception))
        self.assertIn("9999-12-31", str(caught.exception))
        self.assertFalse(assignment.date_to)


class TestYearWindow(IkiAppraisalCommon):
    """Years of plans, months, annual evaluations and indicators lie in the rule set's window."""

    def assertNamesYear(self, message, year):
        self.assertIn("Year", message)
        self.assertIn(str(year), message)
        self.assertIn(f"{FIRST_YEAR} to {LAST_YEAR}", message)

    def test_period_of_year_zero(self):
        Period = self.env["iki.period"].with_user(self.user_hr_officer)
        count = Period.search_count([])
        with self.assertRaises(ValidationError) as caught:
            Period.create({"year": 0, "month": 4, "company_id": self.company.id})
        self.assertNamesYear(str(caught.exception), 0)
        self.assertEqual(Period.search_count([]), count)

    def test_plan_years_outside_the_window(self):
        Plan = self.env["iki.plan"].with_user(self.user_employee)
        count = Plan.search_count([("employee_id", "=", self.staff_1.id)])
        for year in (99999, -5, 0, 1900, FIRST_YEAR - 1, LAST_YEAR + 1):
            with self.subTest(year=year):
                with self.assertRaises(ValidationError) as caught:
                    Plan.create({"employee_id": self.staff_1.id, "year": year})
                self.assertNamesYear(str(caught.exception), year)
                self.assertEqual(Plan.search_count([("employee_id", "=", self.staff_1.id)]), count)

    def test_plan_years_at_the_edges_accepted(self):
        Plan = self.env["iki.plan"].with_user(self.user_employee)
        plans = Plan.create(
            [
                {"employee_id": self.staff_1.id, "year": FIRST_YEAR},
                {"employee_id": self.staff_1.id, "year": LAST_YEAR},
            ]
        )
        self.assertEqual(plans.mapped("year"), [FIRST_YEAR, LAST_YEAR])

    def test_window_is_a_rule(self):
        self.rule_set.with_user(self.user_hr_manager).write({"year_window_past": 0})
        Plan = self.env["iki.plan"].with_user(self.user_employee)
        with self.assertRaises(ValidationError) as caught:
            Plan.create({"employee_id": self.staff_1.id, "year": YEAR - 1})
        self.assertIn(f"{YEAR} to {LAST_YEAR}", str(caught.exception))

    def test_limits_of_the_rule_set_checked(self):
        rule_set = self.rule_set.with_user(self.user_hr_manager)
        for vals, field in (
            ({"year_window_past": -1}, "Years Back"),
            ({"realization_max": 0.0}, "Max Realisation"),
            ({"realization_max": float("inf")}, "Max Realisation"),
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(ValidationError) as caught:
                    rule_set.write(vals)
                self.assertIn(field, str(caught.exception))
                self.assertEqual(rule_set.year_window_past, YEAR_WINDOW_PAST)
                self.assertEqual(rule_set.realization_max, REALIZATION_MAX_DEFAULT)

    def test_indicator_year(self):
        Indicator = self.env["iki.indicator"].with_user(self.user_hr_officer)
        count = Indicator.search_count([])
        with self.assertRaises(ValidationError) as caught:
            Indicator.create(
                {
                    "name": "Indikator 99999",
                    "level": "individual",
                    "year": 99999,
                    "company_id": self.company.id,
                    "department_id": self.section.id,
                    "target": 1.0,
                }
            )
        self.assertNamesYear(str(caught.exception), 99999)
        self.assertEqual(Indicator.search_count([]), count)

    def test_annual_evaluation_year(self):
        Wizard = self.env["iki.appraisal.annual.generate.wizard"].with_user(self.user_hr_officer)
        with self.assertRaises(ValidationError) as caught:
            Wizard.create({"company_id": self.company.id, "year": 1900})
        self.assertNamesYear(str(caught.exception), 1900)
        self.assertFalse(self.env["iki.appraisal.annual"].search([("year", "=", 1900)]))

    def test_integer_beyond_the_database(self):
        Period = self.env["iki.period"].with_user(self.user_hr_officer)
        with self.assertRaises(ValidationError) as caught:
            Period.create({"year": 2**40, "month": 4, "company_id": self.company.id})
        self.assertIn("Year", str(caught.exception))
        self.assertFalse(Period.search([("month", "=", 4)]))


class TestNipDigits(IkiAppraisalCommon):
    """A NIP holds the ASCII digits 0-9 only (str.isdigit() accepts many more)."""

    def test_other_digits_refused(self):
        # The NIP is an hr.employee field of the core Employees officers (hr.group_hr_user).
        hr_user = self._new_user("iki_hr_core", "base.group_user,hr.group_hr_user")
        nip = self.staff_2.iki_nip
        for table in (ARABIC_INDIC, FULLWIDTH):
            other = nip.translate(table)
            with self.subTest(nip=other):
                with self.assertRaises(ValidationError) as caught:
                    self.staff_2.with_user(hr_user).write({"iki_nip": other})
                self.assertIn(self.staff_2.name, str(caught.exception))
                self.assertIn("0-9", str(caught.exception))
                self.assertEqual(self.staff_2.iki_nip, nip)


class TestValueProblem(TransactionCase):
    """The model-independent checks behind ``iki.input.mixin``, value by value."""

    def test_codes(self):
        cases = [
            ("char", "a\x00b", input_checks.PROBLEM_NUL),
            ("text", "ok", None),
            ("selection", "x\x00", input_checks.PROBLEM_NUL),
            ("date", "2025-02-28", None),
            ("date", datetime.date(2025, 2, 28), None),
            ("date", "2025-02-30", input_checks.PROBLEM_DATE),
            ("date", "abc", input_checks.PROBLEM_DATE),
            ("date", 20250228, input_checks.PROBLEM_DATE),
            ("date", "9999-12-31", input_checks.PROBLEM_DATE_RANGE),
            ("date", datetime.date(1899, 12, 31), input_checks.PROBLEM_DATE_RANGE),
            ("datetime", "2025-02-28 10:00:00", None),
            ("datetime", "2025-02-28 25:00:00", input_checks.PROBLEM_DATETIME),
            ("datetime", "2201-01-01 00:00:00", input_checks.PROBLEM_DATE_RANGE),
            ("float", "12.5", None),
            ("float", "12,5", input_checks.PROBLEM_NUMBER),
            ("float", [1], input_checks.PROBLEM_NUMBER),
            ("float", float("inf"), input_checks.PROBLEM_NOT_FINITE),
            ("monetary", "nan", input_checks.PROBLEM_NOT_FINITE),
            ("float", 10**400, input_checks.PROBLEM_NOT_FINITE),
            ("integer", "12", None),
            ("integer", "12.5", input_checks.PROBLEM_INTEGER),
            ("integer", float("inf"), input_checks.PROBLEM_NOT_FINITE),
            ("integer", 2**31, input_checks.PROBLEM_INTEGER_RANGE),
            ("integer", -(2**31), None),
            ("many2one", 7, None),
            ("float", False, None),
            ("date", False, None),
        ]
        for field_type, value, expected in cases:
            with self.subTest(field_type=field_type, value=value):
                self.assertEqual(input_checks.value_problem(field_type, value), expected)
