from . import iki_appraisal_return_wizard
from . import iki_period_reopen_wizard
from . import iki_period_close_wizard
from . import iki_appraisal_annual_generate_wizard
from . import iki_correction_wizard
from . import iki_appraisal_behaviour_grid
from . import iki_appraisal_approval_report
