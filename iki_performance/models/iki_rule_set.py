from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from .. import engine
from ..engine.constants import DIST_MIN_STAFF
from ..engine.inputs import REALIZATION_MAX_DEFAULT, REALIZATION_MAX_LIMIT

_lt = LazyTranslate(__name__)

# The default rule set of every company: named in English and in every installed language.
DEFAULT_RULE_SET_NAME = _lt("Default rules (PermenPAN-RB 6/2022)")

PREDICATE_METHODS = [
    ("quadrant", "Quadrant (PermenPAN-RB 6/2022)"),
    ("numeric", "Numeric (PP 30/2019)"),
]
NUMERIC_WEIGHTS = [("70_30", "SKP 70% / Behaviour 30%"), ("60_40", "SKP 60% / Behaviour 40%")]
MISSING_POLICIES = [
    ("zero", "Achievement 0, recorded as missing"),
    ("exclude", "Excluded from the month, recorded as missing"),
]
# Model field -> engine.Rules field. Every rule number of the brief is one of these.
RULE_FIELDS = {
    "achievement_cap": "cap",
    "tambahan_bonus_max": "tambahan_bonus_max",
    "work_above_threshold": "work_above_threshold",
    "work_meets_threshold": "work_meets_threshold",
    "numeric_sangat_baik_min": "numeric_sangat_baik_min",
    "numeric_baik_min": "numeric_baik_min",
    "numeric_butuh_perbaikan_min": "numeric_butuh_perbaikan_min",
    "numeric_kurang_min": "numeric_kurang_min",
    "unit_istimewa_min": "unit_istimewa_min",
    "unit_baik_min": "unit_baik_min",
    "unit_butuh_perbaikan_min": "unit_butuh_perbaikan_min",
    "unit_kurang_min": "unit_kurang_min",
    "distribution_min_staff": "distribution_min_staff",
}
# Default window of the years of plans, months, annual evaluations and indicators: from the
# current year minus YEAR_WINDOW_PAST to the current year plus YEAR_WINDOW_FUTURE.
YEAR_WINDOW_PAST = 10
YEAR_WINDOW_FUTURE = 5
YEAR_WINDOW_MAX = 100


