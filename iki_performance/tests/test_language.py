"""Indonesian by default: once Indonesian is installed, new users and contacts get it (the
default language of contacts that Odoo sets to the language the database was created with,
English here, moves to Indonesian)."""

from odoo.tests import TransactionCase

from ..models.res_lang import INDONESIAN


class TestDefaultLanguage(TransactionCase):
    def setUp(self):
        super().setUp()
        self.Lang = self.env["res.lang"].with_context(active_test=False)
        self.indonesian = self.Lang.search([("code", "=", INDONESIAN)])
        # As in a database created in English, whatever this one is.
        self.env["ir.default"].set("res.partner", "lang", "en_US")
        if self.indonesian.active:
            self.indonesian.active = False

    def _default_lang(self):
        return self.env["ir.default"]._get("res.partner", "lang")

    def _new_user(self, login):
        return (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create({"name": login.title(), "login": login})
        )

    def test_nothing_while_indonesian_is_not_installed(self):
        self.assertFalse(self.Lang._iki_default_to_indonesian())
        self.assertEqual(self._default_lang(), "en_US")
        self.assertEqual(self._new_user("iki_lang_en").lang, "en_US")

    def test_installing_indonesian_makes_it_the_default_of_new_users(self):
        self.env["res.lang"]._activate_lang(INDONESIAN)
        self.assertEqual(self._default_lang(), INDONESIAN)
        user = self._new_user("iki_lang_id")
        self.assertEqual((user.lang, user.partner_id.lang), (INDONESIAN, INDONESIAN))
        self.assertEqual(self.env["res.partner"].create({"name": "Kontak"}).lang, INDONESIAN)
        # Existing users keep theirs (the administrator may stay in English).
        self.assertEqual(self.env.ref("base.user_admin").lang, "en_US")

    def test_the_addon_sets_it_when_indonesian_is_already_installed(self):
        self.indonesian.active = True
        self.env["ir.default"].set("res.partner", "lang", "en_US")
        self.assertTrue(self.Lang._iki_default_to_indonesian())  # the install data's call
        self.assertEqual(self._default_lang(), INDONESIAN)

    def test_another_chosen_language_is_kept(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.default"].set("res.partner", "lang", "fr_FR")
        self.env["res.lang"]._activate_lang(INDONESIAN)
        self.assertFalse(self.Lang._iki_default_to_indonesian())
        self.assertEqual(self._default_lang(), "fr_FR")
        self.assertEqual(self._new_user("iki_lang_kept").lang, "fr_FR")

    def test_default_rule_set_named_in_every_installed_language(self):
        self.env["res.lang"]._activate_lang(INDONESIAN)
        company = self.env["res.company"].create({"name": "Pemprov Bahasa"})
        rule_set = self.env["iki.rule.set"].search([("company_id", "=", company.id)])
        self.assertEqual(
            rule_set.with_context(lang="en_US").name, "Default rules (PermenPAN-RB 6/2022)"
        )
        self.assertEqual(
            rule_set.with_context(lang=INDONESIAN).name, "Aturan standar (PermenPAN-RB 6/2022)"
        )
