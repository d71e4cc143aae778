from . import iki_demo_player
