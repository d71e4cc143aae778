from odoo import api, fields, models
from odoo.exceptions import ValidationError

ASSIGNMENT_KINDS = [
    ("plt", "Plt (Acting Official)"),
    ("plh", "Plh (Daily Executive)"),
    ("delegation", "Delegation"),
]


# A change of these moves the pending items of the employees concerned to their new appraiser.
SCOPE_FIELDS = {
    "appraiser_id",
    "replaced_employee_id",
    "department_id",
    "employee_ids",
    "date_from",
    "date_to",
    "company_id",
    "active",
}


class IkiAppraiserAssignment(models.Model):
    """An effective-dated exception to 'the direct supervisor appraises'.

    Either named appraisees (``employee_ids``), or everybody whose supervisor is the replaced
    official, or, for a vacant head post, everybody in the department without a supervisor.
    """

    _name = "iki.appraiser.assignment"
    _description = "Acting Appraiser Assignment (Plt / Plh / Delegation)"
    _inherit = ["iki.input.mixin", "mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(ASSIGNMENT_KINDS, required=True, default="plt", tracking=True)
    appraiser_id = fields.Many2one(
        "hr.employee", string="Acting Appraiser", required=True, tracking=True, index=True
    )
    replaced_employee_id = fields.Many2one(
        "hr.employee",
        string="Replaced Official",
        tracking=True,
        index=True,
        help="The official whose appraisals the acting appraiser takes over.",
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Vacant Head Post of",
        tracking=True,
        help="For a vacant post: the acting head appraises the unit's staff without a supervisor.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        "iki_appraiser_assignment_employee_rel",
        "assignment_id",
        "employee_id",
        string="Appraisees",
        help="Only these employees; leave empty to cover everybody of the replaced official.",
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", tracking=True)
    reason = fields.Text(required=True, tracking=True)
    decree_number = fields.Char(string="Decree (SK/SPRIN) Number", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    @api.depends("kind", "appraiser_id", "replaced_employee_id", "department_id")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for rec in self:
            target = rec.replaced_employee_id.name or rec.department_id.name or ""
            rec.name = " ".join(
                filter(None, [kinds.get(rec.kind), target, "-", rec.appraiser_id.name])
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for rec in self:
            if rec.date_to and rec.date_to < rec.date_from:
                raise ValidationError(
                    self.env._(
                        "Assignment %(name)s ends (%(to)s) before it starts (%(from)s).",
                        name=rec.name,
                        to=rec.date_to,
                        **{"from": rec.date_from},
                    )
                )

    @api.constrains("employee_ids", "replaced_employee_id", "department_id", "appraiser_id")
    def _check_scope(self):
        for rec in self:
            if not (rec.employee_ids or rec.replaced_employee_id or rec.department_id):
                raise ValidationError(
                    self.env._(
                        "Assignment %(name)s: name the appraisees, the replaced official or the "
                        "vacant post.",
                        name=rec.name,
                    )
                )
            if rec.appraiser_id in rec.employee_ids or rec.appraiser_id == rec.replaced_employee_id:
                raise ValidationError(
                    self.env._(
                        "Assignment %(name)s: %(appraiser)s cannot appraise themselves.",
                        name=rec.name,
                        appraiser=rec.appraiser_id.name,
                    )
                )

    @api.model
    def _iki_active_on(self, date, company_ids):
        """All assignments in force on ``date`` for the companies (one search)."""
        return self.search(
            [
                ("company_id", "in", company_ids),
                ("date_from", "<=", date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", date),
            ],
            order="date_from desc, id desc",
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["res.users"]._iki_sync_appraiser_group()
        records._iki_affected_employees()._iki_follow_post()
        return records

    def write(self, vals):
        scope_changes = SCOPE_FIELDS & set(vals)
        before = self._iki_affected_employees() if scope_changes else None
        res = super().write(vals)
        self.env["res.users"]._iki_sync_appraiser_group()
        if scope_changes:
            (before | self._iki_affected_employees())._iki_follow_post()
        return res

    def unlink(self):
        affected = self._iki_affected_employees()
        res = super().unlink()
        self.env["res.users"]._iki_sync_appraiser_group()
        affected._iki_follow_post()
        return res

    def _iki_affected_employees(self):
        """Employees whose appraiser the assignments of ``self`` decide (their direct reports
        are added by ``hr.employee._iki_follow_post``): the named appraisees, the reports of
        the replaced officials, everybody in the vacant post's unit and below."""
        records = self.sudo()
        employees = records.employee_ids | records.replaced_employee_id.child_ids
        if records.department_id:
            Employee = self.env["hr.employee"].sudo()
            employees |= Employee.search([("department_id", "child_of", records.department_id.ids)])
        return employees
