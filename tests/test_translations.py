"""Every user-visible string of both addons has an Indonesian translation with the same
placeholders (the template ``<addon>.pot`` is refreshed by scripts/i18n.sh)."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("iki_performance", "iki_tukin")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|%%|\{\{.*?\}\}")


@pytest.mark.parametrize("addon", ADDONS)
def test_every_string_is_translated(addon):
    po = polib.pofile(str(ROOT / addon / "i18n" / "id.po"))
    pot = polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
    translated = {(e.msgctxt, e.msgid): e.msgstr for e in po}
    missing = [e.msgid for e in pot if not translated.get((e.msgctxt, e.msgid))]
    assert not missing, f"{len(missing)} strings of {addon} lack an Indonesian translation"
    assert len(po) > 100


@pytest.mark.parametrize("addon", ADDONS)
def test_translations_keep_placeholders(addon):
    for entry in polib.pofile(str(ROOT / addon / "i18n" / "id.po")):
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), entry.msgid
