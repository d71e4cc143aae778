"""The web client renders the Tukin screens without a JavaScript error (HttpCase, Chromium)."""

from odoo.addons.iki_performance.tests.common_web import IkiWebCase
from odoo.tests import tagged

SCREENS = [
    "iki_tukin.iki_tukin_sheet_action",
    "iki_tukin.iki_discipline_day_action",
    "iki_tukin.iki_tukin_scheme_action",
    "iki_tukin.iki_tukin_punishment_action",
    "iki_tukin.iki_tukin_stop_action",
]


@tagged("post_install", "-at_install")
class TestWebClient(IkiWebCase):
    def test_screens_render(self):
        for action in SCREENS:
            with self.subTest(action=action):
                self._assert_renders(f"/odoo/action-{action}", ".o_view_controller")

    def test_default_scheme_form_renders(self):
        scheme = self.env["iki.tukin.scheme"].search([], limit=1)
        self._assert_renders(
            f"/odoo/action-iki_tukin.iki_tukin_scheme_action/{scheme.id}",
            ".o_form_view .o_notebook",
        )
