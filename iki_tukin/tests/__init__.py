from . import test_payroll
from . import test_scheme
from . import test_discipline
from . import test_sheet
from . import test_web_client
from . import test_translations
