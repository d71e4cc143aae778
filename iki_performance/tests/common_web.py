"""Browser check shared by the web client tests of the IKI addons (HttpCase, Chromium;
skipped by pytest-odoo without ``--odoo-http``)."""

from odoo.tests import HttpCase


class IkiWebCase(HttpCase):
    def _assert_renders(self, url, selector):
        """Open ``url`` as admin and wait until ``selector`` is in the page: a JavaScript error
        on the way fails the test."""
        self.browser_js(
            url,
            "console.log('test successful')",
            ready=f"!!document.querySelector('{selector}')",
            login="admin",
            timeout=120,
        )
