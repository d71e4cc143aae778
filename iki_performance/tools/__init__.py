from . import sql_bulk
