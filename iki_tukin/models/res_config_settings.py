from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    iki_tukin_missing_sheet_policy = fields.Selection(
        related="company_id.iki_tukin_missing_sheet_policy", readonly=False
    )
