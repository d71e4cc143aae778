"""The Indonesian translations are complete against the code as installed, not only against
the committed ``.pot`` templates (which ``scripts/i18n.sh`` refreshes): a new message in a
model, view or data file without its ``id.po`` entry fails here."""

from pathlib import Path

import polib

from odoo.modules import get_module_path
from odoo.tests import TransactionCase
from odoo.tools.translate import TranslationModuleReader

ADDONS = ("iki_performance", "iki_tukin")


class TestTranslations(TransactionCase):
    def test_every_term_of_the_code_has_an_indonesian_translation(self):
        reader = TranslationModuleReader(self.env.cr, modules=list(ADDONS))
        terms = {}
        for module, _type, _name, _res_id, source, _value, _comments in reader:
            if module in ADDONS and source.strip():
                terms.setdefault(module, set()).add(source)
        for addon in ADDONS:
            with self.subTest(addon=addon):
                po = polib.pofile(str(Path(get_module_path(addon)) / "i18n" / "id.po"))
                translated = {entry.msgid for entry in po if entry.msgstr}
                missing = sorted(terms[addon] - translated)
                self.assertGreater(len(terms[addon]), 100)
                self.assertFalse(
                    missing,
                    f"{len(missing)} strings of {addon} lack an Indonesian translation in "
                    f"i18n/id.po (run scripts/i18n.sh, then translate): {missing[:5]}",
                )
