"""What a reader sees of a Tukin sheet: the step names in his own language (whoever computed
the sheet), each step's own amount and the running total up to the net, a list that sums
money only, and the employee's own payslip, read only, from his sheet."""

import datetime

from odoo.exceptions import AccessError

from ..engine import constants as C
from .common import IkiTukinCommon, working_days
from .test_payroll import TukinPayrollCommon
from .test_translations import indonesian

MARCH = working_days(2025, 3)


class TestSheetReading(IkiTukinCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._march_of_emp_a()  # deductions, 3 days of sick leave
        cls.march = cls._closed_period(3, {cls.emp_a: {"achievement": 95.5, "predicate": "baik"}})
        cls.env["iki.tukin.stop"].create(
            {
                "employee_id": cls.emp_d.id,
                "reason": C.STOP_SUSPENSION,
                "date_from": datetime.date(2025, 3, 1),
            }
        )
        sheets = cls.Sheet.with_user(cls.user_payroll)._iki_generate_for_period(
            cls.march, cls.emp_a | cls.emp_d
        )
        cls.sheet = sheets.filtered(lambda s: s.employee_id == cls.emp_a)
        cls.stopped = sheets.filtered(lambda s: s.employee_id == cls.emp_d)

    def _line(self, sheet, code, lang="en_US"):
        lines = sheet.with_context(lang=lang).line_ids
        return lines.filtered(lambda line: line.code == code)

    def test_step_names_in_the_reader_language(self):
        self.assertEqual(self.user_payroll.lang, "en_US")  # who computed the sheet
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["iki_tukin"], ["id_ID"], overwrite=True)
        leave = self._line(self.sheet, C.LINE_LEAVE)
        self.assertEqual(leave.label_detail, C.LEAVE_SICK)  # stored untranslated
        cases = (
            (self.sheet, C.LINE_BASE, "Base amount", "Besaran dasar"),
            (self.sheet, C.LINE_PERFORMANCE_PART, "Performance part", "Komponen kinerja"),
            (self.sheet, C.TL3, "Late arrival TL3", indonesian("iki_tukin", "Late arrival TL3")),
            (
                self.sheet,
                C.LINE_LEAVE,
                "Leave: Sick leave (cuti sakit)",
                "Cuti: " + indonesian("iki_tukin", "Sick leave (cuti sakit)"),
            ),
            (self.stopped, C.LINE_STOP, "Suspended", indonesian("iki_tukin", "Suspended")),
        )
        for sheet, code, english, bahasa in cases:
            with self.subTest(code=code):
                self.assertNotEqual(english, bahasa)
                self.assertEqual(self._line(sheet, code).name, english)
                self.assertEqual(self._line(sheet, code, "id_ID").name, bahasa)

    def test_default_scheme_named_in_the_reader_language(self):
        self.env["res.lang"]._activate_lang("id_ID")
        company = self.env["res.company"].create({"name": "Pemprov Bahasa"})
        scheme = self.env["iki.tukin.scheme"].search([("company_id", "=", company.id)])
        for lang, msgid in (
            ("en_US", "Default Tukin scheme (60/40, proportional)"),
            ("id_ID", indonesian("iki_tukin", "Default Tukin scheme (60/40, proportional)")),
        ):
            with self.subTest(lang=lang):
                self.assertEqual(scheme.with_context(lang=lang).name, msgid)
        self.assertEqual(
            scheme.with_context(lang="id_ID").regulation,
            indonesian("iki_tukin", "Example regional regulation (Perkada) on TPP"),
        )

    def test_each_step_shows_its_own_amount(self):
        sheet = self.sheet
        own = {
            C.LINE_BASE: sheet.base,
            C.LINE_PERFORMANCE_PART: sheet.performance_part,
            C.LINE_DISCIPLINE_PART: sheet.discipline_part,
            C.LINE_PERFORMANCE: sheet.performance_amount,
        }
        for code, amount in own.items():
            with self.subTest(code=code):
                self.assertTrue(amount)
                self.assertEqual(self._line(sheet, code).step_amount, amount)
        # The parts only show a step: they add nothing to the net themselves.
        self.assertEqual(self._line(sheet, C.LINE_PERFORMANCE_PART).amount, 0)
        # The performance result adds the performance amount minus the part to the net.
        self.assertEqual(
            self._line(sheet, C.LINE_PERFORMANCE).amount,
            sheet.performance_amount - sheet.performance_part,
        )
        # A cut shows itself (negative), as it adds itself.
        tl3 = self._line(sheet, C.TL3)
        self.assertLess(tl3.step_amount, 0)
        self.assertEqual(tl3.step_amount, tl3.amount)

    def test_running_total_reaches_the_net(self):
        total = 0.0
        for line in self.sheet.line_ids.sorted("sequence"):
            total += line.amount
            self.assertEqual(line.running_total, total)
        self.assertEqual(total, self.sheet.net)

    def test_the_list_sums_money_only(self):
        fields = self.env["iki.tukin.sheet"].fields_get(attributes=["aggregator", "type"])
        for fname in (
            "job_class",
            "year",
            "achievement",
            "leave_factor",
            "performance_factor",
            "deduction_pct",
            "punishment_pct",
        ):
            with self.subTest(field=fname):
                self.assertFalse(fields[fname].get("aggregator"))
        for fname in ("gross", "net", "deduction_amount"):
            with self.subTest(field=fname):
                self.assertEqual(fields[fname]["aggregator"], "sum")
        [group] = self.env["iki.tukin.sheet"].read_group(
            [("id", "=", self.sheet.id)], ["job_class", "net:sum"], ["period_id"]
        )
        self.assertNotIn("job_class", group)


