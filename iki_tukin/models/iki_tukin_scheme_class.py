from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IkiTukinSchemeClass(models.Model):
    """Base amount of one job class (kelas jabatan) in a scheme: the regional table amount, and
    the national amount used when the scheme multiplies it by a regional index."""

    _name = "iki.tukin.scheme.class"
    _description = "Tukin Amount per Job Class"
    _inherit = ["iki.input.mixin"]
    _order = "scheme_id, job_class desc"

    scheme_id = fields.Many2one("iki.tukin.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="scheme_id.currency_id")
    job_class = fields.Integer(required=True)
    amount = fields.Monetary(string="Table Amount", help="Base amount of the class (table mode).")
    national_amount = fields.Monetary(
        help="National amount of the class, multiplied by the regional index (index mode)."
    )

    _sql_constraints = [
        (
            "class_uniq",
            "unique(scheme_id, job_class)",
            "A job class appears once in the table of a scheme.",
        ),
        (
            "class_range",
            "CHECK(job_class >= 1 AND job_class <= 17)",
            "The job class (kelas jabatan) lies between 1 and 17.",
        ),
        (
            "amount_positive",
            "CHECK(amount >= 0 AND (national_amount IS NULL OR national_amount >= 0))",
            "Tukin amounts cannot be negative.",
        ),
    ]

    @api.depends("job_class", "scheme_id.name")
    def _compute_display_name(self):
        for row in self:
            row.display_name = self.env._("Class %(job_class)s", job_class=row.job_class)

    @api.constrains("amount", "national_amount")
    def _check_amounts(self):
        for row in self:
            if row.amount < 0 or row.national_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Tukin scheme %(scheme)s: the amounts of class %(job_class)s cannot be "
                        "negative.",
                        scheme=row.scheme_id.name,
                        job_class=row.job_class,
                    )
                )
