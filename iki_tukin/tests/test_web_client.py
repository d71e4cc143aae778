"""The web client renders the Tukin screens without a JavaScript error (HttpCase, Chromium)."""

from odoo.tests import HttpCase, tagged

SCREENS = [
    "iki_tukin.iki_tukin_sheet_action",
    "iki_tukin.iki_discipline_day_action",
    "iki_tukin.iki_tukin_scheme_action",
    "iki_tukin.iki_tukin_punishment_action",
    "iki_tukin.iki_tukin_stop_action",
]


@tagged("post_install", "-at_install")
class TestWebClient(HttpCase):
    def test_screens_render(self):
        for action in SCREENS:
            with self.subTest(action=action):
                self.browser_js(
                    f"/odoo/action-{action}",
                    "console.log('test successful')",
                    ready="!!document.querySelector('.o_view_controller')",
                    login="admin",
                    timeout=120,
                )

    def test_default_scheme_form_renders(self):
        scheme = self.env["iki.tukin.scheme"].search([], limit=1)
        self.browser_js(
            f"/odoo/action-iki_tukin.iki_tukin_scheme_action/{scheme.id}",
            "console.log('test successful')",
            ready="!!document.querySelector('.o_form_view .o_notebook')",
            login="admin",
            timeout=120,
        )