class IkiRuleSet(models.Model):
    """Effective-dated performance parameters of a company (one set applies from its start date
    until the next one starts)."""

    _name = "iki.rule.set"
    _description = "Performance Rule Parameters"
    _inherit = ["iki.input.mixin", "mail.thread"]
    _order = "company_id, date_from desc"

    name = fields.Char(required=True, tracking=True, translate=True)
    regulation = fields.Char(tracking=True, help="The regulation these parameters implement.")
    date_from = fields.Date(string="Effective From", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    achievement_cap = fields.Float(string="Achievement Cap (%)", default=120.0, tracking=True)
    tambahan_bonus_max = fields.Float(
        string="Max Bonus of Additional Indicators (points)", default=10.0, tracking=True
    )
    work_above_threshold = fields.Float(
        string="'Above Expectation' from (%)", default=110.0, tracking=True
    )
    work_meets_threshold = fields.Float(
        string="'Meets Expectation' from (%)", default=90.0, tracking=True
    )
    predicate_method = fields.Selection(
        PREDICATE_METHODS, default="quadrant", required=True, tracking=True
    )
    numeric_weights = fields.Selection(
        NUMERIC_WEIGHTS, default="70_30", required=True, tracking=True
    )
    numeric_sangat_baik_min = fields.Float(string="Sangat Baik from", default=110.0)
    numeric_baik_min = fields.Float(string="Baik from", default=90.0)
    numeric_butuh_perbaikan_min = fields.Float(string="Butuh Perbaikan from", default=70.0)
    numeric_kurang_min = fields.Float(string="Kurang from", default=50.0)
    unit_istimewa_min = fields.Float(string="Unit Istimewa from (%)", default=110.0)
    unit_baik_min = fields.Float(string="Unit Baik from (%)", default=90.0)
    unit_butuh_perbaikan_min = fields.Float(string="Unit Butuh Perbaikan from (%)", default=70.0)
    unit_kurang_min = fields.Float(string="Unit Kurang from (%)", default=50.0)
    distribution_blocking = fields.Boolean(
        string="Block Closing on Distribution Violations",
        tracking=True,
        help="When set, a month cannot close while a unit breaks the predicate distribution rules.",
    )
    distribution_min_staff = fields.Integer(
        string="Distribution Checked From (staff)",
        default=DIST_MIN_STAFF,
        tracking=True,
        help="The predicate distribution is checked for units (and agencies, all their units "
        "together) with at least this many appraised staff: below, one or two people cannot "
        "follow percentages.",
    )
    cutoff_day = fields.Integer(
        string="Submission Cut-off Day (next month)", default=5, tracking=True
    )
    allow_late_submission = fields.Boolean(default=True, tracking=True)
    missing_submission_policy = fields.Selection(
        MISSING_POLICIES, default="zero", required=True, tracking=True
    )
    early_close_marks_missing = fields.Boolean(
        string="Early Close Marks Missing Submissions",
        tracking=True,
        help="When HR closes a month before its cut-off (a forced close, with a reason), the "
        "appraisals not submitted yet are recorded as missing only if this is set: their time "
        "to submit had not run out.",
    )
    reminder_days_before = fields.Integer(
        string="Reminder Days Before Cut-off", default=3, tracking=True
    )
    # Input limits: what a user may type is a rule too (see iki.input.mixin).
    realization_max = fields.Float(
        string="Max Realisation (absolute value)",
        default=REALIZATION_MAX_DEFAULT,
        tracking=True,
        help="The largest monthly realisation, in absolute value and in the indicator's unit, "
        "accepted for indicators that set no maximum of their own.",
    )
    year_window_past = fields.Integer(
        string="Years Back",
        default=YEAR_WINDOW_PAST,
        tracking=True,
        help="Plans, months, annual evaluations and indicators may be for a year at most this "
        "many years before the current one.",
    )
    year_window_future = fields.Integer(
        string="Years Ahead",
        default=YEAR_WINDOW_FUTURE,
        tracking=True,
        help="Plans, months, annual evaluations and indicators may be for a year at most this "
        "many years after the current one.",
    )

    _sql_constraints = [
        (
            "date_company_uniq",
            "unique(company_id, date_from)",
            "Two rule sets of a company cannot start on the same day.",
        ),
        (
            "cutoff_day_range",
            "CHECK(cutoff_day >= 1 AND cutoff_day <= 28)",
            "The cut-off day lies between 1 and 28.",
        ),
        ("cap_positive", "CHECK(achievement_cap >= 100)", "The achievement cap is at least 100%."),
        (
            "distribution_min_staff_positive",
            "CHECK(distribution_min_staff >= 0)",
            "The staff count from which the distribution is checked cannot be negative.",
        ),
        (
            "realization_max_range",
            f"CHECK(realization_max > 0 AND realization_max <= {REALIZATION_MAX_LIMIT:.0f})",
            "The maximum realisation lies above 0 and at most 10^15.",
        ),
        (
            "year_window_range",
            f"CHECK(year_window_past BETWEEN 0 AND {YEAR_WINDOW_MAX} "
            f"AND year_window_future BETWEEN 0 AND {YEAR_WINDOW_MAX})",
            "The years back and ahead lie between 0 and 100.",
        ),
    ]

    @api.constrains(
        "work_above_threshold",
        "work_meets_threshold",
        "numeric_sangat_baik_min",
        "numeric_baik_min",
        "numeric_butuh_perbaikan_min",
        "numeric_kurang_min",
        "unit_istimewa_min",
        "unit_baik_min",
        "unit_butuh_perbaikan_min",
        "unit_kurang_min",
        "tambahan_bonus_max",
        "reminder_days_before",
    )
    def _check_thresholds(self):
        for rules in self:
            ladders = [
                (rules.work_above_threshold, rules.work_meets_threshold),
                (
                    rules.numeric_sangat_baik_min,
                    rules.numeric_baik_min,
                    rules.numeric_butuh_perbaikan_min,
                    rules.numeric_kurang_min,
                ),
                (
                    rules.unit_istimewa_min,
                    rules.unit_baik_min,
                    rules.unit_butuh_perbaikan_min,
                    rules.unit_kurang_min,
                ),
            ]
            for ladder in ladders:
                if any(v < 0 for v in ladder) or list(ladder) != sorted(ladder, reverse=True):
                    raise ValidationError(
                        self.env._(
                            "Rule set %(name)s: thresholds must be positive and decrease from the "
                            "best rating to the worst (%(values)s).",
                            name=rules.name,
                            values=" > ".join(str(v) for v in ladder),
                        )
                    )
            if rules.tambahan_bonus_max < 0 or rules.reminder_days_before < 0:
                raise ValidationError(
                    self.env._(
                        "Rule set %(name)s: negative values are not allowed.", name=rules.name
                    )
                )

    @api.constrains("realization_max", "year_window_past", "year_window_future")
    def _check_input_limits(self):
        for rules in self:
            if not 0 < rules.realization_max <= REALIZATION_MAX_LIMIT:
                raise ValidationError(
                    self.env._(
                        "Rule set %(name)s, field %(field)s: %(value)s must lie above 0 and at "
                        "most %(limit)s.",
                        name=rules.name,
                        field=self._fields["realization_max"]._description_string(self.env),
                        value=rules.realization_max,
                        limit=format(REALIZATION_MAX_LIMIT, "g"),
                    )
                )
            for fname in ("year_window_past", "year_window_future"):
                if not 0 <= rules[fname] <= YEAR_WINDOW_MAX:
                    raise ValidationError(
                        self.env._(
                            "Rule set %(name)s, field %(field)s: %(value)s must lie between 0 "
                            "and %(limit)s.",
                            name=rules.name,
                            field=self._fields[fname]._description_string(self.env),
                            value=rules[fname],
                            limit=YEAR_WINDOW_MAX,
                        )
                    )

    # ------------------------------------------------------------------
    # Lookup
    # ------------------------------------------------------------------
    @api.model
    def _iki_get_for_dates(self, company_ids, dates):
        """Return ``{(company_id, date): rule set}`` for every pair, with one search.

        Raise a ``UserError`` naming the company and date when no set is in force.
        """
        dates = set(dates)
        sets = self.sudo().search(
            [("company_id", "in", list(company_ids)), ("date_from", "<=", max(dates))],
            order="date_from desc",
        )
        result = {}
        for company_id in company_ids:
            company_sets = sets.filtered(lambda s, c=company_id: s.company_id.id == c)
            for date in dates:
                found = next((s for s in company_sets if s.date_from <= date), None)
                if not found:
                    company = self.env["res.company"].browse(company_id)
                    raise UserError(
                        self.env._(
                            "No performance rule set is in force for %(company)s on %(date)s: "
                            "create one in IKI > Configuration > Rule Sets.",
                            company=company.name,
                            date=date,
                        )
                    )
                result[(company_id, date)] = found.sudo(False)
        return result

    @api.model
    def _iki_get_for(self, company, date):
        return self._iki_get_for_dates([company.id], [date])[(company.id, date)]

    @api.model
    def _iki_year_window(self, company):
        """``(first, last)``: the years that plans, months, annual evaluations and indicators
        of ``company`` may have. The current year minus ``year_window_past`` to plus
        ``year_window_future`` of the set in force today (:data:`YEAR_WINDOW_PAST` and
        :data:`YEAR_WINDOW_FUTURE` when none is)."""
        today = fields.Date.context_today(self)
        rules = self.sudo().search(
            [("company_id", "=", company.id), ("date_from", "<=", today)],
            order="date_from desc",
            limit=1,
        )
        past = rules.year_window_past if rules else YEAR_WINDOW_PAST
        future = rules.year_window_future if rules else YEAR_WINDOW_FUTURE
        return today.year - past, today.year + future

    def _iki_engine_rules(self):
        """The engine's ``Rules`` for this set: the only way models pass rule numbers."""
        self.ensure_one()
        values = {engine_name: self[fname] for fname, engine_name in RULE_FIELDS.items()}
        values["numeric_skp_weight"] = 70.0 if self.numeric_weights == "70_30" else 60.0
        return engine.Rules(**values)

    @api.model
    def _iki_create_company_defaults(self, companies=None):
        """Give companies without any rule set the brief's defaults from 1 January 2020."""
        if companies is None:
            companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        existing = set(self.sudo().search([("company_id", "in", companies.ids)]).company_id.ids)
        english = self.sudo().with_context(lang="en_US")
        rule_sets = english.create(
            [
                {
                    "name": english.env._(DEFAULT_RULE_SET_NAME),
                    "regulation": "PermenPAN-RB 6/2022; PP 30/2019",
                    "date_from": "2020-01-01",
                    "company_id": company.id,
                }
                for company in companies
                if company.id not in existing
            ]
        )
        self.env["res.lang"]._iki_translate_field(rule_sets, "name", DEFAULT_RULE_SET_NAME)
