from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import engine
from ..engine.constants import (
    DIST_MAX_SHARE,
    DIST_MIN_COUNT,
    DIST_MIN_SHARE,
    DIST_NONE_ALLOWED,
)
from ..tools.sql_bulk import bulk_update
from .iki_indicator import LEVEL_RANK
from .iki_target_mixin import MONTH_TARGET_FIELDS

# Fields of the cascade read by the roll-up of the month close.
INDICATOR_FIELDS = [
    "parent_id",
    "cascade_type",
    "level",
    "rollup_method",
    "polarity",
    "target_max",
    "weight",
    "department_id",
    *MONTH_TARGET_FIELDS,
]
UNIT_PREDICATE_SELECTION = [(k, engine.UNIT_PREDICATE_LABELS[k]) for k in engine.UNIT_PREDICATES]


class IkiOrgResult(models.Model):
    """Achievement and predicate of one unit in one closed month, with the distribution check
    of its staff's predicates (SE MenPAN-RB 3/2023)."""

    _name = "iki.org.result"
    _description = "Organisation Achievement"
    _inherit = ["iki.workflow.mixin"]
    _order = "period_id desc, department_id"
    # Created, written and deleted by the month close only: a closed month's results are
    # history, and nobody types a unit's result by hand.
    _iki_workflow_only = True

    period_id = fields.Many2one("iki.period", required=True, index=True, ondelete="cascade")
    year = fields.Integer(related="period_id.year", store=True)
    month = fields.Integer(related="period_id.month", store=True)
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", required=True, index=True)
    agency_id = fields.Many2one(related="department_id.iki_agency_id", store=True, index=True)
    head_id = fields.Many2one("hr.employee", string="Head of Unit")
    achievement = fields.Float(string="Unit Achievement (%)", aggregator="avg")
    indicator_count = fields.Integer(string="Indicators Measured")
    predicate = fields.Selection(UNIT_PREDICATE_SELECTION, string="Unit Predicate")
    staff_count = fields.Integer(string="Staff Appraised")
    count_sangat_baik = fields.Integer(string="Sangat Baik")
    count_baik = fields.Integer(string="Baik")
    count_butuh_perbaikan = fields.Integer(string="Butuh Perbaikan")
    count_kurang = fields.Integer(string="Kurang")
    count_sangat_kurang = fields.Integer(string="Sangat Kurang")
    distribution_checked = fields.Boolean(
        help="The unit has enough appraised staff for the distribution check (the rule set's "
        "minimum): a smaller unit is only counted in its agency's check.",
    )
    violation_count = fields.Integer(string="Distribution Warnings")
    violations = fields.Text(string="Distribution Warnings Details")

    _sql_constraints = [
        ("unit_period_uniq", "unique(period_id, department_id)", "One result per unit and month."),
    ]

    @api.depends("department_id", "period_id")
    def _compute_display_name(self):
        for result in self:
            result.display_name = f"{result.period_id.name} - {result.department_id.name}"

    # ------------------------------------------------------------------
    # Computation (called by the month close)
    # ------------------------------------------------------------------
    @api.model
    def _iki_indicator_achievements(self, indicators, lines, month, rules):
        """Achievement of every indicator for one month: measured by its owner's appraisal
        line, or rolled up from its direct children (sum of realisations against its own
        target, or weighted average of achievements). Returns ``{indicator_id: achievement}``.

        A roll-up the engine refuses (e.g. a range target whose minimum exceeds its maximum)
        raises a ``UserError`` naming the indicator and the employees whose lines feed it.
        """
        measured = {}
        measured_by = {}
        for line in lines:
            if line.is_measured and line.indicator_id:
                measured[line.indicator_id.id] = (line.achievement, line.realization)
                measured_by[line.indicator_id.id] = line
        values = {}
        children = {}
        for indicator in indicators:
            if indicator.parent_id and indicator.cascade_type == "direct":
                children.setdefault(indicator.parent_id.id, []).append(indicator)
        for indicator in indicators.sorted(lambda i: -LEVEL_RANK[i.level]):
            kids = [k for k in children.get(indicator.id, []) if k.id in values]
            if kids:
                try:
                    values[indicator.id] = self._iki_rolled_up_value(
                        indicator, kids, values, month, rules
                    )
                except (ValueError, ArithmeticError) as err:
                    raise UserError(
                        self._iki_rollup_error(indicator, children, measured_by, err)
                    ) from err
            elif indicator.id in measured:
                values[indicator.id] = measured[indicator.id]
        return {key: value[0] for key, value in values.items()}

    @api.model
    def _iki_rolled_up_value(self, indicator, kids, values, month, rules):
        """``(achievement, realisation)`` of ``indicator`` from its children's ``values``."""
        if indicator.rollup_method == "sum":
            realization = sum(values[k.id][1] for k in kids)
            target = indicator.monthly_target(month)
            if indicator.polarity in ("negative", "boolean") or target:
                achievement = engine.achievement(
                    realization, target, indicator.polarity, indicator.target_max, rules.cap
                )
            else:
                achievement = engine.rollup([values[k.id][0] for k in kids], "weighted_average")
            return achievement, realization
        achievement = engine.rollup([(values[k.id][0], k.weight) for k in kids], "weighted_average")
        return achievement, sum(values[k.id][1] for k in kids)

    @api.model
    def _iki_rollup_error(self, indicator, children, measured_by, err):
        """The message of a roll-up the engine refused: the indicator, and the employees whose
        realisations feed it (found only now, walking down its children from the lines
        ``measured_by`` indicator)."""
        employees = self.env["hr.employee"]
        stack = [indicator.id]
        while stack:
            indicator_id = stack.pop()
            if indicator_id in measured_by:
                employees |= measured_by[indicator_id].employee_id
            stack.extend(child.id for child in children.get(indicator_id, []))
        return self.env._(
            "Indicator %(indicator)s: its achievement cannot be computed from the realisations "
            "of %(employees)s (%(problem)s). Correct the realisation or the indicator's targets.",
            indicator=indicator.display_name,
            employees=", ".join(sorted(employees.mapped("name"))[:5]) or "-",
            problem=str(err),
        )

    @api.model
    def _iki_build_for_periods(self, periods, appraisals):
        """(Re)build the results of the units of ``periods`` from their ``appraisals``; return
        them. About one result per unit and month: created with the ORM."""
        with self._iki_workflow():
            self.search([("period_id", "in", periods.ids)]).unlink()
            return self.create(
                [
                    vals
                    for period in periods
                    for vals in self._iki_unit_values(
                        period, appraisals.filtered(lambda a, p=period: a.period_id == p)
                    )
                ]
            )

    @api.model
    def _iki_unit_values(self, period, appraisals):
        """The values of the result of each unit with measured indicators in ``period``."""
        rules = period.rule_set_id._iki_engine_rules()
        # Everything read below in a few queries, whatever the size of the province.
        indicators = self.env["iki.indicator"].search_fetch(
            [("year", "=", period.year), ("company_id", "=", period.company_id.id)],
            INDICATOR_FIELDS,
        )
        indicators.department_id.fetch(["manager_id", "iki_agency_id"])
        lines = appraisals.line_ids
        lines.fetch(["indicator_id", "is_measured", "achievement", "realization"])
        achievements = self._iki_indicator_achievements(indicators, lines, period.month, rules)
        by_unit = {}
        for indicator in indicators:
            if (
                indicator.department_id
                and indicator.level != "individual"
                and indicator.id in achievements
            ):
                by_unit.setdefault(indicator.department_id, []).append(indicator)
        vals_list = []
        for department, unit_indicators in by_unit.items():
            try:
                achievement = engine.rollup(
                    [(achievements[i.id], i.weight) for i in unit_indicators], "weighted_average"
                )
            except (ValueError, ArithmeticError) as err:
                raise UserError(
                    self.env._(
                        "Unit %(unit)s, %(period)s: the unit achievement cannot be computed "
                        "from %(indicators)s (%(problem)s).",
                        unit=department.name,
                        period=period.name,
                        indicators=", ".join(i.display_name for i in unit_indicators[:5]),
                        problem=str(err),
                    )
                ) from err
            vals_list.append(
                {
                    "period_id": period.id,
                    "department_id": department.id,
                    "head_id": department.manager_id.id,
                    "achievement": engine.round_half_up(achievement, 2),
                    "indicator_count": len(unit_indicators),
                    "predicate": engine.unit_predicate(achievement, rules),
                }
            )
        return vals_list

    def _iki_apply_to_heads(self, appraisals):
        """At the close: the head of each unit of ``self`` is rated on the unit's achievement.
        Set it on his appraisal among ``appraisals`` and recompute those."""
        by_head = {(r.period_id.id, r.head_id.id): r for r in self if r.head_id}
        heads = appraisals.filtered(lambda a: (a.period_id.id, a.employee_id.id) in by_head)
        # Results of the compute path, written untracked in one statement (as
        # iki.appraisal._iki_recompute does): no chatter message nor query per head.
        bulk_update(
            heads.sudo().browse(),
            {
                appraisal.id: {
                    "is_unit_head": True,
                    "unit_achievement": by_head[
                        (appraisal.period_id.id, appraisal.employee_id.id)
                    ].achievement,
                }
                for appraisal in heads
            },
        )
        heads._iki_recompute()

    def _iki_violation_message(self, violation):
        """The engine's violation as a translated sentence with its numbers (the engine's own
        ``message`` is the English reference)."""
        labels = dict(
            self.env["iki.appraisal"]._fields["predicate"]._description_selection(self.env)
        )
        values = {
            "names": self.env._(" or ").join(labels[p] for p in violation["predicates"]),
            "limit": f"{violation['limit']:g}",
            "count": violation["count"],
            "total": violation["total"],
            "share": f"{violation['share']:.1f}",
        }
        templates = {
            DIST_MAX_SHARE: self.env._(
                "At most %(limit)s%% %(names)s allowed, found %(count)s of %(total)s (%(share)s%%)"
            ),
            DIST_MIN_SHARE: self.env._(
                "At least %(limit)s%% %(names)s required, found %(count)s of %(total)s "
                "(%(share)s%%)"
            ),
            DIST_MIN_COUNT: self.env._(
                "At least %(limit)s %(names)s required, found %(count)s of %(total)s (%(share)s%%)"
            ),
            DIST_NONE_ALLOWED: self.env._(
                "No %(names)s allowed, found %(count)s of %(total)s (%(share)s%%)"
            ),
        }
        return templates[violation["rule"]] % values

    def _iki_check_distribution(self):
        """Count the staff predicates of each unit (the unit and its sub-units, the head
        excluded), store the engine's distribution warnings, and block the close when the
        month's rules say so."""
        if not self:
            return
        appraisals = self.env["iki.appraisal"].search_fetch(
            [("period_id", "in", self.period_id.ids), ("predicate", "!=", False)],
            ["period_id", "department_id", "employee_id", "predicate"],
        )
        appraisals.department_id.fetch(["parent_path"])
        self.fetch(["period_id", "department_id", "head_id", "predicate"])
        counts = {}
        for appraisal in appraisals:
            path = appraisal.department_id.parent_path or ""
            for dept_id in {int(x) for x in path.split("/") if x}:
                key = (appraisal.period_id.id, dept_id)
                counts.setdefault(key, []).append(appraisal)
        blocking = []
        updates = {}
        for result in self:
            rules = result.period_id.rule_set_id
            staff = [
                a
                for a in counts.get((result.period_id.id, result.department_id.id), [])
                if a.employee_id != result.head_id
            ]
            by_predicate = dict.fromkeys(engine.PREDICATES, 0)
            for appraisal in staff:
                by_predicate[appraisal.predicate] += 1
            violations = (
                engine.check_distribution(result.predicate, by_predicate, rules._iki_engine_rules())
                if staff
                else []
            )
            updates[result.id] = {
                "staff_count": len(staff),
                "distribution_checked": len(staff) >= max(rules.distribution_min_staff, 1),
                **{f"count_{key}": value for key, value in by_predicate.items()},
                "violation_count": len(violations),
                "violations": "\n".join(map(self._iki_violation_message, violations)) or False,
            }
            if violations and rules.distribution_blocking:
                blocking.append(result)
        with self._iki_workflow():
            for result in self:
                result.write(updates[result.id])
        if blocking:
            raise UserError(
                self.env._(
                    "The month cannot close: the predicate distribution of %(units)s breaks the "
                    "rules of SE MenPAN-RB 3/2023 (%(details)s).",
                    units=", ".join(r.department_id.name for r in blocking),
                    details="; ".join(r.violations.replace("\n", ", ") for r in blocking),
                )
            )
