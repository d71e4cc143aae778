import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError

from ..engine import constants as C
from ..models.iki_tukin_scheme import DEFAULT_BASE_TABLE
from .common import IkiTukinCommon, rdown, rhu, working_days

MARCH = working_days(2025, 3)  # 20 working days (31 March is a public holiday)
FEBRUARY = working_days(2025, 2)


def d(day, month=3):
    return datetime.date(2025, month, day)


class TestSheet(IkiTukinCommon):
    """Monthly Tukin sheets of March 2025 from real attendances, leaves, appraisals,
    punishments and stop conditions; every expected number written as its formula."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sick = cls._march_of_emp_a()  # deductions 16.5%, 3 days of sick leave
        cls._attend_days(cls.emp_b, MARCH)  # punctual every day
        cls._attend_days(cls.emp_c, MARCH[10:])  # absent 3-14 March: 10 working days
        cls._attend_days(cls.emp_d, MARCH)
        cls.february = cls._closed_period(
            2,
            {
                cls.emp_a: {"achievement": 70.0, "predicate": "butuh_perbaikan"},
                cls.emp_b: {"achievement": 100.0, "predicate": "baik"},
                cls.emp_c: {"achievement": 60.0, "predicate": "kurang"},
                cls.emp_d: {"achievement": 50.0, "predicate": "sangat_kurang"},
            },
        )
        cls.march = cls._closed_period(
            3,
            {
                cls.emp_a: {"achievement": 95.5, "predicate": "baik"},
                cls.emp_b: {"achievement": 120.0, "predicate": "sangat_baik"},
                cls.emp_c: {"achievement": 80.0, "predicate": "butuh_perbaikan"},
                cls.emp_d: {"achievement": 100.0, "predicate": "baik", "is_late": True},
            },
        )
        cls.Sheet = cls.env["iki.tukin.sheet"].with_user(cls.user_payroll)

    def _generate(self, period=None, employees=None):
        period = period or self.march
        sheets = self.Sheet._iki_generate_for_period(period, employees)
        return {sheet.employee_id: sheet for sheet in sheets}

    def _assert_lines_add_up(self, sheet):
        self.assertEqual(sum(sheet.line_ids.mapped("amount")), sheet.net)

    # ------------------------------------------------------------------
    # The chain of one employee
    # ------------------------------------------------------------------
    def test_whole_chain_of_one_employee(self):
        sheet = self._generate()[self.emp_a]
        base = DEFAULT_BASE_TABLE[9]
        self.assertEqual(sheet.base, base)
        self.assertEqual(sheet.gross, base)
        # Sick leave of 3 days: band 3-14 days paid 75%, so 3 x 25% of a day is unpaid.
        self.assertEqual(sheet.working_days, 20)
        self.assertEqual(sheet.leave_days, 3)
        payable = rhu(base * (20 - 3 * 0.25) / 20)
        self.assertAlmostEqual(sheet.leave_factor, (20 - 0.75) / 20)
        self.assertEqual(sheet.payable_gross, payable)
        performance_part = rhu(payable * 60 / 100)
        discipline_part = payable - performance_part
        self.assertEqual(sheet.performance_part, performance_part)
        self.assertEqual(sheet.discipline_part, discipline_part)
        self.assertAlmostEqual(sheet.performance_factor, 0.955)
        performance_amount = rhu(performance_part * 0.955)
        self.assertEqual(sheet.performance_amount, performance_amount)
        # TL1 + TL2 + PSW1 + TL3 + TL4 + PSW2 + PSW3 + PSW4 + PSW4 + absent + TL1
        deduction_pct = 0.5 + 1 + 0.5 + 1.5 + 2 + 1 + 1.5 + 2 + 2 + 4 + 0.5
        self.assertAlmostEqual(sheet.deduction_pct, deduction_pct)
        deduction = rhu(discipline_part * deduction_pct / 100)
        self.assertEqual(sheet.deduction_amount, deduction)
        self.assertEqual(sheet.punishment_amount, 0)
        self.assertEqual(sheet.net, performance_amount + discipline_part - deduction)
        self.assertEqual((sheet.present_days, sheet.absent_days), (16, 1))
        self.assertEqual((sheet.late_count, sheet.early_count), (5, 5))
        self._assert_lines_add_up(sheet)

    def test_lines_point_at_their_sources(self):
        sheet = self._generate()[self.emp_a]
        appraisal = self.env["iki.appraisal"].search(
            [("employee_id", "=", self.emp_a.id), ("period_id", "=", self.march.id)]
        )
        base_line = self._lines(sheet, C.LINE_BASE)
        self.assertEqual(base_line.source_ref, sheet.scheme_id)
        self.assertEqual(self._lines(sheet, C.LINE_PERFORMANCE).source_ref, appraisal)
        leave_line = self._lines(sheet, C.LINE_LEAVE)
        self.assertEqual(leave_line.source_ref, self.sick)
        self.assertEqual((leave_line.quantity, leave_line.pct), (3, 75))
        self.assertIn("Sick leave", leave_line.name)
        absent = self._lines(sheet, C.ABSENT)
        self.assertEqual(absent.source_ref._name, "iki.discipline.day")
        self.assertEqual((absent.source_ref.date, absent.date), (d(14), d(14)))
        psw4 = self._lines(sheet, C.PSW4)
        self.assertEqual(sorted(psw4.mapped("date")), [d(12), d(13)])
        deductions = sheet.line_ids.filtered(lambda line: line.amount < 0)
        self.assertEqual(
            -sum(deductions.filtered(lambda line: line.date).mapped("amount")),
            sheet.deduction_amount,
        )
        self.assertEqual(len(sheet.discipline_day_ids), 20)

    def test_why_this_amount_buttons(self):
        sheet = self._generate()[self.emp_a]
        action = sheet.action_open_appraisal()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("iki.appraisal", sheet.appraisal_id.id)
        )
        action = sheet.action_open_plan_lines()
        self.assertEqual(action["domain"], [("plan_id", "=", sheet.appraisal_id.plan_id.id)])
        action = sheet.action_open_discipline_days()
        self.assertEqual(self.env["iki.discipline.day"].search_count(action["domain"]), 20)

    def test_achievement_above_100_is_capped(self):
        sheet = self._generate()[self.emp_b]
        self.assertEqual(sheet.performance_factor, 1.0)
        self.assertEqual(sheet.deduction_amount, 0)
        self.assertEqual(sheet.net, DEFAULT_BASE_TABLE[12])

    # ------------------------------------------------------------------
    # Discipline
    # ------------------------------------------------------------------
    def test_ten_consecutive_absent_days_deduct_everything(self):
        sheet = self._generate()[self.emp_c]
        gross = DEFAULT_BASE_TABLE[7]
        performance_part = rhu(gross * 0.6)
        self.assertEqual(sheet.absent_days, 10)
        self.assertEqual(sheet.deduction_pct, 100)
        self.assertEqual(sheet.deduction_amount, gross - performance_part)
        self.assertEqual(sheet.net, rhu(performance_part * 0.8))
        streak = self._lines(sheet, C.ABSENT_STREAK)
        self.assertEqual(streak.date, d(14))  # the 10th absent working day
        self.assertEqual(streak.pct, 100 - 10 * 4)
        self._assert_lines_add_up(sheet)

    def test_deductions_on_the_whole_amount_stop_at_zero(self):
        self.scheme.deduction_target = C.DEDUCTION_ON_WHOLE
        sheet = self._generate()[self.emp_c]
        self.assertEqual(sheet.deduction_base, sheet.performance_amount + sheet.discipline_part)
        self.assertEqual(sheet.deduction_amount, sheet.deduction_base)
        self.assertEqual(sheet.net, 0)
        self._assert_lines_add_up(sheet)

    def test_late_submission_cut(self):
        self.scheme.late_submission_pct = 10.0
        sheet = self._generate()[self.emp_d]
        gross = DEFAULT_BASE_TABLE[5]
        discipline_part = gross - rhu(gross * 0.6)
        self.assertTrue(sheet.is_late)
        self.assertEqual(sheet.deduction_amount, rhu(discipline_part * 10 / 100))
        self.assertEqual(sheet.net, gross - rhu(discipline_part * 10 / 100))
        line = self._lines(sheet, C.LATE_SUBMISSION)
        self.assertEqual(line.source_ref, sheet.appraisal_id)

    def test_absences_across_the_month_end_count_as_consecutive(self):
        emp_e = self._make_tukin_employee("Eka Baru", self.agency_b, 5)
        self._attend_days(emp_e, MARCH[1:])  # absent on 3 March only
        alone = self._generate(employees=emp_e)[emp_e]
        self.assertEqual(alone.deduction_pct, 4)
        # February computed: no attendance at all, 20 absent working days ending the month.
        self._generate(self.february, employees=emp_e)
        sheet = self._generate(employees=emp_e)[emp_e]
        self.assertEqual(sheet.absent_days, 1)
        self.assertEqual(sheet.deduction_pct, 100)
        self.assertEqual(self._lines(sheet, C.ABSENT_STREAK).date, d(3))

    def test_leave_of_the_whole_month_stops_it(self):
        emp_e = self._make_tukin_employee("Eka Cuti", self.agency_b, 5)
        leave = self._leave(emp_e, d(3), d(28))
        sheet = self._generate(employees=emp_e)[emp_e]
        self.assertEqual(sheet.leave_days, 20)
        self.assertEqual(sheet.stop_reason, C.STOP_FULL_MONTH_LEAVE)
        self.assertEqual(sheet.net, 0)
        self.assertEqual(self._lines(sheet, C.LINE_STOP).source_ref, leave)

    # ------------------------------------------------------------------
    # Scheme variants
    # ------------------------------------------------------------------
    def test_split_40_60(self):
        self.scheme.write({"performance_share_pct": 40.0, "discipline_share_pct": 60.0})
        sheet = self._generate()[self.emp_c]
        gross = DEFAULT_BASE_TABLE[7]
        self.assertEqual(sheet.performance_part, rhu(gross * 0.4))
        self.assertEqual(sheet.discipline_part, gross - rhu(gross * 0.4))
        self.assertEqual(sheet.net, rhu(rhu(gross * 0.4) * 0.8))

    def test_predicate_table_with_one_month_lag(self):
        self.scheme.write({"performance_mode": C.PERFORMANCE_PREDICATE, "lag_months": 1})
        sheets = self._generate()
        february_a = self.env["iki.appraisal"].search(
            [("employee_id", "=", self.emp_a.id), ("period_id", "=", self.february.id)]
        )
        sheet = sheets[self.emp_a]
        self.assertEqual(sheet.appraisal_id, february_a)
        self.assertEqual(sheet.performance_month, "2025-02")
        self.assertEqual(sheet.predicate, "butuh_perbaikan")
        self.assertAlmostEqual(sheet.performance_factor, 0.90)
        self.assertEqual(sheet.performance_amount, rhu(sheet.performance_part * 0.90))
        factors = {emp: sheets[emp].performance_factor for emp in (self.emp_b, self.emp_c)}
        self.assertEqual(factors, {self.emp_b: 1.0, self.emp_c: 0.85})
        self.assertAlmostEqual(sheets[self.emp_d].performance_factor, 0.80)

    def test_lagged_month_must_be_closed(self):
        self.scheme.lag_months = 1
        self.february._iki_workflow_write({"state": "open"})
        with self.assertRaisesRegex(UserError, "2025-02"):
            self._generate()

    def test_criteria_add_to_the_base(self):
        self.scheme.write(
            {
                "criterion_ids": [
                    Command.create({"name": "Workload", "pct": 25.0, "min_class": 5}),
                    Command.create(
                        {"name": "Work condition", "pct": 20.0, "employee_ids": self.emp_b.ids}
                    ),
                ]
            }
        )
        sheet = self._generate()[self.emp_b]
        base = DEFAULT_BASE_TABLE[12]
        self.assertEqual(sheet.gross, base + rhu(base * 0.25) + rhu(base * 0.20))
        self.assertEqual(len(self._lines(sheet, C.LINE_CRITERIA)), 2)
        self.assertEqual(sheet.net, sheet.gross)

    def test_index_base_rounding_half_up_and_down(self):
        national, index = 6_795_000, 0.59112978
        self.scheme.write(
            {
                "base_mode": C.BASE_INDEX,
                "regional_index": index,
                "class_ids": [
                    Command.update(row.id, {"national_amount": national})
                    for row in self.scheme.class_ids
                ],
            }
        )
        sheet = self._generate(employees=self.emp_b)[self.emp_b]
        self.assertEqual(sheet.base, rhu(national * index))
        self.assertEqual(sheet.base, 4_016_727)
        self.scheme.rounding = C.ROUNDING_DOWN
        sheet = self._generate(employees=self.emp_b)[self.emp_b]
        self.assertEqual(sheet.base, rdown(national * index))
        self.assertEqual(sheet.base, 4_016_726)
        self.assertEqual(sheet.performance_part, rdown(sheet.base * 0.6))

    # ------------------------------------------------------------------
    # Punishments and stops
    # ------------------------------------------------------------------
    def test_punishment_months(self):
        Punishment = self.env["iki.tukin.punishment"]
        active = Punishment.create(
            {"name": "SK-1", "employee_id": self.emp_b.id, "date_start": "2024-10-01"}
        )
        Punishment.create(  # September to February: over by March
            {"name": "SK-2", "employee_id": self.emp_d.id, "date_start": "2024-09-15"}
        )
        Punishment.create(  # from April: not yet
            {"name": "SK-3", "employee_id": self.emp_c.id, "date_start": "2025-04-01"}
        )
        self.assertEqual(active.date_end, d(31))
        sheets = self._generate()
        sheet = sheets[self.emp_b]
        self.assertEqual(sheet.punishment_id, active)
        self.assertEqual(sheet.punishment_pct, 25)
        self.assertEqual(sheet.punishment_amount, rhu(sheet.after_deductions * 25 / 100))
        self.assertEqual(sheet.net, DEFAULT_BASE_TABLE[12] - rhu(DEFAULT_BASE_TABLE[12] * 0.25))
        self.assertEqual(self._lines(sheet, C.LINE_PUNISHMENT).source_ref, active)
        self.assertEqual(sheets[self.emp_d].punishment_pct, 0)
        self.assertEqual(sheets[self.emp_c].punishment_pct, 0)
        # The punishment stored is the one the engine applied: none when none cut the month.
        self.assertFalse(sheets[self.emp_d].punishment_id | sheets[self.emp_c].punishment_id)

    def test_suspension_stops_the_month(self):
        Stop = self.env["iki.tukin.stop"]
        stop = Stop.create(
            {"employee_id": self.emp_d.id, "reason": C.STOP_SUSPENSION, "date_from": d(1)}
        )
        Stop.create(  # starts after the first day: March is still paid
            {"employee_id": self.emp_b.id, "reason": C.STOP_STUDY_LEAVE, "date_from": d(10)}
        )
        sheets = self._generate()
        sheet = sheets[self.emp_d]
        self.assertEqual(sheet.stop_reason, C.STOP_SUSPENSION)
        self.assertEqual(sheet.stop_id, stop)
        self.assertEqual(sheet.net, 0)
        self.assertEqual(self._lines(sheet, C.LINE_STOP).source_ref, stop)
        self.assertFalse(sheets[self.emp_b].stop_reason)

    # ------------------------------------------------------------------
    # Refusals
    # ------------------------------------------------------------------
    def test_refused_for_an_open_month(self):
        april = self._period(4)
        with self.assertRaisesRegex(UserError, "not closed"):
            self._generate(april)

    def test_refused_without_scheme(self):
        self.scheme.date_from = d(1, 4)
        with self.assertRaisesRegex(UserError, "No Tukin scheme is in force"):
            self._generate()

    def test_missing_job_class_names_the_employees(self):
        self.scheme.class_ids.filtered(lambda row: row.job_class == 7).unlink()
        with self.assertRaisesRegex(UserError, self.emp_c.name):
            self._generate()

    def test_employee_without_job_class_names_them(self):
        self.emp_c.iki_job_class = 0
        with self.assertRaisesRegex(UserError, self.emp_c.name):
            self._generate()

    def test_employee_without_schedule_names_them(self):
        self.emp_d.resource_calendar_id = False
        with self.assertRaisesRegex(UserError, self.emp_d.name):
            self._generate()

    def test_only_payroll_officers_generate(self):
        with self.assertRaises(AccessError):
            self.env["iki.tukin.sheet"].with_user(self.user_hr_officer)._iki_generate_for_period(
                self.march
            )

    # ------------------------------------------------------------------
    # States
    # ------------------------------------------------------------------
    def test_recompute_keeps_drafts_and_leaves_confirmed_alone(self):
        sheets = self._generate()
        sheet_a, sheet_b = sheets[self.emp_a], sheets[self.emp_b]
        sheet_b.action_confirm()
        again = self._generate()
        self.assertEqual(again[self.emp_a], sheet_a)  # recomputed in place
        self.assertNotIn(self.emp_b, again)
        self.assertEqual(sheet_b.state, "confirmed")
        self.assertEqual(self.Sheet.search_count([("period_id", "=", self.march.id)]), 4)
        self._assert_lines_add_up(sheet_a)

    def test_confirm_in_batch_then_locked(self):
        sheets = self.Sheet.browse([s.id for s in self._generate().values()])
        sheets.action_confirm()
        self.assertEqual(set(sheets.mapped("state")), {"confirmed"})
        sheet = sheets.filtered(lambda s: s.employee_id == self.emp_a)
        with self.assertRaisesRegex(UserError, "frozen"):
            sheet.note = "Changed"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            sheet.unlink()
        with self.assertRaisesRegex(UserError, self.emp_a.name):
            self.env["iki.discipline.day"].with_user(self.user_payroll)._iki_store_month(
                self.march, self.emp_a
            )
        with self.assertRaisesRegex(UserError, "cannot be confirmed"):
            sheet.action_confirm()

    def test_status_changes_are_logged_per_sheet_in_one_batch(self):
        """Each sheet's chatter shows Draft -> Confirmed (then Confirmed -> Draft or -> Paid)
        as the field tracking would, and confirming more sheets takes no more queries."""
        sheets = self.Sheet.browse([s.id for s in self._generate().values()])
        sheets = sheets.with_context(tracking_disable=False, mail_notrack=False)
        self.assertEqual(len(sheets), 4)
        counts = []
        for batch in (sheets[:1], sheets[1:2], sheets[2:]):  # the first one warms the caches
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            batch.action_confirm()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2], "confirming 2 sheets costs what 1 does")
        sheets[2:].action_draft()
        sheets[:1].action_mark_paid()
        Tracking = self.env["mail.tracking.value"].sudo()
        for sheet in sheets:
            values = Tracking.search(
                [
                    ("mail_message_id.model", "=", "iki.tukin.sheet"),
                    ("mail_message_id.res_id", "=", sheet.id),
                    ("field_id.name", "=", "state"),
                ],
                order="id",
            )
            changes = [(v.old_value_char, v.new_value_char) for v in values]
            expected = [("Draft", "Confirmed")]
            if sheet in sheets[2:]:
                expected.append(("Confirmed", "Draft"))
            if sheet == sheets[0]:
                expected.append(("Confirmed", "Paid"))
            self.assertEqual(changes, expected, sheet.name)
            self.assertEqual(values.mail_message_id.author_id, self.user_payroll.partner_id)

    def test_paid_sheet_is_locked(self):
        sheet = self._generate()[self.emp_a]
        sheet.action_confirm()
        sheet.action_mark_paid()
        self.assertEqual(sheet.state, "paid")
        with self.assertRaisesRegex(AccessError, "workflow actions only"):
            sheet.payslip_id = False
        with self.assertRaisesRegex(UserError, "set back to draft"):
            sheet.action_draft()

    def test_draft_results_change_only_by_recompute(self):
        sheet = self._generate()[self.emp_a]
        with self.assertRaisesRegex(AccessError, "workflow actions only"):
            sheet.net = 1.0
        sheet.note = "Checked"
        sheet.action_confirm()
        sheet.action_draft()
        self.assertEqual(sheet.state, "draft")

    def test_hr_officer_cannot_confirm(self):
        sheet = self._generate()[self.emp_a]
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_hr_officer).action_confirm()

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_who_sees_which_sheets(self):
        self._generate()
        Sheet = self.env["iki.tukin.sheet"]
        own = Sheet.with_user(self.user_employee).search([])
        self.assertEqual(own.employee_id, self.emp_a)
        self.assertEqual(
            self.env["iki.tukin.sheet.line"].with_user(self.user_employee).search([]).sheet_id,
            own,
        )
        agency = Sheet.with_user(self.user_agency_admin).search([])
        self.assertEqual(agency.employee_id, self.emp_a | self.emp_b | self.emp_c)
        self.assertEqual(len(Sheet.with_user(self.user_hr_officer).search([])), 4)
        self.assertFalse(Sheet.with_user(self.user_c2).search([]))
        # The employee reads the explanation of her own sheet, sources included.
        lines = own.line_ids.with_user(self.user_employee)
        self.assertTrue(all(line.source_name for line in lines if line.source_id))

    # ------------------------------------------------------------------
    # Simulation
    # ------------------------------------------------------------------
    def test_month_service_computes_without_writing(self):
        """iki.tukin.month gathers the month and runs the engine without writing anything;
        the sheets store exactly its result."""
        days_before = self.Day.search_count([])
        month = self.env["iki.tukin.month"]._iki_compute(self.march, self.employees)
        self.assertEqual(set(month.items), set(self.employees.ids))
        self.assertEqual(self.Day.search_count([]), days_before)
        self.assertFalse(self.Sheet.search_count([("period_id", "=", self.march.id)]))
        sheets = self._generate()
        for employee in self.employees:
            item = month.items[employee.id]
            with self.subTest(employee=employee.name):
                self.assertEqual(sheets[employee].net, float(item.tukin.net))
                self.assertEqual(sheets[employee].working_days, len(item.facts["days"]))
                self.assertEqual(sheets[employee].appraisal_id, item.appraisal)

    def test_simulation_compares_with_previous_month(self):
        # February: nobody attended (no attendance recorded), so every discipline part is cut.
        february = {sheet.employee_id: sheet for sheet in self._generate(self.february).values()}
        self.assertEqual(february[self.emp_b].deduction_pct, 100)
        simulation = (
            self.env["iki.tukin.simulation"]
            .with_user(self.user_payroll)
            .create({"period_id": self.march.id})
        )
        simulation.action_simulate()
        march_days = self.env["iki.discipline.day"].search_count(
            [("employee_id", "in", self.employees.ids), ("date", ">=", d(1)), ("date", "<=", d(31))]
        )
        self.assertEqual(march_days, 0)  # nothing stored
        line_b = simulation.line_ids.filtered(lambda line: line.employee_id == self.emp_b)
        self.assertEqual(line_b.previous_net, february[self.emp_b].net)
        self.assertEqual(line_b.net, DEFAULT_BASE_TABLE[12])
        self.assertEqual(line_b.difference, line_b.net - line_b.previous_net)
        self.assertIn("Deductions (%): 100.0 -> 0.0", line_b.changes)
        # The simulation is the sheets' compute path: generating gives the same amounts.
        sheets = self._generate()
        for line in simulation.line_ids:
            with self.subTest(employee=line.employee_id.name):
                self.assertEqual(line.net, sheets[line.employee_id].net)
        self.assertEqual(simulation.total_net, sum(s.net for s in sheets.values()))
