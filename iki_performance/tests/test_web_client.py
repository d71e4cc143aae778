"""The web client renders the IKI screens (lists, forms, hierarchy) without a JavaScript error.

Runs in Chromium (HttpCase; skipped by pytest-odoo without ``--odoo-http``).
"""

from odoo.tests import tagged

from .common_web import IkiWebCase

# (action, a CSS selector present once the main view is rendered)
SCREENS = [
    ("iki_performance.iki_indicator_action", ".o_hierarchy_view"),
    ("iki_performance.iki_plan_action", ".o_list_view"),
    ("iki_performance.iki_appraisal_action", ".o_list_view"),
    ("iki_performance.iki_period_action", ".o_list_view"),
    ("iki_performance.iki_org_result_action", ".o_list_view"),
    ("iki_performance.iki_rule_set_action", ".o_list_view"),
]


@tagged("post_install", "-at_install")
class TestWebClient(IkiWebCase):
    def test_screens_render(self):
        for action, selector in SCREENS:
            with self.subTest(action=action):
                self._assert_renders(f"/odoo/action-{action}", selector)

    def test_rule_set_form_renders(self):
        rule_set = self.env["iki.rule.set"].search([], limit=1)
        self._assert_renders(
            f"/odoo/action-iki_performance.iki_rule_set_action/{rule_set.id}",
            ".o_form_view .o_notebook",
        )
