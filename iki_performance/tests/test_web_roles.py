"""Each role opens its main screens as itself: an access error (the web client logs every
uncaught RPC error) or a JavaScript error fails the test.

Runs in Chromium (HttpCase; skipped by pytest-odoo without ``--odoo-http``).
"""

from odoo.tests import tagged

from .common_appraisal import IkiAppraisalCommon
from .common_web import IkiWebCase

LIST, FORM, HIERARCHY = ".o_list_view", ".o_form_view", ".o_hierarchy_view"


def url(action, record=None):
    """The web client's address of ``action`` (an XML id of iki_performance), on ``record``."""
    path = f"/odoo/action-iki_performance.{action}"
    return f"{path}/{record.id}" if record else path


@tagged("post_install", "-at_install")
class TestWebRoles(IkiAppraisalCommon, IkiWebCase):
    def setUp(self):
        super().setUp()
        # staff_1's appraisal waits for its appraiser (sec_head).
        self._submit_appraisal(self.appraisal_1)

    def test_employee_screens(self):
        self._assert_screens_render(
            self.user_employee.login,
            [
                (url("iki_appraisal_action_my"), LIST),
                (url("iki_appraisal_action_my", self.appraisal_1), FORM),
                (url("iki_plan_action_my"), LIST),
                (url("iki_plan_action_my", self.plan_1), FORM),
                (url("iki_indicator_action"), HIERARCHY),
            ],
        )

    def test_appraiser_screens(self):
        self._assert_screens_render(
            self.user_sec_head.login,
            [
                (url("iki_appraisal_action_review"), LIST),
                (url("iki_appraisal_action_review", self.appraisal_1), FORM),
                (url("iki_plan_action_review", self.plan_1), FORM),
            ],
        )

    def test_agency_admin_screens(self):
        self._assert_screens_render(
            self.user_agency_admin.login,
            [
                (url("iki_appraisal_action"), LIST),
                (url("iki_appraisal_action", self.appraisal_1), FORM),
                (url("iki_plan_action"), LIST),
                (url("iki_org_result_action"), LIST),
                (url("hr_department_action"), LIST),
            ],
        )

    def test_hr_officer_screens(self):
        self._assert_screens_render(
            self.user_hr_officer.login,
            [
                (url("iki_period_action"), LIST),
                (url("iki_period_action", self.period), FORM),
                (url("iki_appraisal_action", self.appraisal_1), FORM),
                (url("iki_rule_set_action", self.rule_set), FORM),
                (url("iki_appraisal_annual_action"), LIST),
            ],
        )

    def test_hr_officer_lands_in_the_iki_app(self):
        """Without a home action of his own, the web client opens its first app: IKI."""
        self.assertFalse(self.user_hr_officer.action_id)
        root = self.env.ref("iki_performance.iki_menu_root")
        self.assertLess(root.sequence, self.env.ref("mail.menu_root_discuss").sequence)
        self.browser_js(
            "/odoo",
            "console.log('test successful')",
            ready="document.querySelector('.o_main_navbar .o_menu_brand')?.textContent.trim() "
            f"=== '{root.name}' && !!document.querySelector('{LIST}')",
            login=self.user_hr_officer.login,
            timeout=120,
        )
