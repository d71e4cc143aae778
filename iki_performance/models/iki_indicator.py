from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..engine.evidence import EVIDENCE_EXTENSIONS, unknown_file_types
from ..engine.inputs import REALIZATION_MAX_LIMIT
from .iki_target_mixin import MONTH_TARGET_FIELDS

# Levels of the cascade, top to bottom; the rank orders them.
LEVELS = [
    ("rpjmd_goal", "RPJMD Goal (Tujuan)"),
    ("rpjmd_target", "RPJMD Target (Sasaran)"),
    ("opd", "Agency Strategic (Renstra / IKU OPD)"),
    ("eselon_2", "Eselon II (JPT Pratama)"),
    ("eselon_3", "Eselon III (Administrator / Programme)"),
    ("eselon_4", "Eselon IV (Pengawas / Activity)"),
    ("individual", "Individual (IKI)"),
]
LEVEL_RANK = {key: rank for rank, (key, _label) in enumerate(LEVELS)}
TOP_LEVEL = "rpjmd_goal"
PROVINCE_LEVELS = ("rpjmd_goal", "rpjmd_target")

PERSPECTIVES = [
    ("stakeholder", "Stakeholder"),
    ("customer", "Customer"),
    ("internal_process", "Internal Process"),
    ("learning_growth", "Learning & Growth"),
    ("financial", "Financial"),
]
CASCADE_TYPES = [
    ("direct", "Direct (measures a share of the parent)"),
    ("non_direct", "Non-direct (supports the parent with another output)"),
]
ROLLUP_METHODS = [("sum", "Sum"), ("weighted_average", "Weighted Average")]
EVIDENCE_RULE_FIELDS = (
    "evidence_required",
    "evidence_min_files",
    "evidence_file_types",
    "evidence_max_size_mb",
)
# What judges the owner of an indicator (evidence rules, owner, place in the cascade, polarity,
# targets and the bound of the realisation): set by the administrators of its agency and HR,
# never by its owner. The owner proposing an indicator gives its measure and place; its evidence
# rules keep their defaults.
# The measure's direction and targets; a plan line keeps its own copy of them
# (``iki_plan_line.COPIED_FIELDS``).
MEASURE_TARGET_FIELDS = (
    "polarity",
    "baseline",
    "target",
    "target_max",
    "target_spread",
    "allow_negative",
    *MONTH_TARGET_FIELDS,
)
JUDGING_FIELDS = frozenset(
    {
        *EVIDENCE_RULE_FIELDS,
        *MEASURE_TARGET_FIELDS,
        "employee_id",
        "department_id",
        "job_id",
        "parent_id",
        "level",
        "year",
        "company_id",
        "realization_max",
    }
)


