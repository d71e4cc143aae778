from . import input_checks
from . import sql_bulk
