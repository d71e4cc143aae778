import json

from odoo import api, models

# The language of the civil servants this application serves.
INDONESIAN = "id_ID"
# The language a database is created with when nothing else is asked.
ENGLISH = "en_US"


class ResLang(models.Model):
    """Indonesian becomes the language of new users and contacts once it is installed."""

    _inherit = "res.lang"

    @api.model_create_multi
    def create(self, vals_list):
        langs = super().create(vals_list)
        langs._iki_on_activation()
        return langs

    def write(self, vals):
        res = super().write(vals)
        if vals.get("active"):
            self._iki_on_activation()
        return res

    def _iki_on_activation(self):
        if any(lang.code == INDONESIAN and lang.active for lang in self):
            self._iki_default_to_indonesian()

    @api.model
    def _iki_default_to_indonesian(self):
        """When Indonesian is installed, make it the default language of new contacts, hence
        of new users (whose language is their contact's): the user-defined default
        (``ir.default``) of ``res.partner.lang`` that Odoo sets to the language the database
        was created with. Replaced when it is unset or English (the database was created in
        English); another language an administrator chose is kept. Changed in Settings >
        Technical > User-defined Defaults. Called when the addon is installed and whenever
        Indonesian is activated. Return whether it was set."""
        if not self.sudo().search_count([("code", "=", INDONESIAN), ("active", "=", True)]):
            return False
        field = self.env["ir.model.fields"].sudo()._get("res.partner", "lang")
        Default = self.env["ir.default"].sudo()
        current = Default.search(
            [("field_id", "=", field.id), ("user_id", "=", False), ("company_id", "=", False)],
            limit=1,
        )
        if current and json.loads(current.json_value) != ENGLISH:
            return False  # Indonesian already, or another language chosen on purpose
        Default.set("res.partner", "lang", INDONESIAN)
        return True

    @api.model
    def _iki_translate_field(self, records, fname, source):
        """Give the translatable field ``fname`` of ``records``, written in English from the
        lazy translation ``source``, its text in every other installed language: names the
        code creates are read in the reader's language."""
        translations = {
            code: source._translate(code) for code, _name in self.get_installed() if code != ENGLISH
        }
        if translations:
            for record in records:
                record.update_field_translations(fname, translations)
