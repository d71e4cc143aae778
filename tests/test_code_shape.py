"""The shape of the addons (conventions.md, "Shape"), read from the source without a database:
model files under 600 lines and methods under 60, wizard views next to their wizards, every
view file named after a model of its addon, the user documentation in ``readme/``."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("iki_performance", "iki_tukin", "iki_demo")
# Every addon is cut to size.
SIZED_ADDONS = ADDONS
CODE_FOLDERS = ("models", "wizards", "controllers", "tools", "engine")
MAX_FILE_LINES = 600
MAX_METHOD_LINES = 60
README_FRAGMENTS = ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md")
# Settings views stay in views/ (core and OCA do the same), though res.config.settings is
# transient.
NOT_WIZARDS = {"res.config.settings"}
VIEW_MODEL = re.compile(r'<field name="model">([a-z0-9_.]+)</field>')


def _python_files(addon, folders):
    for folder in folders:
        yield from sorted((ROOT / addon / folder).glob("*.py"))


def _model_names(addon):
    """``(models, wizards)``: the model names the addon defines or extends, and its wizards
    (transient models)."""
    names, wizards = set(), set()
    for path in _python_files(addon, ("models", "wizards")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {
                target.id: stmt.value
                for stmt in node.body
                if isinstance(stmt, ast.Assign)
                for target in stmt.targets
                if isinstance(target, ast.Name)
            }
            value = attrs.get("_name") or attrs.get("_inherit")
            if not isinstance(value, ast.Constant):
                continue
            names.add(value.value)
            if any(ast.unparse(base).endswith("TransientModel") for base in node.bases):
                wizards.add(value.value)
    return names, wizards - NOT_WIZARDS


@pytest.mark.parametrize("addon", SIZED_ADDONS)
def test_model_files_and_methods_stay_small(addon):
    too_long = []
    for path in _python_files(addon, CODE_FOLDERS):
        source = path.read_text()
        if path.parent.name == "models" and source.count("\n") >= MAX_FILE_LINES:
            too_long.append(f"{path.name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = node.end_lineno - start + 1
                if length >= MAX_METHOD_LINES:
                    too_long.append(f"{path.name}: {node.name}() {length} lines")
    assert not too_long, too_long


@pytest.mark.parametrize("addon", ADDONS)
def test_wizard_views_live_with_the_wizards(addon):
    _names, wizards = _model_names(addon)
    misplaced = [
        f"{path.relative_to(ROOT)}: {model}"
        for path in sorted((ROOT / addon / "views").glob("*.xml"))
        for model in VIEW_MODEL.findall(path.read_text())
        if model in wizards
    ]
    assert not misplaced, misplaced


@pytest.mark.parametrize("addon", ADDONS)
def test_every_view_file_is_named_after_a_model_of_its_addon(addon):
    names, _wizards = _model_names(addon)
    files = [
        path
        for folder in ("views", "wizards")
        for path in sorted((ROOT / addon / folder).glob("*.xml"))
        if path.name != "menus.xml"
    ]
    unnamed = [
        str(path.relative_to(ROOT))
        for path in files
        if not path.name.endswith("_views.xml")
        or path.name.removesuffix("_views.xml").replace("_", ".") not in names
    ]
    assert not unnamed, unnamed


def test_the_readme_fragments_are_there():
    missing = [
        f"{addon}/readme/{name}"
        for addon in SIZED_ADDONS
        for name in README_FRAGMENTS
        if not (ROOT / addon / "readme" / name).is_file()
    ]
    assert not missing, missing
