from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from .. import engine
from ..engine import constants as C

_lt = LazyTranslate(__name__)

# The default scheme of every company: stored in English and in every installed language.
DEFAULT_SCHEME_NAME = _lt("Default Tukin scheme (60/40, proportional)")
DEFAULT_SCHEME_REGULATION = _lt("Example regional regulation (Perkada) on TPP")
ROUNDING_SELECTION = [
    (C.ROUNDING_HALF_UP, "Half up to the rupiah"),
    (C.ROUNDING_DOWN, "Down to the rupiah"),
]
BASE_MODE_SELECTION = [
    (C.BASE_TABLE, "Amount per job class"),
    (C.BASE_INDEX, "National amount x regional index"),
]
CRITERIA_MODE_SELECTION = [
    (C.CRITERIA_ADDITIVE, "Base plus criteria"),
    (C.CRITERIA_COMPOSED, "Sum of the criteria"),
]
SPLIT_MODE_SELECTION = [
    (C.SPLIT_SPLIT, "Performance part and discipline part"),
    (C.SPLIT_WHOLE, "Whole amount scaled by performance"),
]
PERFORMANCE_MODE_SELECTION = [
    (C.PERFORMANCE_PROPORTIONAL, "Proportional to achievement (capped at 100%)"),
    (C.PERFORMANCE_PREDICATE, "Table by predicate"),
]
DEDUCTION_TARGET_SELECTION = [
    (C.DEDUCTION_ON_DISCIPLINE, "Discipline part"),
    (C.DEDUCTION_ON_WHOLE, "Whole amount"),
]
# Scheme field -> engine.TukinScheme field (plain values; tables are built from child records).
ENGINE_FIELDS = {
    "rounding": "rounding",
    "base_mode": "base_mode",
    "regional_index": "regional_index",
    "criteria_mode": "criteria_mode",
    "split_mode": "split_mode",
    "performance_share_pct": "performance_share_pct",
    "discipline_share_pct": "discipline_share_pct",
    "performance_mode": "performance_mode",
    "missing_performance_zero": "missing_performance_zero",
    "lag_months": "lag_months",
    "absent_pct": "absent_pct",
    "absent_streak_days": "absent_streak_days",
    "late_submission_pct": "late_submission_pct",
    "missing_submission_pct": "missing_submission_pct",
    "deduction_target": "deduction_target",
    "full_month_leave_stops": "full_month_leave_stops",
}
PCT_FIELDS = (
    "performance_share_pct",
    "discipline_share_pct",
    "absent_pct",
    "late_submission_pct",
    "missing_submission_pct",
)
# Example base amounts (IDR) per job class 1..17 of the shipped default scheme.
DEFAULT_BASE_TABLE = {
    1: 1_968_000,
    2: 2_089_000,
    3: 2_216_000,
    4: 2_350_000,
    5: 2_493_000,
    6: 2_702_000,
    7: 2_928_000,
    8: 3_319_000,
    9: 3_781_000,
    10: 4_551_000,
    11: 5_361_000,
    12: 7_271_000,
    13: 8_757_000,
    14: 11_670_000,
    15: 14_721_000,
    16: 20_695_000,
    17: 29_085_000,
}


def _to_engine_int(value):
    """0 / False in an optional integer field means "no bound"."""
    return value or None


