"""Tukin/TPP on the OCA payslip: the sheet of the month feeds the TPP_* rules, in batch."""

import datetime
import logging

from freezegun import freeze_time

from odoo import Command
from odoo.addons.iki_performance.tests.common_cycle import MONTH_TARGET, IkiCycleCommon
from odoo.exceptions import UserError

from ..models.hr_payslip import RULE_NET
from ..models.iki_tukin_scheme import DEFAULT_BASE_TABLE
from ..models.res_company import MISSING_SHEET_SKIP
from .common import YEAR, IkiTukinCommon, rhu, working_days

MONTH = 2
DATE_FROM = datetime.date(YEAR, MONTH, 1)
DATE_TO = datetime.date(YEAR, MONTH, 28)
MONTH_LABEL = f"February {YEAR}"
RULE_CODES = ("TPP_GROSS", "TPP_PERF", "TPP_DPART", "TPP_DISC", "TPP_PUN", "TPP_NET")
# Test amounts of the hand-made sheets (whole rupiah): performance share, performance
# factor, discipline deduction and punishment cut in percent.
PERFORMANCE_SHARE = 60
PERFORMANCE_FACTOR = 90
DEDUCTION_PCT = 3
PUNISHMENT_PCT = 25

_logger = logging.getLogger(__name__)


def sheet_amounts(index):
    """Amounts of the hand-made sheet number ``index``, built like the engine does (a
    punishment for every third employee)."""
    gross = 4_000_000 + 250_000 * index
    performance_part = gross * PERFORMANCE_SHARE // 100
    discipline_part = gross - performance_part
    performance_amount = performance_part * PERFORMANCE_FACTOR // 100
    deduction_amount = discipline_part * DEDUCTION_PCT // 100
    after_deductions = performance_amount + discipline_part - deduction_amount
    punishment_amount = after_deductions * PUNISHMENT_PCT // 100 if index % 3 == 0 else 0
    return {
        "base": gross,
        "gross": gross,
        "payable_gross": gross,
        "performance_part": performance_part,
        "performance_amount": performance_amount,
        "discipline_part": discipline_part,
        "deduction_base": discipline_part,
        "deduction_amount": deduction_amount,
        "after_deductions": after_deductions,
        "punishment_amount": punishment_amount,
        "net": after_deductions - punishment_amount,
    }


