"""Browser check shared by the web client tests of the IKI addons (HttpCase, Chromium;
skipped by pytest-odoo without ``--odoo-http``)."""

from odoo.tests import HttpCase


class IkiWebCase(HttpCase):
    def _assert_renders(self, url, selector, login="admin"):
        """Open ``url`` as ``login`` (admin by default; a test user's password is his login)
        and wait until ``selector`` is in the page: a JavaScript error on the way fails the
        test, and so does an access error (the web client logs every uncaught RPC error)."""
        self.browser_js(
            url,
            "console.log('test successful')",
            ready=f"!!document.querySelector('{selector}')",
            login=login,
            timeout=120,
        )

    def _assert_screens_render(self, login, screens):
        """Each of ``screens`` (``(url, selector)``) renders for ``login``."""
        for url, selector in screens:
            with self.subTest(login=login, url=url):
                self._assert_renders(url, selector, login=login)