class IkiTukinScheme(models.Model):
    """A version of the Tukin / TPP regulation of a company: every rule number, in force from
    ``date_from`` to ``date_to`` (open-ended when empty). Versions of a company never overlap."""

    _name = "iki.tukin.scheme"
    _description = "Tukin / TPP Scheme"
    _inherit = ["iki.input.mixin", "mail.thread"]
    _order = "company_id, date_from desc"

    name = fields.Char(required=True, tracking=True, translate=True)
    regulation = fields.Char(
        tracking=True,
        translate=True,
        help="The regulation (Perkada / Perpres) this scheme implements.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True, tracking=True)
    date_from = fields.Date(string="Effective From", required=True, tracking=True)
    date_to = fields.Date(
        string="Effective To", tracking=True, help="Leave empty while the scheme is in force."
    )
    rounding = fields.Selection(
        ROUNDING_SELECTION, default=C.ROUNDING_HALF_UP, required=True, tracking=True
    )
    base_mode = fields.Selection(
        BASE_MODE_SELECTION,
        string="Base Amount",
        default=C.BASE_TABLE,
        required=True,
        tracking=True,
    )
    regional_index = fields.Float(
        digits=(16, 8),
        default=1.0,
        tracking=True,
        help="Multiplies the national amount of the job class (e.g. 0.59112978).",
    )
    criteria_mode = fields.Selection(
        CRITERIA_MODE_SELECTION,
        string="Gross Amount",
        default=C.CRITERIA_ADDITIVE,
        required=True,
        tracking=True,
    )
    split_mode = fields.Selection(
        SPLIT_MODE_SELECTION, string="Split", default=C.SPLIT_SPLIT, required=True, tracking=True
    )
    performance_share_pct = fields.Float(string="Performance Part (%)", default=60.0, tracking=True)
    discipline_share_pct = fields.Float(string="Discipline Part (%)", default=40.0, tracking=True)
    performance_mode = fields.Selection(
        PERFORMANCE_MODE_SELECTION,
        string="Performance Scaling",
        default=C.PERFORMANCE_PROPORTIONAL,
        required=True,
        tracking=True,
    )
    missing_performance_zero = fields.Boolean(
        string="Missing Result Counts as 0",
        default=True,
        tracking=True,
        help="An employee without an appraisal (or predicate) for the month gets no performance "
        "part. When unset, generating the sheets stops and names them.",
    )
    lag_months = fields.Integer(
        string="Performance Lag (months)",
        default=0,
        tracking=True,
        help="0: the month's own appraisal; 1: the appraisal of the previous month, ...",
    )
    absent_pct = fields.Float(string="Absence Deduction (% per day)", default=4.0, tracking=True)
    absent_streak_days = fields.Integer(
        string="Consecutive Absent Days for 100%",
        default=10,
        tracking=True,
        help="That many consecutive absent working days deduct 100%. 0 switches the rule off.",
    )
    late_submission_pct = fields.Float(
        string="Late Work Log Deduction (%)", default=0.0, tracking=True
    )
    missing_submission_pct = fields.Float(
        string="Missing Work Log Deduction (%)", default=0.0, tracking=True
    )
    deduction_target = fields.Selection(
        DEDUCTION_TARGET_SELECTION,
        string="Deductions Apply To",
        default=C.DEDUCTION_ON_DISCIPLINE,
        required=True,
        tracking=True,
    )
    full_month_leave_stops = fields.Boolean(
        string="Leave of a Whole Month Stops the Tukin", default=True, tracking=True
    )
    class_ids = fields.One2many(
        "iki.tukin.scheme.class", "scheme_id", string="Amounts per Job Class", copy=True
    )
    criterion_ids = fields.One2many(
        "iki.tukin.criterion", "scheme_id", string="Criteria", copy=True
    )
    band_ids = fields.One2many(
        "iki.tukin.discipline.band",
        "scheme_id",
        string="Lateness and Early Leave Bands",
        copy=True,
        default=lambda self: self._default_band_commands(),
    )
    leave_rule_ids = fields.One2many(
        "iki.tukin.leave.rule",
        "scheme_id",
        string="Leave Table",
        copy=True,
        default=lambda self: self._default_leave_commands(),
    )
    predicate_rate_ids = fields.One2many(
        "iki.tukin.predicate.rate",
        "scheme_id",
        string="Paid % per Predicate",
        copy=True,
        default=lambda self: self._default_predicate_commands(),
    )

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A Tukin scheme cannot end before it starts.",
        ),
        (
            "pct_positive",
            "CHECK(performance_share_pct >= 0 AND discipline_share_pct >= 0 AND absent_pct >= 0 "
            "AND late_submission_pct >= 0 AND missing_submission_pct >= 0)",
            "Tukin percentages cannot be negative.",
        ),
        (
            "counts_positive",
            "CHECK(lag_months >= 0 AND absent_streak_days >= 0 AND regional_index > 0)",
            "The lag, the consecutive absence days and the regional index cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Defaults: the brief's defaults, so a new scheme starts complete
    # ------------------------------------------------------------------
    @api.model
    def _default_band_commands(self):
        return [
            Command.create(
                {
                    "kind": kind,
                    "code": band.code,
                    "min_minutes": band.min_minutes,
                    "max_minutes": band.max_minutes or 0,
                    "pct": float(band.pct),
                }
            )
            for kind, bands in (
                ("late", engine.DEFAULT_LATE_BANDS),
                ("early", engine.DEFAULT_EARLY_BANDS),
            )
            for band in bands
        ]

    @api.model
    def _default_leave_commands(self):
        mapping = self.env["iki.tukin.leave.rule"]._iki_default_leave_types()
        commands = []
        for kind, bands in engine.DEFAULT_LEAVE_TABLE.items():
            for band in bands:
                commands.append(
                    Command.create(
                        {
                            "leave_kind": kind,
                            "leave_type_ids": [Command.set(mapping.get(kind, []))],
                            "min_days": band.min_days,
                            "max_days": band.max_days or 0,
                            "pct": float(band.pct),
                        }
                    )
                )
        for kind, pct in (("unpaid", 0.0), ("other", 100.0)):
            commands.append(
                Command.create(
                    {
                        "leave_kind": kind,
                        "leave_type_ids": [Command.set(mapping.get(kind, []))],
                        "min_days": 1,
                        "max_days": 0,
                        "pct": pct,
                    }
                )
            )
        return commands

    @api.model
    def _default_predicate_commands(self):
        return [
            Command.create({"predicate": predicate, "pct": float(pct)})
            for predicate, pct in engine.DEFAULT_PREDICATE_PCT.items()
        ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_from", "date_to", "company_id", "active")
    def _check_no_overlap(self):
        """Two active schemes of a company never share a day (one search for all)."""
        others = self.search(
            [("company_id", "in", self.company_id.ids), ("id", "not in", self.ids)]
        )
        candidates = others | self.filtered("active")
        for scheme in self.filtered("active"):
            for other in candidates:
                if other == scheme or other.company_id != scheme.company_id:
                    continue
                if scheme._iki_overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "Tukin schemes %(scheme)s (%(scheme_dates)s) and %(other)s "
                            "(%(other_dates)s) of %(company)s overlap: end one before the "
                            "other starts.",
                            scheme=scheme.name,
                            scheme_dates=scheme._iki_dates_label(),
                            other=other.name,
                            other_dates=other._iki_dates_label(),
                            company=scheme.company_id.name,
                        )
                    )

    @api.constrains(
        *ENGINE_FIELDS,
        "class_ids",
        "criterion_ids",
        "band_ids",
        "leave_rule_ids",
        "predicate_rate_ids",
    )
    def _check_engine(self):
        """The scheme must make a valid engine scheme (bands contiguous, shares adding up to
        100, no negative percentage, ...): the engine says what is wrong."""
        for scheme in self:
            for fname in PCT_FIELDS:
                if scheme[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "Tukin scheme %(name)s: %(field)s cannot be negative.",
                            name=scheme.name,
                            field=scheme._fields[fname].get_description(self.env)["string"],
                        )
                    )
            scheme._iki_engine_scheme()
            scheme._iki_leave_kind_by_type()

    # ------------------------------------------------------------------
    # Display
    # ------------------------------------------------------------------
    def _iki_dates_label(self):
        self.ensure_one()
        return self.env._(
            "%(start)s to %(end)s",
            start=self.date_from,
            end=self.date_to or self.env._("open end"),
        )

    def _iki_overlaps(self, other):
        self.ensure_one()
        return (not other.date_to or self.date_from <= other.date_to) and (
            not self.date_to or other.date_from <= self.date_to
        )

    # ------------------------------------------------------------------
    # Lookup
    # ------------------------------------------------------------------
    @api.model
    def _iki_get_for_dates(self, company_ids, dates):
        """Return ``{(company_id, date): scheme}`` for every pair, with one search.

        Raise a ``UserError`` naming the company and the date when no scheme is in force.
        """
        dates = set(dates)
        company_ids = list(company_ids)
        if not dates or not company_ids:
            return {}
        schemes = self.sudo().search(
            [
                ("company_id", "in", company_ids),
                ("date_from", "<=", max(dates)),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", min(dates)),
            ]
        )
        by_company = defaultdict(list)
        for scheme in schemes:
            by_company[scheme.company_id.id].append(scheme)
        result = {}
        for company_id in company_ids:
            for date in sorted(dates):
                found = next(
                    (
                        s
                        for s in by_company[company_id]
                        if s.date_from <= date and (not s.date_to or date <= s.date_to)
                    ),
                    None,
                )
                if not found:
                    raise UserError(
                        self.env._(
                            "No Tukin scheme is in force for %(company)s on %(date)s: create one "
                            "in IKI > Tukin / TPP > Configuration > Schemes.",
                            company=self.env["res.company"].browse(company_id).sudo().name,
                            date=date,
                        )
                    )
                result[(company_id, date)] = found.sudo(False)
        return result

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    def _iki_engine_scheme(self):
        """The engine's ``TukinScheme`` of this record: the only way models pass rule numbers.

        Raise a ``ValidationError`` with the engine's reason when the scheme is inconsistent.
        """
        self.ensure_one()
        values = {engine_name: self[fname] for fname, engine_name in ENGINE_FIELDS.items()}
        bands = {"late": [], "early": []}
        for band in self.band_ids.sorted(lambda b: (b.min_minutes, b.id)):
            bands[band.kind].append(
                engine.Band(band.code, band.min_minutes, _to_engine_int(band.max_minutes), band.pct)
            )
        leave_table = defaultdict(list)
        for rule in self.leave_rule_ids.sorted(lambda r: (r.min_days, r.id)):
            leave_table[rule.leave_kind].append(
                engine.LeaveBand(rule.min_days, _to_engine_int(rule.max_days), rule.pct)
            )
        try:
            return engine.TukinScheme(
                name=self.name or "",
                source=(self._name, self.id),
                base_table={c.job_class: c.amount for c in self.class_ids},
                national_table={
                    c.job_class: c.national_amount for c in self.class_ids if c.national_amount
                },
                predicate_pct={r.predicate: r.pct for r in self.predicate_rate_ids},
                late_bands=tuple(bands["late"]),
                early_bands=tuple(bands["early"]),
                leave_table={kind: tuple(rows) for kind, rows in leave_table.items()},
                **values,
            )
        except ValueError as err:
            raise ValidationError(
                self.env._(
                    "Tukin scheme %(name)s is not consistent: %(problem)s",
                    name=self.name,
                    problem=str(err),
                )
            ) from err

    def _iki_engine_criteria_rules(self):
        """``[(employee ids the criterion is limited to (empty: everyone), engine.CriteriaRule)]``
        of the scheme."""
        self.ensure_one()
        rules = []
        for criterion in self.criterion_ids:
            try:
                rule = engine.CriteriaRule(
                    criterion.name,
                    criterion.pct,
                    _to_engine_int(criterion.min_class),
                    _to_engine_int(criterion.max_class),
                    frozenset([criterion.post_type]) if criterion.post_type else frozenset(),
                    (criterion._name, criterion.id),
                )
            except ValueError as err:
                raise ValidationError(
                    self.env._(
                        "Tukin scheme %(name)s, criterion %(criterion)s: %(problem)s",
                        name=self.name,
                        criterion=criterion.name,
                        problem=str(err),
                    )
                ) from err
            rules.append((frozenset(criterion.employee_ids.ids), rule))
        return rules

    def _iki_criteria_for(self, rules, employee, job_class, post_type):
        """Criteria of ``rules`` (from :meth:`_iki_engine_criteria_rules`) applying to ``employee``.

        A criterion limited to named employees (e.g. budget users) applies only to them.
        """
        self.ensure_one()
        scoped = [rule for only_for, rule in rules if not only_for or employee.id in only_for]
        try:
            return engine.applicable_criteria(scoped, job_class, post_type or None)
        except ValueError as err:
            raise UserError(
                self.env._(
                    "Tukin scheme %(name)s: the criteria of %(employee)s are ambiguous: "
                    "%(problem)s",
                    name=self.name,
                    employee=employee.name,
                    problem=str(err),
                )
            ) from err

    def _iki_leave_kind_by_type(self):
        """``{hr.leave.type id: leave kind}``; a type mapped to two kinds is an error."""
        self.ensure_one()
        result = {}
        for rule in self.leave_rule_ids:
            for leave_type in rule.leave_type_ids:
                known = result.setdefault(leave_type.id, rule.leave_kind)
                if known != rule.leave_kind:
                    raise ValidationError(
                        self.env._(
                            "Tukin scheme %(name)s: the time off type %(type)s is mapped to two "
                            "kinds of leave.",
                            name=self.name,
                            type=leave_type.name,
                        )
                    )
        return result

    # ------------------------------------------------------------------
    # Shipped defaults
    # ------------------------------------------------------------------
    @api.model
    def _iki_create_company_defaults(self, companies=None):
        """Give companies without any scheme the brief's default scheme from 1 January 2020."""
        if companies is None:
            companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        existing = set(
            self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        class_commands = [
            Command.create({"job_class": job_class, "amount": amount})
            for job_class, amount in DEFAULT_BASE_TABLE.items()
        ]
        english = self.with_context(lang="en_US").env
        schemes = (
            self.sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True, lang="en_US")
            .create(
                [
                    {
                        "name": english._(DEFAULT_SCHEME_NAME),
                        "regulation": english._(DEFAULT_SCHEME_REGULATION),
                        "date_from": "2020-01-01",
                        "company_id": company.id,
                        "class_ids": class_commands,
                    }
                    for company in companies
                    if company.id not in existing
                ]
            )
        )
        Lang = self.env["res.lang"]
        Lang._iki_translate_field(schemes, "name", DEFAULT_SCHEME_NAME)
        Lang._iki_translate_field(schemes, "regulation", DEFAULT_SCHEME_REGULATION)
        return schemes
