"""The Indonesian translations are complete against the code as installed, not only against
the committed ``.pot`` templates (which ``scripts/i18n.sh`` refreshes): a new message in a
model, view or data file without its ``id.po`` entry fails here."""

from pathlib import Path

import polib

from odoo.exceptions import AccessError, UserError
from odoo.modules import get_module_path
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.translate import TranslationModuleReader

ADDONS = ("iki_performance", "iki_tukin")


def indonesian(addon, msgid):
    """The Indonesian text of ``msgid`` in the addon's ``i18n/id.po``."""
    po = polib.pofile(str(Path(get_module_path(addon)) / "i18n" / "id.po"))
    return next(entry.msgstr for entry in po if entry.msgid == msgid)


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

    def test_refusals_reach_an_indonesian_user_in_indonesian(self):
        """A user working in Indonesian gets the refusals of both addons in Indonesian."""
        self.env["res.lang"]._activate_lang("id_ID")
        user = new_test_user(self.env, "iki.pengguna", groups="base.group_user", lang="id_ID")
        env = self.env(user=user, context=user.with_user(user).context_get())  # its requests
        Period, Sheet = env["iki.period"], env["iki.tukin.sheet"]
        cases = (
            (
                Period._iki_check_hr,
                UserError,
                "iki_performance",
                "Only HR officers open, close and reopen appraisal months.",
            ),
            (
                Sheet._iki_check_payroll_rights,
                AccessError,
                "iki_tukin",
                "Only payroll officers (Tukin) compute and confirm Tukin sheets.",
            ),
        )
        for check, error, addon, msgid in cases:
            with self.subTest(msgid=msgid):
                expected = indonesian(addon, msgid)
                self.assertNotEqual(expected, msgid)
                with self.assertRaises(error) as caught:
                    check()
                self.assertEqual(str(caught.exception), expected)
