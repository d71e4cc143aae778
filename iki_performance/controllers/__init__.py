from . import binary