class IkiIndicator(models.Model):
    """One node of the performance cascade (pohon kinerja), from the RPJMD to an individual."""

    _name = "iki.indicator"
    _description = "Performance Indicator (Cascade)"
    _inherit = ["iki.input.mixin", "iki.target.mixin", "mail.thread", "mail.activity.mixin"]
    _parent_store = True
    _order = "year desc, parent_path, sequence, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(string="Indicator", required=True, tracking=True, translate=False)
    code = fields.Char(tracking=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
        aggregator=None,
        index=True,
    )
    level = fields.Selection(LEVELS, required=True, tracking=True, index=True)
    parent_id = fields.Many2one(
        "iki.indicator",
        string="Supports (Parent Indicator)",
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('year', '=', year), ('company_id', '=', company_id)]",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("iki.indicator", "parent_id", string="Supporting Indicators")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # Owner: a unit, a post and/or a person.
    department_id = fields.Many2one("hr.department", string="Owner Unit", tracking=True, index=True)
    agency_id = fields.Many2one(
        related="department_id.iki_agency_id", string="Agency (OPD)", store=True, index=True
    )
    job_id = fields.Many2one("hr.job", string="Owner Post", tracking=True)
    employee_id = fields.Many2one("hr.employee", string="Owner Employee", tracking=True, index=True)
    # Audited measure fields (the mixin declares them without tracking).
    unit = fields.Char(tracking=True)
    polarity = fields.Selection(tracking=True)
    baseline = fields.Float(tracking=True)
    target = fields.Float(tracking=True)
    target_max = fields.Float(tracking=True)
    realization_max = fields.Float(
        string="Max Realisation",
        tracking=True,
        help="The largest monthly realisation accepted for this indicator, in absolute value and "
        "in its unit (e.g. 100 for a percentage); 0: the maximum of the rule set in force.",
    )
    weight = fields.Float(default=0.0, tracking=True)
    perspective = fields.Selection(PERSPECTIVES, tracking=True)
    cascade_type = fields.Selection(CASCADE_TYPES, default="direct", required=True, tracking=True)
    rollup_method = fields.Selection(
        ROLLUP_METHODS,
        string="Children Roll-up",
        default="weighted_average",
        required=True,
        help="How the achievements of direct children add up to this indicator's.",
    )
    # Evidence (bukti dukung) required for the monthly realisation.
    evidence_required = fields.Boolean(default=True)
    evidence_min_files = fields.Integer(string="Minimum Evidence Files", default=1)
    evidence_file_types = fields.Char(
        string="Allowed File Types", default="pdf,jpg,jpeg,png,xlsx,docx"
    )
    evidence_max_size_mb = fields.Float(string="Max File Size (MB)", default=10.0)
    evidence_note = fields.Char(string="Evidence Description")
    description = fields.Html()
    # Tracing to the top of the cascade.
    is_traced = fields.Boolean(
        string="Traced to RPJMD",
        compute="_compute_is_traced",
        store=True,
        recursive=True,
        index=True,
        help="True when the chain of parents reaches an RPJMD goal.",
    )
    child_count = fields.Integer(compute="_compute_child_count")

    _sql_constraints = [
        ("weight_positive", "CHECK(weight >= 0)", "The weight of an indicator cannot be negative."),
        (
            "realization_max_range",
            f"CHECK(realization_max >= 0 AND realization_max <= {REALIZATION_MAX_LIMIT:.0f})",
            "The maximum realisation of an indicator lies between 0 (the rule set's) and 10^15.",
        ),
        (
            "evidence_min_files_positive",
            "CHECK(evidence_min_files >= 0)",
            "The minimum number of evidence files cannot be negative.",
        ),
    ]

    @api.depends("level", "parent_id.is_traced")
    def _compute_is_traced(self):
        for indicator in self:
            indicator.is_traced = indicator.level == TOP_LEVEL or bool(
                indicator.parent_id and indicator.parent_id.is_traced
            )

    def _compute_child_count(self):
        counts = dict(self._read_group([("parent_id", "in", self.ids)], ["parent_id"], ["__count"]))
        for indicator in self:
            indicator.child_count = counts.get(indicator, 0)

    @api.depends("name", "code", "year")
    def _compute_display_name(self):
        for indicator in self:
            prefix = f"[{indicator.code}] " if indicator.code else ""
            indicator.display_name = f"{prefix}{indicator.name or ''}"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("year")
    def _check_year_window(self):
        self._iki_check_year_window()

    @api.constrains("parent_id")
    def _check_parent_cycle(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._(
                    "Indicator %(names)s cannot support itself through its parents: the cascade "
                    "has no cycles.",
                    names=", ".join(self.mapped("display_name")),
                )
            )

    @api.constrains("parent_id", "level", "department_id", "employee_id", "year", "company_id")
    def _check_parent_level_and_owner(self):
        for indicator in self.filtered("parent_id"):
            parent = indicator.parent_id
            if LEVEL_RANK[parent.level] >= LEVEL_RANK[indicator.level]:
                raise ValidationError(
                    self.env._(
                        "%(child)s (%(child_level)s) cannot support %(parent)s (%(parent_level)s): "
                        "the parent must be at a higher level of the cascade.",
                        child=indicator.display_name,
                        child_level=indicator._iki_level_label(),
                        parent=parent.display_name,
                        parent_level=parent._iki_level_label(),
                    )
                )
            if parent.year != indicator.year or parent.company_id != indicator.company_id:
                raise ValidationError(
                    self.env._(
                        "%(child)s (%(year)s) cannot support %(parent)s of another year or "
                        "company.",
                        child=indicator.display_name,
                        year=indicator.year,
                        parent=parent.display_name,
                    )
                )
            problem = indicator._iki_owner_chain_problem(parent)
            if problem:
                raise ValidationError(problem)

    @api.constrains("evidence_file_types")
    def _check_evidence_file_types(self):
        for indicator in self:
            unknown = unknown_file_types(indicator.evidence_file_types)
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Indicator %(indicator)s: %(types)s cannot be evidence file types; "
                        "evidence is one of %(known)s (its content is checked).",
                        indicator=indicator.display_name,
                        types=", ".join(unknown),
                        known=", ".join(EVIDENCE_EXTENSIONS),
                    )
                )

    def _iki_owner_chain_problem(self, parent):
        """Return a message when ``parent`` is owned outside this indicator's chain, else ''."""
        if parent.department_id and self.department_id:
            chain = {int(x) for x in (self.department_id.parent_path or "").split("/") if x}
            if parent.department_id.id not in chain:
                return self.env._(
                    "%(child)s is owned by %(unit)s, which is not under %(parent_unit)s, the owner "
                    "of %(parent)s: a parent indicator belongs to the same unit or a unit above.",
                    child=self.display_name,
                    unit=self.department_id.display_name,
                    parent_unit=parent.department_id.display_name,
                    parent=parent.display_name,
                )
        if parent.employee_id and self.employee_id:
            supervisors = self.env["hr.employee"]
            current = self.employee_id.parent_id
            while current and current not in supervisors:
                supervisors |= current
                current = current.parent_id
            if parent.employee_id not in supervisors and parent.employee_id != self.employee_id:
                return self.env._(
                    "%(child)s of %(employee)s cannot support %(parent)s of %(owner)s, who is not "
                    "among %(employee)s's supervisors.",
                    child=self.display_name,
                    employee=self.employee_id.name,
                    parent=parent.display_name,
                    owner=parent.employee_id.name,
                )
        return ""

    def _iki_level_label(self):
        return dict(self._fields["level"]._description_selection(self.env)).get(self.level)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._iki_check_judging_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._iki_check_judging_fields(vals)
        return super().write(vals)

    def _iki_check_judging_fields(self, vals):
        """Refuse the judging fields (:data:`JUDGING_FIELDS`) that ``vals`` changes unless the
        user manages the indicator: HR, or an administrator of its agency (before and after
        the write), and never its owner. ``vals``: the values of a write on ``self``, or the
        list of values of a create (``self`` empty), where the owner proposing his indicator
        gives its measure and place but not its evidence rules."""
        if self.env.su:
            return
        if isinstance(vals, list):
            for values in vals:
                judging = JUDGING_FIELDS & set(values)
                if judging and not self._iki_manages(self.browse(), values):
                    defaults = self.default_get(list(EVIDENCE_RULE_FIELDS))
                    judging = {
                        f
                        for f in judging & set(EVIDENCE_RULE_FIELDS)
                        if self._iki_differs(values[f], defaults.get(f))
                    }
                    if judging:
                        raise AccessError(self._iki_judging_message(values.get("name"), judging))
            return
        for indicator in self:
            judging = {
                f
                for f in JUDGING_FIELDS & set(vals)
                if self._iki_differs(
                    vals[f], indicator._fields[f].convert_to_write(indicator[f], indicator)
                )
            }
            if judging and not self._iki_manages(indicator, vals):
                raise AccessError(self._iki_judging_message(indicator.display_name, judging))

    @api.model
    def _iki_differs(self, new, old):
        """Whether a written value changes a stored one (empty values are all alike)."""
        if not new and not old:
            return False
        if isinstance(old, float) or isinstance(new, float):
            return not (new and old) or abs(float(new) - float(old)) > 1e-9
        return new != old

    @api.model
    def _iki_manages(self, indicator, vals):
        """Whether the user may set the judging fields of ``indicator`` (empty: a new one)
        with ``vals``: HR or an administrator of its agency, before and after, not its owner."""
        user = self.env.user
        owners = indicator.employee_id
        if vals.get("employee_id"):
            owners |= self.env["hr.employee"].browse(vals["employee_id"])
        if user in owners.sudo().user_id:
            return False
        if user.has_group("iki_performance.group_iki_hr_officer"):
            return True
        if not user.has_group("iki_performance.group_iki_agency_admin"):
            return False
        agencies = indicator.agency_id
        if "department_id" in vals or not indicator:
            department = self.env["hr.department"].browse(vals.get("department_id"))
            agencies |= department.sudo().iki_agency_id
            if not department:
                return False
        return bool(agencies) and not agencies - user.iki_agency_ids

    def _iki_judging_message(self, name, fnames):
        labels = sorted(self._fields[f]._description_string(self.env) for f in fnames)
        return self.env._(
            "Indicator %(indicator)s: only the administrators of its agency or HR set "
            "%(fields)s, never the employee the indicator judges.",
            indicator=name or "",
            fields=", ".join(labels),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_children(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supporting Indicators"),
            "res_model": "iki.indicator",
            "view_mode": "list,form",
            "domain": [("parent_id", "=", self.id)],
            "context": {"default_parent_id": self.id, "default_year": self.year},
        }
