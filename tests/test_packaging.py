"""setup.py packages the addons the way OCA wheels do (``odoo/addons/<addon>/...``)."""

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("iki_performance", "iki_tukin")
# Demo data only: no engine of its own.
DEMO_ADDON = "iki_demo"


def test_wheel_holds_the_addons_as_odoo_addons(tmp_path):
    # Build from a copy: setuptools writes build/ and *.egg-info next to setup.py.
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "setup.py", src)
    for addon in (*ADDONS, DEMO_ADDON):
        shutil.copytree(ROOT / addon, src / addon, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(src)],
        check=True,
        cwd=tmp_path,
    )  # fmt: skip
    [wheel] = tmp_path.glob("iki_asn_addons-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for addon in (*ADDONS, DEMO_ADDON):
        prefix = f"odoo/addons/{addon}/"
        assert prefix + "__manifest__.py" in names
        assert prefix + "__init__.py" in names
        assert (prefix + "engine/__init__.py" in names) == (addon in ADDONS)
        assert prefix + "i18n/id.po" in names
        assert prefix + "static/description/icon.png" in names
        manifest_text = (ROOT / addon / "__manifest__.py").read_text()
        manifest = ast.literal_eval(manifest_text.split("\n", 1)[1])
        for data_file in manifest.get("data", []) + manifest.get("demo", []):
            assert prefix + data_file in names, data_file
    assert f"odoo/addons/{DEMO_ADDON}/demo/story.json" in names
    # No namespace __init__ for odoo/ or odoo/addons/: that would shadow Odoo itself.
    assert "odoo/__init__.py" not in names
    assert "odoo/addons/__init__.py" not in names
    metadata = next(n for n in names if n.endswith("METADATA"))
    requires = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "odoo-addon-payroll" in requires
    assert "odoo-addon-report_xlsx" in requires or "odoo-addon-report-xlsx" in requires
    assert "xlsxwriter" in requires.lower()
