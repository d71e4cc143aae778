from . import iki_tukin_simulation
from . import iki_tukin_simulation_line
