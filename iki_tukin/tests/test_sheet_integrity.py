"""Workflow integrity of the Tukin sheets and of the months they use (issue 8, class 1): only
the sheet's own actions write its amounts, status and payslip link; nothing a client sends
(context keys, fields, ids) opens them; decided sheets are never deleted; a month whose Tukin
is confirmed is not reopened by writing its state."""

from odoo.exceptions import AccessError, UserError

from .common import IkiTukinCommon, working_days

MARCH = working_days(2025, 3)

HOSTILE = {
    "iki_tukin_sheet_workflow": True,
    "iki_period_workflow": True,
    "tracking_disable": True,
    "mail_notrack": True,
}


class TestSheetIntegrity(IkiTukinCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._attend_days(cls.emp_a, MARCH)
        cls.march = cls._closed_period(3, {cls.emp_a: {"achievement": 95.5, "predicate": "baik"}})
        cls.Sheet = cls.env["iki.tukin.sheet"].with_user(cls.user_payroll)

    def _generate(self):
        sheets = self.Sheet._iki_generate_for_period(self.march, self.emp_a)
        return {sheet.employee_id: sheet for sheet in sheets}

    def _confirmed_sheet(self):
        sheet = self._generate()[self.emp_a]
        sheet.action_confirm()
        return sheet

    def test_payroll_officer_cannot_write_the_net_of_a_confirmed_sheet(self):
        sheet = self._confirmed_sheet()
        net = sheet.net
        with self.assertRaises(AccessError):
            sheet.with_context(**HOSTILE).write({"net": 88888888})
        with self.assertRaises(AccessError):
            sheet.with_context(**HOSTILE).write({"state": "paid"})
        self.assertEqual((sheet.net, sheet.state), (net, "confirmed"))

    def test_payroll_officer_cannot_delete_a_confirmed_sheet(self):
        sheet = self._confirmed_sheet()
        with self.assertRaises(UserError):
            sheet.with_context(**HOSTILE).unlink()
        self.assertTrue(sheet.exists())

    def test_lines_and_days_are_written_by_the_workflow_only(self):
        sheet = self._generate()[self.emp_a]
        line = sheet.line_ids[:1].with_context(**HOSTILE)
        amount = line.amount
        with self.assertRaises(AccessError):
            line.write({"amount": 1.0})
        with self.assertRaises(AccessError):
            line.unlink()
        day = sheet.discipline_day_ids[:1].with_user(self.user_payroll).with_context(**HOSTILE)
        status = day.status
        with self.assertRaises(AccessError):
            day.write({"status": "present" if status != "present" else "absent"})
        self.assertEqual((line.amount, day.status), (amount, status))

    def test_employee_cannot_create_a_sheet(self):
        Sheet = self.env["iki.tukin.sheet"].with_user(self.user_employee).with_context(**HOSTILE)
        with self.assertRaises(AccessError):
            Sheet.create({"period_id": self.march.id, "employee_id": self.emp_a.id, "net": 1e9})
        self.assertFalse(self.env["iki.tukin.sheet"].search([("employee_id", "=", self.emp_a.id)]))

    def test_hr_cannot_reopen_a_month_with_confirmed_tukin_by_writing_its_state(self):
        self._confirmed_sheet()
        month = self.march.with_user(self.user_hr_officer).with_context(**HOSTILE)
        with self.assertRaises(AccessError):
            month.write({"state": "open"})
        self.assertEqual(self.march.state, "closed")

    def test_confirmation_logs_the_payable_net(self):
        sheet = self._confirmed_sheet()
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "iki.tukin.sheet"),
                    ("mail_message_id.res_id", "=", sheet.id),
                    ("field_id.name", "=", "net"),
                ]
            )
        )
        self.assertEqual(values.mapped("new_value_float"), [sheet.net])