class TestOwnPayslip(TukinPayrollCommon):
    """emp_a (user_employee) and emp_b are paid by a payslip batch of February."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        results = {
            cls.emp_a: {"achievement": 100.0, "predicate": "baik"},
            cls.emp_b: {"achievement": 95.0, "predicate": "baik"},
        }
        sheets, run = cls._paid_month(results)
        cls.slip_a = run.slip_ids.filtered(lambda s: s.employee_id == cls.emp_a)
        cls.slip_b = run.slip_ids.filtered(lambda s: s.employee_id == cls.emp_b)
        cls.sheet_a = sheets.filtered(lambda s: s.employee_id == cls.emp_a)

    def test_staff_open_their_payslip_read_only(self):
        self.assertEqual(self.sheet_a.payslip_id, self.slip_a)
        sheet = self._as_user(self.sheet_a, self.user_employee)
        action = sheet.action_open_payslip()
        self.assertEqual((action["res_model"], action["res_id"]), ("hr.payslip", self.slip_a.id))
        self.assertEqual(
            action["views"], [(self.env.ref("iki_tukin.hr_payslip_view_form_employee").id, "form")]
        )
        slip = self.env["hr.payslip"].with_user(self.user_employee).browse(self.slip_a.id)
        values = slip.web_read(
            {
                "name": {},
                "state": {},
                "employee_id": {"fields": {"display_name": {}}},
                "line_ids": {"fields": {"name": {}, "total": {}}},
            }
        )
        self.assertEqual(len(values[0]["line_ids"]), len(self.slip_a.line_ids))
        Payslip = self.env["hr.payslip"].with_user(self.user_employee)
        self.assertEqual(Payslip.search([]), slip)
        self.assertEqual(
            self.env["hr.payslip.line"].with_user(self.user_employee).search([]),
            self.slip_a.line_ids.with_user(self.user_employee),
        )

    def test_staff_cannot_read_others_nor_write(self):
        other = self.env["hr.payslip"].with_user(self.user_employee).browse(self.slip_b.id)
        with self.assertRaises(AccessError):
            other.read(["name"])
        own = self._as_user(self.slip_a, self.user_employee)
        name = self.slip_a.name
        with self.assertRaises(AccessError):
            own.write({"name": "Slip saya"})
        self.assertEqual(self.slip_a.name, name)

    def test_payroll_users_keep_every_line(self):
        lines = self.env["hr.payslip.line"].with_user(self.user_payroll_manager).search([])
        self.assertEqual(
            lines, (self.slip_a | self.slip_b).line_ids.with_user(self.user_payroll_manager)
        )
        action = self.sheet_a.with_user(self.user_payroll).action_open_payslip()
        self.assertNotIn("views", action)

    def test_payslip_named_in_the_employee_language(self):
        self.assertEqual(self.slip_a.name, f"Payslip of {self.emp_a.name}, February 2025")
        self.env["res.lang"]._activate_lang("id_ID")
        self.user_employee.lang = "id_ID"
        self.slip_a.with_user(self.user_payroll_manager)._compute_name()  # by an English user
        self.assertIn("Februari 2025", self.slip_a.name)
        self.assertIn(self.emp_a.name, self.slip_a.name)
