import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import engine
from ..engine.annual import suggested_annual_rating
from .iki_rating_mixin import RATING_APPRAISER_FIELDS, RATING_RESULT_FIELDS
from .iki_workflow_mixin import FREE_FIELDS

ANNUAL_STATES = [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")]
PENDING_ANNUAL_STATES = ("draft", "submitted")
# Written by the appraiser (or HR) while the evaluation is submitted.
ANNUAL_APPRAISER_FIELDS = RATING_APPRAISER_FIELDS | {"feedback"}
# Written by the compute path (``_iki_recompute``) and the generation only.
ANNUAL_RESULT_FIELDS = RATING_RESULT_FIELDS | {
    "appraisal_ids",
    "rule_set_id",
    "month_count",
    "missing_count",
}
ANNUAL_WORKFLOW_FIELDS = ANNUAL_RESULT_FIELDS | {
    "state",
    "appraiser_id",
    "appraiser_parent_id",
    "department_id",
    "job_title",
    "submitted_date",
    "approved_date",
    "approved_by_id",
}
# Fields that trigger the compute path when the appraiser changes them.
ANNUAL_RECOMPUTE_TRIGGERS = {"work_rating_override", "behaviour_rating_override", "has_innovation"}
# The only moves of the status (checked by the guard of iki.workflow.mixin).
ANNUAL_TRANSITIONS = {
    "draft": {"submitted"},
    "submitted": {"approved", "draft"},
    "approved": {"submitted"},  # reopened for correction by HR, with a reason
}


class IkiAppraisalAnnual(models.Model):
    """The annual evaluation of one employee, built from the closed months' appraisals.

    Figures come from the frozen monthly results through the engine (``_iki_recompute``); the
    appraiser sets the annual behaviour rating (suggested from the months) and may override the
    work rating with a written reason. Frozen once approved.
    """

    _name = "iki.appraisal.annual"
    _description = "Annual Evaluation"
    _inherit = ["iki.input.mixin", "iki.workflow.mixin", "iki.rating.mixin", "mail.activity.mixin"]
    _order = "year desc, employee_id"
    _iki_protected_fields = frozenset(
        ANNUAL_WORKFLOW_FIELDS | {"employee_id", "year", "company_id"}
    )
    _iki_initial_values = {"state": "draft"}
    _iki_workflow_creates = True
    _iki_transitions = ANNUAL_TRANSITIONS
    _iki_frozen_states = ("approved",)
    _iki_undeletable_states = ("submitted", "approved")

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, ondelete="restrict"
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    year = fields.Integer(required=True, index=True, aggregator=None)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # Snapshots (refreshed at submission, and when the post of a pending evaluation moves).
    department_id = fields.Many2one("hr.department", string="Unit", index=True)
    agency_id = fields.Many2one(
        related="department_id.iki_agency_id", store=True, index=True, string="Agency (OPD)"
    )
    job_title = fields.Char(string="Post")
    appraiser_id = fields.Many2one("hr.employee", index=True, tracking=True)
    appraiser_user_id = fields.Many2one(related="appraiser_id.user_id", string="Appraiser User")
    appraiser_parent_id = fields.Many2one("hr.employee", string="Appraiser's Supervisor")
    state = fields.Selection(
        ANNUAL_STATES, default="draft", required=True, tracking=True, index=True
    )
    rule_set_id = fields.Many2one(
        "iki.rule.set",
        string="Rules",
        readonly=True,
        help="The rule set in force on the last day of the year.",
    )
    predicate_method = fields.Selection(related="rule_set_id.predicate_method")
    appraisal_ids = fields.Many2many(
        "iki.appraisal",
        "iki_appraisal_annual_month_rel",
        "annual_id",
        "appraisal_id",
        string="Monthly Appraisals",
        readonly=True,
        help="The appraisals of the closed months the annual figures come from.",
    )
    month_count = fields.Integer(string="Months Counted", readonly=True)
    missing_count = fields.Integer(string="Missing Months", readonly=True)
    submitted_date = fields.Datetime(readonly=True)
    approved_date = fields.Datetime(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    feedback = fields.Text(string="Feedback (Umpan Balik)", tracking=True)
    # Results (one compute path: _iki_recompute), the others in iki.rating.mixin.
    achievement = fields.Float(string="Annual Achievement (%)")
    behaviour_rating_auto = fields.Selection(
        string="Behaviour Rating (suggested)",
        help="The most frequent monthly behaviour rating (a tie goes to the latest month).",
    )

    _sql_constraints = [
        (
            "employee_year_uniq",
            "unique(employee_id, year)",
            "An employee has one annual evaluation per year.",
        ),
        ("month_count_range", "CHECK(month_count >= 0)", "The number of months is positive."),
    ]

    @api.depends("employee_id.name", "year")
    def _compute_name(self):
        for annual in self:
            annual.name = f"{annual.year or ''} - {annual.employee_id.name or ''}"

    @api.constrains("year")
    def _check_year_window(self):
        self._iki_check_year_window()

    def _iki_record_label(self):
        return self.env._("Annual evaluation")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        workflow = self._iki_in_workflow()
        res = super().write(vals)
        if not workflow and ANNUAL_RECOMPUTE_TRIGGERS & set(vals):
            self._iki_recompute()
        return res

    def _iki_check_user_write(self, vals):
        self._iki_check_write(set(vals))

    def _iki_check_write(self, field_names):
        """The appraiser (or HR) writes the ratings of a submitted evaluation; results, status
        and snapshots are refused by the guard of iki.workflow.mixin, approved ones are frozen."""
        field_names = field_names - FREE_FIELDS
        if not field_names or self.env.su:
            return
        if field_names & ANNUAL_APPRAISER_FIELDS:
            self._iki_check_appraiser(self.env._("rate"))
            for annual in self:
                if annual.state != "submitted":
                    raise UserError(
                        self.env._(
                            "Annual evaluation %(name)s is %(state)s: the appraiser rates it "
                            "once submitted.",
                            name=annual.name,
                            state=annual._state_label(),
                        )
                    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_refresh(self):
        """Gather the closed months again (draft evaluations only)."""
        if not self._iki_is_hr():
            raise AccessError(self.env._("Only HR officers rebuild annual evaluations."))
        for company, annuals in self.grouped("company_id").items():
            for year in set(annuals.mapped("year")):
                self._iki_generate_for_year(company, year)
        return True

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
    def _iki_not_appraiser_message(self, what, appraiser):
        return self.env._(
            "You cannot %(what)s annual evaluation %(name)s: only its appraiser "
            "(%(appraiser)s) or HR can.",
            what=what,
            name=self.name,
            appraiser=appraiser.name or self.env._("none"),
        )

    def _iki_busy_message(self):
        return self.env._(
            "Another user is deciding on these annual evaluations right now: try again."
        )

    def _iki_check_state(self, states, action):
        for annual in self:
            if annual.state not in states:
                raise UserError(
                    self.env._(
                        "Annual evaluation %(name)s is %(state)s: it cannot be %(action)s.",
                        name=annual.name,
                        state=annual._state_label(),
                        action=action,
                    )
                )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _action_submit(self):
        self._iki_lock()
        self._iki_check_state(("draft",), self.env._("submitted"))
        if not self._iki_is_hr():
            for annual in self:
                if not annual._iki_is_own_or_admin():
                    raise AccessError(
                        self.env._(
                            "You cannot submit annual evaluation %(name)s: it is not yours.",
                            name=annual.name,
                        )
                    )
        empty = self.filtered(lambda a: not a.month_count)
        if empty:
            raise UserError(
                self.env._(
                    "Annual evaluation %(name)s has no monthly result to evaluate.",
                    name=empty[0].name,
                )
            )
        today = fields.Date.context_today(self)
        resolved = self.employee_id._iki_get_appraisers(today)
        now = fields.Datetime.now()
        for annual in self:
            appraiser, above = resolved[annual.employee_id.id]
            if not appraiser:
                raise UserError(
                    self.env._(
                        "Annual evaluation %(name)s cannot be submitted: %(employee)s has no "
                        "appraiser. Ask HR to set the supervisor or an acting appraiser.",
                        name=annual.name,
                        employee=annual.employee_id.name,
                    )
                )
            annual._iki_workflow_write(
                {
                    "state": "submitted",
                    "submitted_date": now,
                    "appraiser_id": appraiser.id,
                    "appraiser_parent_id": above.id,
                    "department_id": annual.employee_id.department_id.id or annual.department_id.id,
                    "job_title": annual.employee_id.job_title or annual.job_title,
                }
            )
        self._iki_recompute()
        self._iki_schedule_review()

    def _iki_schedule_review(self):
        self._iki_create_activities(
            "mail.mail_activity_data_todo",
            (
                (
                    annual,
                    annual.appraiser_id.user_id,
                    {
                        "summary": self.env._(
                            "Review the annual evaluation of %(employee)s",
                            employee=annual.employee_id.name,
                        )
                    },
                )
                for annual in self
            ),
        )

    def _action_approve(self):
        self._iki_lock()
        self._iki_check_state(("submitted",), self.env._("approved"))
        self._iki_check_appraiser(self.env._("approve"))
        self._iki_recompute()
        unrated = self.filtered(lambda a: not a.behaviour_rating or not a.work_rating)
        if unrated:
            raise UserError(
                self.env._(
                    "Set the annual behaviour rating before approving: %(names)s.",
                    names=", ".join(unrated.mapped("name")),
                )
            )
        vals = {
            "state": "approved",
            "approved_date": fields.Datetime.now(),
            "approved_by_id": self.env.uid,
        }
        approver = self.env.user.employee_id
        if approver and not self._iki_is_hr():
            # The approver becomes the snapshotted appraiser (acting officials, moved posts).
            vals["appraiser_id"] = approver.id
        self._iki_workflow_write(vals)
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def _action_return(self):
        self._iki_lock()
        self._iki_check_state(("submitted",), self.env._("returned"))
        for annual in self:
            if not (annual.feedback or "").strip():
                raise UserError(
                    self.env._(
                        "Write the feedback (umpan balik) for %(employee)s before returning "
                        "annual evaluation %(name)s.",
                        employee=annual.employee_id.name,
                        name=annual.name,
                    )
                )
        self._iki_check_appraiser(self.env._("return"))
        self._iki_workflow_write({"state": "draft"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        for annual in self:
            annual.message_post(
                body=self.env._("Returned for revision: %(feedback)s", feedback=annual.feedback),
                partner_ids=annual.employee_id.user_id.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # Generation and the one compute path
    # ------------------------------------------------------------------
    @api.model
    def _iki_generate_for_year(self, company, year):
        """Create (or refresh, while draft) the annual evaluations of ``company`` for ``year``
        from the appraisals of its closed months.

        One search for the monthly appraisals, one for the existing evaluations, one create,
        then the compute path for all of them. Return the created and refreshed evaluations.
        """
        monthly = (
            self.env["iki.appraisal"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("year", "=", year),
                    ("period_id.state", "=", "closed"),
                ],
                order="date_start, id",
            )
        )
        if not monthly:
            return self.browse()
        by_employee = monthly.grouped("employee_id")
        existing = {
            annual.employee_id: annual
            for annual in self.sudo().search(
                [("employee_id", "in", monthly.employee_id.ids), ("year", "=", year)]
            )
        }
        year_end = datetime.date(year, 12, 31)
        rule_set = self.env["iki.rule.set"]._iki_get_for(company, year_end)
        resolved = monthly.employee_id._iki_get_appraisers(
            min(year_end, fields.Date.context_today(self))
        )
        vals_list, refreshed = [], self.browse()
        for employee, months in by_employee.items():
            annual = existing.get(employee)
            if annual:
                if annual.state == "draft" and set(annual.appraisal_ids.ids) != set(months.ids):
                    annual._iki_workflow_write({"appraisal_ids": [fields.Command.set(months.ids)]})
                if annual.state == "draft":
                    refreshed |= annual
                continue
            vals_list.append(self._iki_new_values(months, rule_set, resolved[employee.id]))
        with self._iki_workflow():
            created = self.sudo().with_context(mail_create_nolog=True).create(vals_list)
        refreshed._iki_workflow_write({"rule_set_id": rule_set.id})
        annuals = created | refreshed
        annuals._iki_recompute()
        return annuals.with_env(self.env)

    @api.model
    def _iki_new_values(self, months, rule_set, appraisers):
        """Values of a new evaluation from ``months``, the monthly appraisals of one employee
        in one year (oldest first), under ``rule_set``; ``appraisers``: ``(appraiser, his
        supervisor)`` resolved for the end of the year. The snapshot is the latest month's."""
        appraiser, above = appraisers
        latest = months[-1]
        return {
            "employee_id": latest.employee_id.id,
            "year": latest.year,
            "company_id": latest.company_id.id,
            "department_id": latest.department_id.id,
            "job_title": latest.job_title,
            "appraiser_id": appraiser.id,
            "appraiser_parent_id": above.id,
            "rule_set_id": rule_set.id,
            "appraisal_ids": [fields.Command.set(months.ids)],
            "has_innovation": any(months.mapped("has_innovation")),
        }

    def _iki_months(self):
        """The monthly appraisals of one evaluation that count: all, except the months recorded
        as missing whose policy excluded them. Month order, oldest first."""
        self.ensure_one()
        return self.appraisal_ids.sorted("date_start").filtered(
            lambda a: not (a.is_missing and a.period_id.missing_submission_policy == "exclude")
        )

    def _iki_recompute(self):
        """Annual figures of every evaluation of ``self`` with the engine, from the frozen
        monthly results; writes grouped by value.

        Runs as superuser: the figures must count every month, including months whose
        appraisal the current user may not read (e.g. an acting appraiser).
        """
        if not self:
            return
        annuals = self.sudo()
        # Gather every month and line of the batch at once (each evaluation reads a subset).
        months = annuals.appraisal_ids
        months.fetch(
            [
                "date_start",
                "period_id",
                "achievement",
                "is_missing",
                "is_unit_head",
                "unit_achievement",
                "behaviour_rating",
                "line_ids",
            ]
        )
        months.line_ids.fetch(["kind", "is_measured", "achievement", "indicator_id"])
        rules_of = {rs.id: rs._iki_engine_rules() for rs in annuals.rule_set_id}
        updates, before, after = {}, {}, {}
        for annual in annuals:
            vals = annual._iki_results(annual.rule_set_id, rules_of.get(annual.rule_set_id.id))
            updates.setdefault(tuple(sorted(vals.items())), []).append(annual.id)
            changed = {k: v for k, v in vals.items() if k != "appraisal_ids" and annual[k] != v}
            if changed:
                before[annual.id] = {k: annual[k] for k in changed}
                after[annual.id] = changed
        # Written grouped by value, untracked; the changes are logged in one batch.
        for items, ids in updates.items():
            annuals.browse(ids)._iki_workflow_write(dict(items), track=False)
        annuals._iki_log_tracking(before, after)

    def _iki_results(self, rule_set, rules):
        """Result values of one annual evaluation (no writes)."""
        self.ensure_one()
        months = self._iki_months()
        behaviour_auto = suggested_annual_rating(
            self.appraisal_ids.sorted("date_start").mapped("behaviour_rating")
        )
        values = {
            "month_count": len(months),
            "missing_count": len(self.appraisal_ids.filtered("is_missing")),
            "behaviour_rating_auto": behaviour_auto or False,
        }
        if not months or not rules:
            return dict(
                values,
                achievement=0.0,
                is_unit_head=False,
                unit_achievement=0.0,
                skp_score=0.0,
                final_score=0.0,
                work_rating_auto=False,
                work_rating=False,
                behaviour_rating=self.behaviour_rating_override or behaviour_auto or False,
                predicate=False,
            )
        # The frozen monthly achievement (0 for a month missing under the "zero" policy).
        achievement = engine.annual_achievement(months.mapped("achievement"))
        # Each main indicator's own annual achievement, for "no utama line below expectation".
        by_indicator = {}
        for month in months:
            for line in month.line_ids:
                if line.kind == "utama" and line.is_measured:
                    value = 0.0 if month.is_missing else line.achievement
                    by_indicator.setdefault(line.indicator_id.id, []).append(value)
        utama = [engine.annual_achievement(v) for v in by_indicator.values()]
        # A head of a unit takes the mean of the unit's monthly achievement, and is rated on it
        # alone.
        headed = months.filtered("is_unit_head")
        unit_achievement = (
            engine.annual_achievement(headed.mapped("unit_achievement")) if headed else 0.0
        )
        if headed:
            basis, utama = unit_achievement, ()
        else:
            basis = achievement
        return dict(
            values,
            achievement=engine.round_half_up(achievement, 2),
            is_unit_head=bool(headed),
            unit_achievement=engine.round_half_up(unit_achievement, 2),
            **self._iki_rating_results(basis, utama, behaviour_auto, rule_set, rules),
        )
