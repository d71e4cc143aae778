from odoo import api, fields, models

ORG_LEVELS = [
    ("province", "Regional Secretariat / Province"),
    ("agency", "Agency (OPD)"),
    ("division", "Division (Eselon III)"),
    ("section", "Section (Eselon IV)"),
    ("unit", "Technical Unit (UPT)"),
]


class HrDepartment(models.Model):
    _name = "hr.department"
    _inherit = ["hr.department", "iki.input.mixin"]

    iki_is_agency = fields.Boolean(
        string="Is an Agency (OPD)",
        tracking=True,
        help="An agency (Perangkat Daerah) owns its strategic indicators and its staff's plans.",
    )
    iki_agency_code = fields.Char(string="Agency Code", tracking=True)
    iki_org_level = fields.Selection(ORG_LEVELS, string="Organisation Level", tracking=True)
    iki_agency_id = fields.Many2one(
        "hr.department",
        string="Agency (OPD)",
        compute="_compute_iki_agency_id",
        store=True,
        recursive=True,
        index=True,
        help="The nearest agency above this unit (the unit itself when it is an agency).",
    )

    _sql_constraints = [
        (
            "iki_agency_code_company_uniq",
            "unique(iki_agency_code, company_id)",
            "The agency code must be unique per company.",
        ),
    ]

    @api.depends("iki_is_agency", "parent_id.iki_agency_id")
    def _compute_iki_agency_id(self):
        for department in self:
            if department.iki_is_agency:
                department.iki_agency_id = department
            else:
                department.iki_agency_id = department.parent_id.iki_agency_id
