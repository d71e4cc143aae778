"""The payroll officer and the employee open their Tukin screens as themselves: an access error
(the web client logs every uncaught RPC error) or a JavaScript error fails the test.

Runs in Chromium (HttpCase; skipped by pytest-odoo without ``--odoo-http``).
"""

from odoo.addons.iki_performance.tests.common_web import IkiWebCase
from odoo.tests import tagged

from .test_payroll import TukinPayrollCommon

LIST, FORM = ".o_list_view", ".o_form_view"
# Clicks the Payslip button of the open sheet, then waits for the payslip's form.
OPEN_PAYSLIP = """
(async () => {
    document.querySelector("button[name='action_open_payslip']").click();
    for (let i = 0; i < 200; i++) {
        if (document.querySelector(".o_form_view .o_field_widget[name='line_ids'] .o_data_row")) {
            console.log("test successful");
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.error("The payslip did not open from the sheet.");
})();
"""


def url(action, record=None):
    """The web client's address of ``action`` (a full XML id), on ``record``."""
    path = f"/odoo/action-{action}"
    return f"{path}/{record.id}" if record else path


@tagged("post_install", "-at_install")
class TestWebRoles(TukinPayrollCommon, IkiWebCase):
    """February: the sheets of emp_a (user_employee) and emp_b confirmed and paid by a
    payslip batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        employees = cls.emp_a | cls.emp_b
        results = {employee: {"achievement": 100.0, "predicate": "baik"} for employee in employees}
        sheets = cls._paid_month(results)[0]
        cls.sheet_a = sheets.filtered(lambda s: s.employee_id == cls.emp_a)

    def test_payroll_officer_screens(self):
        self._assert_screens_render(
            self.user_payroll.login,
            [
                (url("iki_tukin.iki_tukin_sheet_action"), LIST),
                (url("iki_tukin.iki_tukin_sheet_action", self.sheet_a), FORM),
                (url("iki_tukin.iki_discipline_day_action"), LIST),
                (url("iki_tukin.iki_tukin_scheme_action", self.scheme), FORM),
                (url("iki_tukin.iki_tukin_stop_action"), ".o_view_controller"),
                (url("iki_tukin.iki_tukin_punishment_action"), ".o_view_controller"),
                (url("payroll.hr_payslip_action"), LIST),
                (url("payroll.hr_payslip_action", self.sheet_a.payslip_id), FORM),
            ],
        )

    def test_employee_screens(self):
        self._assert_screens_render(
            self.user_employee.login,
            [
                (url("iki_tukin.iki_tukin_sheet_action"), LIST),
                (url("iki_tukin.iki_tukin_sheet_action", self.sheet_a), FORM),
                (url("iki_tukin.iki_discipline_day_action"), ".o_view_controller"),
            ],
        )

    def test_employee_opens_his_payslip_from_his_sheet(self):
        self.assertTrue(self.sheet_a.payslip_id)
        self.browser_js(
            url("iki_tukin.iki_tukin_sheet_action", self.sheet_a),
            OPEN_PAYSLIP,
            ready="!!document.querySelector(\"button[name='action_open_payslip']\")",
            login=self.user_employee.login,
            timeout=120,
        )
