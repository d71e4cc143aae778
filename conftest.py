"""Root pytest configuration, loaded before pytest-odoo sets Odoo up.

pytest-odoo imports ``odoo.tests`` before it turns test mode on, and Odoo logs an ERROR for an
import of its test framework outside test mode. Import it here once, in test mode, so that the
Odoo log of a test run only holds real errors (scripts/test.sh fails on any ERROR line).
"""

try:
    from odoo.tools import config as _odoo_config
except ImportError:  # engine tests may run without Odoo installed
    _odoo_config = None

if _odoo_config is not None:
    _test_enable = _odoo_config["test_enable"]
    _odoo_config["test_enable"] = True
    try:
        import odoo.tests.common  # noqa: F401
    finally:
        _odoo_config["test_enable"] = _test_enable

# Property-based tests (hypothesis): the same examples on every run, so that CI is repeatable,
# and no timing health checks or deadlines: this shared machine pauses at times, and a slow
# draw is not a failure of the rules under test (speed is measured by the benchmarks).
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis comes with the test requirements
    settings = None

if settings is not None:
    settings.register_profile(
        "iki",
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        print_blob=True,
    )
    settings.load_profile("iki")
