from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine.constants import LINE_KINDS
from ..engine.evidence import parse_file_types
from ..tools.sql_bulk import bulk_update
from .iki_indicator import EVIDENCE_RULE_FIELDS, MEASURE_TARGET_FIELDS

LINE_KIND_LABELS = {"utama": "Main (Utama)", "tambahan": "Additional (Tambahan)"}
# Measure fields copied from the chosen indicator into the plan's own, frozen copy.
# The indicator's evidence rules (EVIDENCE_RULE_FIELDS) are frozen on the line when the plan
# is approved.
COPIED_FIELDS = ["name", "unit", *MEASURE_TARGET_FIELDS]


class IkiPlanLine(models.Model):
    """One individual indicator (IKI) of a plan, with the plan's own copy of its targets."""

    _name = "iki.plan.line"
    _description = "SKP Plan Line (Individual Indicator)"
    _inherit = ["iki.input.mixin", "iki.workflow.mixin", "iki.target.mixin"]
    _order = "plan_id, kind desc, sequence, id"
    # The evidence rules are the plan's snapshot (taken at approval), never a user's choice;
    # the lines of a plan under review or decided are frozen with it (see write()).
    _iki_protected_fields = frozenset(EVIDENCE_RULE_FIELDS)

    plan_id = fields.Many2one("iki.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(related="plan_id.employee_id", store=True, index=True)
    year = fields.Integer(related="plan_id.year", store=True)
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    kind = fields.Selection(
        [(key, LINE_KIND_LABELS[key]) for key in LINE_KINDS],
        required=True,
        default="utama",
    )
    indicator_id = fields.Many2one(
        "iki.indicator",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('year', '=', year), ('company_id', '=', company_id)]",
    )
    parent_indicator_id = fields.Many2one(
        related="indicator_id.parent_id",
        string="Supports (Supervisor's Indicator)",
        store=True,
        index=True,
    )
    name = fields.Char(
        string="Indicator Text",
        compute="_compute_from_indicator",
        store=True,
        readonly=False,
    )
    weight = fields.Float(default=0.0)
    aspect = fields.Selection(
        [("quantity", "Quantity"), ("quality", "Quality"), ("time", "Time"), ("cost", "Cost")],
        default="quantity",
    )
    unit = fields.Char(compute="_compute_from_indicator", store=True, readonly=False)
    polarity = fields.Selection(compute="_compute_from_indicator", store=True, readonly=False)
    baseline = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_max = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_spread = fields.Selection(compute="_compute_from_indicator", store=True, readonly=False)
    allow_negative = fields.Boolean(compute="_compute_from_indicator", store=True, readonly=False)
    target_01 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_02 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_03 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_04 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_05 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_06 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_07 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_08 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_09 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_10 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_11 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    target_12 = fields.Float(compute="_compute_from_indicator", store=True, readonly=False)
    # The evidence rules that judge the line's realisation: the indicator's when the plan is
    # approved (_iki_snapshot_evidence_rules), frozen from then on.
    evidence_required = fields.Boolean(compute="_compute_evidence_rules", store=True)
    evidence_min_files = fields.Integer(
        string="Minimum Evidence Files", compute="_compute_evidence_rules", store=True
    )
    evidence_file_types = fields.Char(
        string="Allowed File Types", compute="_compute_evidence_rules", store=True
    )
    evidence_max_size_mb = fields.Float(
        string="Max File Size (MB)", compute="_compute_evidence_rules", store=True
    )

    _sql_constraints = [
        (
            "indicator_plan_uniq",
            "unique(plan_id, indicator_id)",
            "An indicator appears only once in a plan.",
        ),
        (
            "weight_range",
            "CHECK(weight >= 0 AND weight <= 100)",
            "A weight lies between 0 and 100.",
        ),
    ]

    @api.depends("indicator_id")
    def _compute_from_indicator(self):
        # Depends on the choice of indicator only: later edits of the cascade never rewrite a
        # plan's targets (an approved plan is history).
        for line in self:
            indicator = line.indicator_id
            for fname in COPIED_FIELDS:
                line[fname] = indicator[fname]

    @api.depends("indicator_id")
    def _compute_evidence_rules(self):
        # The choice of indicator only (like the measure): the approval takes the rules again
        # and later edits of the indicator never reach an approved plan.
        for line in self:
            for fname in EVIDENCE_RULE_FIELDS:
                line[fname] = line.indicator_id.sudo()[fname]

    @api.depends("name", "plan_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.plan_id.employee_id.name or ''}: {line.name or ''}"

    # ------------------------------------------------------------------
    # CRUD: lines follow their plan's lock
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["iki.plan"].browse({vals.get("plan_id") for vals in vals_list} - {None})
        plans._iki_check_editable()
        # The mixin's defaults (e.g. polarity 'positive') would win over the compute: copy the
        # chosen indicator's measure explicitly for the values not given.
        indicators = self.env["iki.indicator"].browse(
            {vals["indicator_id"] for vals in vals_list if vals.get("indicator_id")}
        )
        indicators.fetch(COPIED_FIELDS)
        for vals in vals_list:
            if vals.get("indicator_id"):
                indicator = indicators.browse(vals["indicator_id"])
                for fname in COPIED_FIELDS:
                    if fname not in vals:
                        vals[fname] = self._fields[fname].convert_to_write(
                            indicator[fname], indicator
                        )
        return super().create(vals_list)

    def write(self, vals):
        self.plan_id._iki_check_editable()
        if "plan_id" in vals:
            self.env["iki.plan"].browse(vals["plan_id"])._iki_check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft_plan(self):
        locked = self.filtered(lambda line: line.plan_id.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "Plan %(plan)s is not a draft: its indicators cannot be removed.",
                    plan=locked[0].plan_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _iki_snapshot_evidence_rules(self):
        """Freeze the evidence rules of the lines' indicators on the lines (at the approval of
        their plan): one read of the indicators, one UPDATE for all lines."""
        lines = self.sudo()
        lines.indicator_id.fetch(EVIDENCE_RULE_FIELDS)
        bulk_update(
            lines.browse(),
            {
                line.id: {
                    fname: line.indicator_id._fields[fname].convert_to_write(
                        line.indicator_id[fname], line.indicator_id
                    )
                    for fname in EVIDENCE_RULE_FIELDS
                }
                for line in lines
            },
        )

    def _iki_evidence_rules(self):
        """The evidence rules of one line: ``(required, min_files, file_types, max_bytes)`` with
        ``file_types`` a set of extensions (empty: any evidence type) and ``max_bytes`` 0 for no
        limit."""
        self.ensure_one()
        line = self.sudo()
        return (
            line.evidence_required,
            max(line.evidence_min_files, 1),
            parse_file_types(line.evidence_file_types),
            (line.evidence_max_size_mb or 0.0) * 1024 * 1024,
        )
