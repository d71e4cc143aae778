from odoo import api, fields, models
from odoo.addons.iki_performance.models.hr_employee import POST_TYPES
from odoo.exceptions import ValidationError


class IkiTukinCriterion(models.Model):
    """A criterion of the scheme adding a percentage of the base (workload, work condition,
    scarcity ...), for a range of job classes, a post type and/or named employees.

    Criteria sharing a name are alternatives by class range (workload 50% for classes 1-2, 40%
    for 3-4 ...): one employee may match only one of them.
    """

    _name = "iki.tukin.criterion"
    _description = "Tukin Criterion"
    _inherit = ["iki.input.mixin"]
    _order = "scheme_id, sequence, name, min_class"

    scheme_id = fields.Many2one("iki.tukin.scheme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scheme_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, help="e.g. Workload, Work condition, Scarcity.")
    pct = fields.Float(string="% of Base", required=True)
    min_class = fields.Integer(string="From Class", help="0: no lower bound.")
    max_class = fields.Integer(string="To Class", help="0: no upper bound.")
    post_type = fields.Selection(
        POST_TYPES, help="When set, only employees holding this type of post get the criterion."
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Only for",
        help="When set, only these employees get the criterion (e.g. budget users).",
    )

    _sql_constraints = [
        ("pct_positive", "CHECK(pct >= 0)", "A criterion percentage cannot be negative."),
        (
            "class_range",
            "CHECK(min_class >= 0 AND max_class >= 0 AND min_class <= 17 AND max_class <= 17)",
            "Criterion classes lie between 1 and 17 (0 for no bound).",
        ),
    ]

    @api.constrains("pct", "min_class", "max_class")
    def _check_values(self):
        for criterion in self:
            if criterion.pct < 0:
                raise ValidationError(
                    self.env._(
                        "Criterion %(name)s: the percentage cannot be negative.",
                        name=criterion.name,
                    )
                )
            if (
                criterion.min_class
                and criterion.max_class
                and criterion.max_class < criterion.min_class
            ):
                raise ValidationError(
                    self.env._(
                        "Criterion %(name)s: the class range ends before it starts.",
                        name=criterion.name,
                    )
                )
