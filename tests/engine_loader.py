"""Load an addon's plain-Python ``engine`` package without Odoo, for database-free tests."""

import importlib.util
import sys
from pathlib import Path


def load_engine(addon_name):
    """Import ``<repo>/<addon>/engine`` as the standalone package ``<addon>_engine_standalone``.

    ``addon_name`` is the addon folder (``"iki_performance"``) or its short form
    (``"performance"``); the module name is ``iki_<short>_engine_standalone`` either way. The
    engine must use relative imports only; the parent addon (and Odoo) is never imported.
    """
    addon = addon_name if addon_name.startswith("iki_") else f"iki_{addon_name}"
    name = f"{addon}_engine_standalone"
    if name in sys.modules:
        return sys.modules[name]
    package_dir = Path(__file__).resolve().parent.parent / addon / "engine"
    spec = importlib.util.spec_from_file_location(
        name, package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"No engine package at {package_dir}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