class TukinPayrollCommon(IkiTukinCommon):
    """The Tukin structure of ``company`` (a copy of the shipped one: a structure belongs to
    one company, the rules are shared), a structure with as many rules and no Tukin, an OCA
    payroll manager (the least privileged user who runs payslip batches) and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.structure = cls.env.ref("iki_tukin.hr_payroll_structure_asn_tpp").copy(
            {"company_id": cls.company.id, "code": "ASN_TPP"}
        )
        cls.category_tpp = cls.env.ref("iki_tukin.hr_salary_rule_category_tpp")
        cls.structure_plain = cls.env["hr.payroll.structure"].create(
            {
                "name": "Plain",
                "code": "PLAIN",
                "company_id": cls.company.id,
                "rule_ids": [
                    Command.create(
                        {
                            "name": f"Plain {seq}",
                            "code": f"PLAIN{seq}",
                            "sequence": seq,
                            "condition_select": "python",
                            "condition_python": "result = contract.wage > 0",
                            "amount_select": "code",
                            "amount_python_compute": "result = contract.wage",
                        }
                    )
                    for seq in range(1, 7)
                ],
            }
        )
        cls.user_payroll_manager = cls._new_user(
            "tukin_payroll_manager", "base.group_user,payroll.group_payroll_manager"
        )

    @classmethod
    def _contracts(cls, employees):
        return cls.env["hr.contract"].create(
            [
                {
                    "name": f"Contract {employee.name}",
                    "employee_id": employee.id,
                    "company_id": employee.company_id.id,
                    "wage": 3_000_000,
                    "date_start": datetime.date(YEAR, 1, 1),
                    "state": "open",
                    "struct_id": cls.structure.id,
                    "resource_calendar_id": employee.resource_calendar_id.id,
                }
                for employee in employees
            ]
        )

    @classmethod
    def _paid_month(cls, results):
        """The month closed with ``results`` (employee: result), its employees attending every
        working day, their sheets generated and confirmed by the payroll officer, their
        contracts and the payslip batch the payroll manager computes: ``(sheets, run)``."""
        employees = cls.env["hr.employee"].union(*results)
        period = cls._closed_period(MONTH, results)
        for employee in employees:
            cls._attend_days(employee, working_days(YEAR, MONTH))
        sheets = cls.Sheet.with_user(cls.user_payroll)._iki_generate_for_period(period, employees)
        sheets._action_confirm()
        cls._contracts(employees)
        return sheets, TukinPayrollCommon._run(cls, employees, user=cls.user_payroll_manager)

    def _run(self, employees, user=None):
        """A payslip batch of the month for ``employees``, computed through the OCA wizard."""
        env = self.env(user=user) if user else self.env
        run = env["hr.payslip.run"].create(
            {"name": "Februari", "date_start": DATE_FROM, "date_end": DATE_TO}
        )
        wizard = env["hr.payslip.employees"].create({"employee_ids": [Command.set(employees.ids)]})
        wizard.with_context(active_id=run.id).compute_sheet()
        return run

    def _slips(self, employees, structure=None):
        """Draft payslips of the month (not computed) for ``employees``."""
        return self.env["hr.payslip"].create(
            [
                {
                    "name": f"Slip {employee.name}",
                    "employee_id": employee.id,
                    "contract_id": employee.contract_id.id,
                    "struct_id": (structure or self.structure).id,
                    "company_id": employee.company_id.id,
                    "date_from": DATE_FROM,
                    "date_to": DATE_TO,
                }
                for employee in employees
            ]
        )

    def _line(self, slip, code):
        return slip.line_ids.filtered(lambda line: line.code == code)

    def _assert_tukin_lines(self, slip, sheet):
        """Each TPP_* line shows its amount of the sheet; category TPP adds up to the net."""
        expected = {
            "TPP_GROSS": sheet.gross,
            "TPP_PERF": sheet.performance_amount,
            "TPP_DPART": sheet.discipline_part,
            "TPP_DISC": -sheet.deduction_amount,
            "TPP_PUN": -sheet.punishment_amount,
            "TPP_NET": sheet.net,
        }
        for code, amount in expected.items():
            self.assertEqual(
                self._line(slip, code).total, amount, f"{slip.employee_id.name} {code}"
            )
        tpp_total = sum(
            slip.line_ids.filtered(lambda line: line.category_id == self.category_tpp).mapped(
                "total"
            )
        )
        self.assertEqual(tpp_total, sheet.net, "category TPP adds up to the net")


class TestTukinPayroll(TukinPayrollCommon):
    """Hand-made confirmed sheets with known amounts for nine employees of February."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        make = cls._make_tukin_employee
        cls.tukin_employees = cls.env["hr.employee"].browse()
        for index in range(1, 10):
            cls.tukin_employees |= make(f"Pegawai Tukin {index}", cls.agency_a, 9)
        cls.no_sheet_employee = make("Pegawai Tanpa Lembar", cls.agency_a, 9)
        cls.draft_sheet_employee = make("Pegawai Lembar Draf", cls.agency_a, 9)
        cls._contracts(cls.tukin_employees | cls.no_sheet_employee | cls.draft_sheet_employee)
        cls.period = cls._period(MONTH)
        cls._close(cls.period)
        # Given amounts (the computation is tested in test_sheet), created as the workflow.
        Sheet = cls.Sheet
        with Sheet._iki_workflow():
            cls.sheets = Sheet.create(
                [
                    dict(
                        sheet_amounts(index),
                        period_id=cls.period.id,
                        employee_id=employee.id,
                        state="confirmed",
                    )
                    for index, employee in enumerate(cls.tukin_employees, start=1)
                ]
            )
            cls.draft_sheet = Sheet.create(
                dict(
                    sheet_amounts(1),
                    period_id=cls.period.id,
                    employee_id=cls.draft_sheet_employee.id,
                )
            )
        cls.sheet_of = {sheet.employee_id: sheet for sheet in cls.sheets}

    # ------------------------------------------------------------------
    # Computing
    # ------------------------------------------------------------------
    def test_batch_computes_tukin_of_every_employee(self):
        employees = self.tukin_employees[:4]
        run = self._run(employees)
        self.assertEqual(len(run.slip_ids), 4)
        for slip in run.slip_ids:
            sheet = self.sheet_of[slip.employee_id]
            self.assertEqual(slip.state, "verify")
            self.assertEqual(slip.iki_tukin_sheet_id, sheet)
            self.assertEqual(sheet.payslip_id, slip)
            self.assertEqual(self._line(slip, RULE_NET).total, sheet.net)
            self._assert_tukin_lines(slip, sheet)
        # The third employee's sheet has a punishment cut, shown as a negative line.
        third = run.slip_ids.filtered(lambda s: s.employee_id == employees[2])
        amounts = sheet_amounts(3)
        self.assertEqual(
            self._line(third, "TPP_PUN").total,
            -(amounts["after_deductions"] * PUNISHMENT_PCT // 100),
        )

    def test_recompute_keeps_the_link(self):
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        slip.compute_sheet()
        sheet = self.sheet_of[slip.employee_id]
        self.assertEqual(slip.iki_tukin_sheet_id, sheet)
        self.assertEqual(len(self._line(slip, RULE_NET)), 1)
        self._assert_tukin_lines(slip, sheet)

    def test_structure_without_tukin_needs_no_sheet(self):
        slip = self._slips(self.no_sheet_employee, self.structure_plain)
        slip.compute_sheet()
        self.assertFalse(slip.iki_tukin_sheet_id)
        self.assertFalse(slip.line_ids.filtered(lambda line: line.code in RULE_CODES))
        self.assertEqual(len(slip.line_ids), 6)

    def test_tukin_is_detected_from_the_rule_not_its_code(self):
        """A payslip needs a Tukin/TPP sheet when one of its rules is flagged as reading it
        (the rules of the Tukin/TPP categories are), whatever the text of the rules' code."""
        self.assertTrue(all(self.structure.rule_ids.mapped("iki_reads_tukin")))
        plain, other = self.structure_plain.rule_ids[:2]
        self.assertFalse(plain.iki_reads_tukin)
        plain.amount_python_compute = "# not payroll.tukin.net\nresult = contract.wage"
        slip = self._slips(self.no_sheet_employee, self.structure_plain)
        slip.compute_sheet()
        self.assertFalse(slip.iki_tukin_sheet_id)
        self.assertEqual(len(slip.line_ids), 6)
        # Flagged by hand on a rule of another category: the sheet is needed.
        plain.iki_reads_tukin = True
        flagged = self._slips(self.no_sheet_employee, self.structure_plain)
        with self.assertRaises(UserError) as caught:
            flagged.compute_sheet()
        self.assertIn(f"{self.no_sheet_employee.name} (no sheet)", str(caught.exception))
        self.assertFalse(flagged.line_ids)
        # A rule put in the Tukin/TPP category reads the sheet.
        other.category_id = self.category_tpp
        self.assertTrue(other.iki_reads_tukin)

    def test_missing_sheet_is_refused_with_names_and_month(self):
        slips = self._slips(
            self.tukin_employees[:2] | self.no_sheet_employee | self.draft_sheet_employee
        )
        with self.assertRaises(UserError) as caught:
            slips.compute_sheet()
        message = str(caught.exception)
        self.assertIn(MONTH_LABEL, message)
        self.assertIn(f"{self.no_sheet_employee.name} (no sheet)", message)
        self.assertIn(f"{self.draft_sheet_employee.name} (sheet not confirmed)", message)
        self.assertNotIn(self.tukin_employees[0].name, message)

    def test_missing_sheet_skipped_by_company_policy(self):
        self.company.iki_tukin_missing_sheet_policy = MISSING_SHEET_SKIP
        run = self._run(self.tukin_employees[:2] | self.no_sheet_employee)
        skipped = run.slip_ids.filtered(lambda s: s.employee_id == self.no_sheet_employee)
        self.assertEqual(skipped.state, "verify")
        self.assertFalse(skipped.iki_tukin_sheet_id)
        self.assertFalse(skipped.line_ids.filtered(lambda line: line.code in RULE_CODES))
        self.assertIn(
            "computed without Tukin/TPP lines", " ".join(skipped.message_ids.mapped("body"))
        )
        for slip in run.slip_ids - skipped:
            self._assert_tukin_lines(slip, self.sheet_of[slip.employee_id])

    def test_sheet_is_paid_once(self):
        first = self._slips(self.tukin_employees[:1])
        first.compute_sheet()
        second = self._slips(self.tukin_employees[:1])
        with self.assertRaises(UserError) as caught:
            second.compute_sheet()
        self.assertIn("cannot be paid twice", str(caught.exception))

    def test_payslip_over_two_months_is_refused(self):
        slip = self._slips(self.tukin_employees[:1])
        slip.date_to = datetime.date(YEAR, MONTH + 1, 15)
        with self.assertRaises(UserError):
            slip.compute_sheet()

    # ------------------------------------------------------------------
    # Paying, cancelling, deleting
    # ------------------------------------------------------------------
    def test_done_payslip_pays_and_locks_the_sheet(self):
        run = self._run(self.tukin_employees[:3], user=self.user_payroll_manager)
        slips = run.slip_ids.with_user(self.user_payroll_manager)
        for slip in slips:  # OCA confirms one payslip at a time
            slip.action_payslip_done()
        # The OCA payroll manager needs no rights on the sheets; the form shows the link.
        shown = slips[0].web_read({"iki_tukin_sheet_id": {"fields": {"display_name": {}}}})
        self.assertEqual(
            shown[0]["iki_tukin_sheet_id"]["id"], slips[0].sudo().iki_tukin_sheet_id.id
        )
        slips = slips.with_env(self.env)
        sheets = slips.iki_tukin_sheet_id
        self.assertEqual(len(sheets), 3)
        self.assertEqual(set(sheets.mapped("state")), {"paid"})
        for slip in slips:
            self.assertEqual(slip.iki_tukin_sheet_id.payslip_id, slip)
        with self.assertRaises(UserError):
            sheets[0].write({"note": "Changed after payment"})
        with self.assertRaises(UserError):
            sheets[0]._action_draft()

    def test_payroll_manager_recomputes_and_deletes_without_sheet_rights(self):
        run = self._run(self.tukin_employees[:2], user=self.user_payroll_manager)
        slips = run.slip_ids.with_user(self.user_payroll_manager)
        slips.compute_sheet()
        slips.action_payslip_cancel()
        slips.action_payslip_draft()
        slips.unlink()
        sheets = self.sheets[:2]
        self.assertFalse(sheets.payslip_id)
        self.assertEqual(set(sheets.mapped("state")), {"confirmed"})

    def test_done_refused_when_the_sheet_changed(self):
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        sheet = slip.iki_tukin_sheet_id
        sheet._iki_workflow_write({"net": sheet.net - 1000})
        with self.assertRaises(UserError):
            slip.with_context(without_compute_sheet=True).action_payslip_done()

    def test_cancelling_a_done_payslip_unpays_with_notes(self):
        self.env["ir.config_parameter"].sudo().set_param("payroll.allow_cancel_payslips", True)
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        slip.action_payslip_done()
        sheet = slip.iki_tukin_sheet_id
        self.assertEqual(sheet.state, "paid")
        slip.action_payslip_cancel()
        self.assertEqual(sheet.state, "confirmed")
        self.assertFalse(sheet.payslip_id)
        self.assertIn("no longer paid", " ".join(slip.message_ids.mapped("body")))
        self.assertIn("no longer paid", " ".join(sheet.message_ids.mapped("body")))
        # Another payslip may now pay the month.
        again = self._slips(slip.employee_id)
        again.compute_sheet()
        again.action_payslip_done()
        self.assertEqual(sheet.payslip_id, again)
        self.assertEqual(sheet.state, "paid")

    def test_refunding_a_done_payslip_unpays_with_notes(self):
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        slip.action_payslip_done()
        sheet = slip.iki_tukin_sheet_id
        slip.refund_sheet()
        refund = slip.refunded_id
        self.assertEqual(refund.state, "done")
        self.assertFalse(refund.iki_tukin_sheet_id)
        self.assertEqual(sheet.state, "confirmed")
        self.assertFalse(sheet.payslip_id)
        self.assertIn("refunded", " ".join(sheet.message_ids.mapped("body")))

    def test_done_payslip_cannot_be_cancelled_by_default(self):
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        slip.action_payslip_done()
        with self.assertRaises(UserError):
            slip.action_payslip_cancel()
        self.assertEqual(slip.iki_tukin_sheet_id.state, "paid")

    def test_done_payslip_set_to_draft_unpays_with_notes(self):
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        slip.action_payslip_done()
        sheet = slip.iki_tukin_sheet_id
        slip.action_payslip_draft()
        self.assertEqual(sheet.state, "confirmed")
        self.assertIn("no longer paid", " ".join(sheet.message_ids.mapped("body")))

    def test_deleting_a_draft_payslip_frees_the_sheet(self):
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        sheet = slip.iki_tukin_sheet_id
        slip.action_payslip_draft()
        slip.unlink()
        self.assertFalse(sheet.payslip_id)
        self.assertEqual(sheet.state, "confirmed")

    # ------------------------------------------------------------------
    # The month
    # ------------------------------------------------------------------
    def test_reopening_the_month_is_refused(self):
        with self.assertRaises(UserError) as caught:
            self.period._action_reopen("Correction of an appraisal")
        self.assertIn("9 Tukin/TPP sheets are confirmed for payroll", str(caught.exception))
        slip = self._slips(self.tukin_employees[:1])
        slip.compute_sheet()
        slip.action_payslip_done()
        with self.assertRaises(UserError) as caught:
            self.period._action_reopen("Correction of an appraisal")
        self.assertIn("1 Tukin/TPP sheets are paid through payroll", str(caught.exception))
        self.assertEqual(self.period.state, "closed")

    def test_reopening_a_month_without_payroll_use(self):
        other = self._period(1)
        self._close(other)
        self.assertEqual(other._iki_in_use_reasons(), [])

    # ------------------------------------------------------------------
    # Cost
    # ------------------------------------------------------------------
    def _compute_queries(self, employees, structure):
        """Queries of computing (and flushing) a batch of fresh payslips; the payslips are
        cancelled afterwards so that the sheets are free again."""
        slips = self._slips(employees, structure)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        slips.compute_sheet()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        slips.action_payslip_cancel()
        return count

    def test_tukin_adds_no_query_per_payslip(self):
        employees = self.tukin_employees
        for structure in (self.structure, self.structure_plain):  # warm-up
            self._compute_queries(employees[:1], structure)
        tukin_3 = self._compute_queries(employees[:3], self.structure)
        tukin_9 = self._compute_queries(employees, self.structure)
        plain_3 = self._compute_queries(employees[:3], self.structure_plain)
        plain_9 = self._compute_queries(employees, self.structure_plain)
        _logger.info(
            "Computing 3 / 9 payslips: %s / %s queries with the Tukin rules, %s / %s without",
            tukin_3,
            tukin_9,
            plain_3,
            plain_9,
        )
        self.assertEqual(
            tukin_9 - tukin_3,
            plain_9 - plain_3,
            f"Tukin: {tukin_3} -> {tukin_9} queries, without: {plain_3} -> {plain_9}",
        )


class TestTukinPayrollGenerated(TukinPayrollCommon):
    """End to end: sheets generated from appraisals and attendances, confirmed, then paid by
    a payslip batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        days = working_days(YEAR, MONTH)
        results = {
            cls.emp_a: {"achievement": 100.0, "predicate": "baik"},
            cls.emp_b: {"achievement": 95.0, "predicate": "baik"},
            cls.emp_c: {"achievement": 80.0, "predicate": "butuh_perbaikan"},
            cls.emp_d: {"achievement": 110.0, "predicate": "sangat_baik"},
        }
        cls.period = cls._closed_period(MONTH, results)
        for employee in cls.employees:
            # emp_b is 45 minutes late (TL2) on the first day, emp_c absent on the second.
            first = days[:1] if employee != cls.emp_b else []
            second = days[1:2] if employee != cls.emp_c else []
            cls._attend_days(employee, first + second + days[2:])
        cls._attend(cls.emp_b, days[0], "08:45", "16:00")
        cls.sheets = cls.Sheet.with_user(cls.user_payroll)._iki_generate_for_period(cls.period)
        cls.sheets._action_confirm()
        cls._contracts(cls.employees)

    def test_payroll_officer_runs_a_batch_with_time_off(self):
        # The payroll officer group alone computes a batch of the company's employees, one of
        # them on approved time off in the month (payroll reads hr.leave for the worked days).
        days = working_days(YEAR, MONTH)
        self._leave(self.emp_c, days[3], days[3])
        run = self._run(self.employees, user=self.user_payroll)
        slips = run.slip_ids.with_env(self.env)
        self.assertEqual(slips.employee_id, self.employees)
        for slip in slips:
            self.assertEqual(self._line(slip, RULE_NET).total, slip.iki_tukin_sheet_id.net)

    def test_batch_pays_the_generated_sheets(self):
        self.assertEqual(self.sheets.employee_id, self.employees)
        run = self._run(self.employees, user=self.user_payroll_manager)
        slips = run.slip_ids.with_env(self.env)
        self.assertEqual(slips.employee_id, self.employees)
        for slip in slips:
            sheet = slip.iki_tukin_sheet_id
            self.assertEqual(sheet.employee_id, slip.employee_id)
            self.assertEqual(self._line(slip, RULE_NET).total, sheet.net)
            self._assert_tukin_lines(slip, sheet)
            self.assertEqual(
                sheet.net,
                sheet.performance_amount
                + sheet.discipline_part
                - sheet.deduction_amount
                - sheet.punishment_amount,
            )
        # The discipline of emp_b (late) and emp_c (absent) shows as a deduction line.
        for employee in self.emp_b | self.emp_c:
            slip = slips.filtered(lambda s, e=employee: s.employee_id == e)
            self.assertLess(self._line(slip, "TPP_DISC").total, 0)
        for slip in run.slip_ids.with_user(self.user_payroll_manager):
            slip.action_payslip_done()
        self.assertEqual(set(self.sheets.mapped("state")), {"paid"})


class TestTukinRealChain(TukinPayrollCommon, IkiCycleCommon):
    """The whole month through the public workflow, nothing faked: HR opens February, the
    employees submit their realisations, the appraiser approves, HR closes the month after its
    cut-off; then the payroll officer computes the discipline days and the Tukin sheets and
    confirms them, a payslip batch computes and confirms the payslips, and the sheets are paid.

    IkiCycleCommon's approved plans: staff_1 (``emp_a``, class 9) and staff_2 (``emp_b``, class
    12), one indicator of monthly target :data:`MONTH_TARGET` each.
    """

    REALISATIONS = {"emp_a": 9.0, "emp_b": 12.0}  # achievements 90% and 120%
    CASES = {"emp_a": (9, 1), "emp_b": (12, 4)}  # job class, discipline deductions (%)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chain_employees = cls.emp_a | cls.emp_b
        days = working_days(YEAR, MONTH)
        with freeze_time(f"{YEAR}-02-24 10:00:00"):  # before the cut-off of February
            cls.period = cls._open_month(MONTH)
            for name, realisation in cls.REALISATIONS.items():
                appraisal = cls._appraisal(getattr(cls, name))
                cls._submit_month(appraisal, realisation)
                cls._approve_month(appraisal)
        cls._close(cls.period)
        # emp_a: 45 minutes late (TL2, 1%) on the first day; emp_b absent on the sixth (4%).
        cls._attend(cls.emp_a, days[0], "08:45", "16:00")
        cls._attend_days(cls.emp_a, days[1:])
        cls._attend_days(cls.emp_b, days[:5] + days[6:])
        cls._contracts(cls.chain_employees)

    def _expected_net(self, job_class, achievement, deduction_pct):
        """The net of a month without leave or punishment, by the default scheme's formula."""
        gross = DEFAULT_BASE_TABLE[job_class]
        performance_part = rhu(gross * 60 / 100)
        discipline_part = gross - performance_part
        performance_amount = rhu(performance_part * min(achievement, 100) / 100)
        return performance_amount + discipline_part - rhu(discipline_part * deduction_pct / 100)

    def test_open_submit_approve_close_compute_confirm_pay(self):
        period = self.period
        self.assertEqual(period.state, "closed")
        self.assertEqual(period.closed_by_id, self.user_hr_officer)
        self.assertEqual(period.closed_date, self._after_cutoff(period))
        appraisals = {name: self._appraisal(getattr(self, name)) for name in self.REALISATIONS}
        for name, realisation in self.REALISATIONS.items():
            appraisal = appraisals[name]
            self.assertEqual(appraisal.state, "approved")
            self.assertFalse(appraisal.is_late or appraisal.is_missing)
            self.assertAlmostEqual(appraisal.achievement, realisation / MONTH_TARGET * 100)
        # Discipline days, then the sheets of the month (which store the days again).
        Day = self.env["iki.discipline.day"].with_user(self.user_payroll)
        days = Day._iki_store_month(period, self.chain_employees)
        self.assertEqual(len(days), 2 * len(working_days(YEAR, MONTH)))
        Sheet = self.env["iki.tukin.sheet"].with_user(self.user_payroll)
        sheets = Sheet._iki_generate_for_period(period)
        sheet_of = {sheet.employee_id: sheet for sheet in sheets}
        expected = {}
        for name, (job_class, deduction_pct) in self.CASES.items():
            employee = getattr(self, name)
            achievement = self.REALISATIONS[name] / MONTH_TARGET * 100
            expected[employee] = self._expected_net(job_class, achievement, deduction_pct)
            self.assertEqual(sheet_of[employee].appraisal_id, appraisals[name])
            self.assertEqual(sheet_of[employee].net, expected[employee], employee.name)
        sheets.action_confirm()
        run = self._run(self.chain_employees, user=self.user_payroll_manager)
        slips = run.slip_ids.with_user(self.user_payroll_manager)
        for slip in slips:  # OCA confirms one payslip at a time
            slip.action_payslip_done()
        slips = slips.with_env(self.env)
        self.assertEqual(slips.employee_id, self.chain_employees)
        for slip in slips:
            sheet = sheet_of[slip.employee_id]
            self.assertEqual(slip.state, "done")
            self.assertEqual(self._line(slip, RULE_NET).total, expected[slip.employee_id])
            self._assert_tukin_lines(slip, sheet)
            self.assertEqual((sheet.state, sheet.payslip_id), ("paid", slip))
