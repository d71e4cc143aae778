from . import test_employee
