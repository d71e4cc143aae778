import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import engine
from ..engine.annual import suggested_annual_rating
from .iki_appraisal import PREDICATE_SELECTION, RATING_SELECTION

ANNUAL_STATES = [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")]
PENDING_ANNUAL_STATES = ("draft", "submitted")
# Written by the appraiser (or HR) while the evaluation is submitted.
ANNUAL_APPRAISER_FIELDS = {
    "feedback",
    "work_rating_override",
    "work_override_reason",
    "behaviour_rating_override",
    "behaviour_override_reason",
    "has_innovation",
}
# Written by the compute path (``_iki_recompute``) and the generation only.
ANNUAL_RESULT_FIELDS = {
    "appraisal_ids",
    "rule_set_id",
    "month_count",
    "missing_count",
    "achievement",
    "is_unit_head",
    "unit_achievement",
    "skp_score",
    "final_score",
    "work_rating_auto",
    "work_rating",
    "behaviour_rating_auto",
    "behaviour_rating",
    "predicate",
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


class IkiAppraisalAnnual(models.Model):
    """The annual evaluation of one employee, built from the closed months' appraisals.

    Figures come from the frozen monthly results through the engine (``_iki_recompute``); the
    appraiser sets the annual behaviour rating (suggested from the months) and may override the
    work rating with a written reason. Frozen once approved.
    """

    _name = "iki.appraisal.annual"
    _description = "Annual Evaluation"
    _inherit = ["iki.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, employee_id"

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, ondelete="restrict"
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    year = fields.Integer(required=True, index=True)
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
    # Results (one compute path: _iki_recompute).
    achievement = fields.Float(
        string="Annual Achievement (%)", readonly=True, tracking=True, aggregator="avg"
    )
    is_unit_head = fields.Boolean(readonly=True)
    unit_achievement = fields.Float(string="Unit Achievement (%)", readonly=True)
    skp_score = fields.Float(string="SKP Score (0-120)", readonly=True, aggregator="avg")
    final_score = fields.Float(string="Final Score (PP 30/2019)", readonly=True, aggregator="avg")
    work_rating_auto = fields.Selection(
        RATING_SELECTION, string="Work Rating (computed)", readonly=True
    )
    work_rating_override = fields.Selection(RATING_SELECTION, tracking=True)
    work_override_reason = fields.Text(tracking=True)
    work_rating = fields.Selection(
        RATING_SELECTION, string="Work Rating (Hasil Kerja)", readonly=True, tracking=True
    )
    behaviour_rating_auto = fields.Selection(
        RATING_SELECTION,
        string="Behaviour Rating (suggested)",
        readonly=True,
        help="The most frequent monthly behaviour rating (a tie goes to the latest month).",
    )
    behaviour_rating_override = fields.Selection(RATING_SELECTION, tracking=True)
    behaviour_override_reason = fields.Text(tracking=True)
    behaviour_rating = fields.Selection(
        RATING_SELECTION, string="Behaviour Rating (Perilaku Kerja)", readonly=True, tracking=True
    )
    has_innovation = fields.Boolean(
        string="Recorded Innovation", tracking=True, help="Needed for Sangat Baik (PP 30/2019)."
    )
    predicate = fields.Selection(PREDICATE_SELECTION, readonly=True, tracking=True, index=True)

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

    @api.constrains("work_rating_override", "work_override_reason")
    def _check_work_override_reason(self):
        for annual in self:
            if annual.work_rating_override and not (annual.work_override_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Annual evaluation %(name)s: overriding the work rating needs a written "
                        "reason.",
                        name=annual.name,
                    )
                )

    @api.constrains("behaviour_rating_override", "behaviour_override_reason")
    def _check_behaviour_override_reason(self):
        for annual in self:
            if (
                annual.behaviour_rating_override
                and not (annual.behaviour_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Annual evaluation %(name)s: overriding the suggested behaviour rating "
                        "needs a written reason.",
                        name=annual.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        # The context key alone is client-controlled: only the workflow's sudo writes pass.
        workflow = self.env.su and self.env.context.get("iki_annual_workflow")
        if not workflow:
            self._iki_check_write(set(vals))
        res = super().write(vals)
        if not workflow and ANNUAL_RECOMPUTE_TRIGGERS & set(vals):
            self._iki_recompute()
        return res

    def _iki_workflow_write(self, vals):
        """Write workflow fields and results, once the caller has checked state and rights."""
        return self.sudo().with_context(iki_annual_workflow=True).write(vals)

    def _iki_check_write(self, field_names):
        """Frozen once approved (for everybody); results only through the compute path; the
        appraiser (or HR) writes the ratings of a submitted evaluation."""
        field_names = field_names - {"message_main_attachment_id"}
        if not field_names:
            return
        approved = self.filtered(lambda a: a.state == "approved")
        if approved:
            raise UserError(
                self.env._(
                    "Annual evaluation %(name)s is approved and frozen: it cannot change.",
                    name=approved[0].name,
                )
            )
        if self.env.su:
            return
        if field_names & (ANNUAL_WORKFLOW_FIELDS | {"employee_id", "year", "company_id"}):
            raise UserError(
                self.env._(
                    "Results and status of an annual evaluation change only through its actions."
                )
            )
        if field_names & ANNUAL_APPRAISER_FIELDS:
            self._iki_check_appraiser(self.env._("rate"))
            if not self._iki_is_hr():
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

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for annual in self:
            if annual.state != "draft":
                raise UserError(
                    self.env._(
                        "Annual evaluation %(name)s is %(state)s and cannot be deleted.",
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
                self._generate_for_year(company, year)
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
    def _generate_for_year(self, company, year):
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
        rule_set = self.env["iki.rule.set"]._get_for(company, year_end)
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
            appraiser, above = resolved[employee.id]
            latest = months[-1]
            vals_list.append(
                {
                    "employee_id": employee.id,
                    "year": year,
                    "company_id": company.id,
                    "department_id": latest.department_id.id,
                    "job_title": latest.job_title,
                    "appraiser_id": appraiser.id,
                    "appraiser_parent_id": above.id,
                    "rule_set_id": rule_set.id,
                    "appraisal_ids": [fields.Command.set(months.ids)],
                    "has_innovation": any(months.mapped("has_innovation")),
                }
            )
        created = self.sudo().with_context(mail_create_nolog=True).create(vals_list)
        refreshed._iki_workflow_write({"rule_set_id": rule_set.id})
        annuals = created | refreshed
        annuals._iki_recompute()
        return annuals.with_env(self.env)

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
        rules_of = {rs.id: rs._engine_rules() for rs in annuals.rule_set_id}
        updates = {}
        for annual in annuals:
            vals = annual._iki_results(annual.rule_set_id, rules_of.get(annual.rule_set_id.id))
            updates.setdefault(tuple(sorted(vals.items())), []).append(annual.id)
        for items, ids in updates.items():
            annuals.browse(ids).with_context(tracking_disable=True)._iki_workflow_write(dict(items))

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
        # A head of a unit takes the mean of the unit's monthly achievement.
        headed = months.filtered("is_unit_head")
        unit_achievement = (
            engine.annual_achievement(headed.mapped("unit_achievement")) if headed else 0.0
        )
        if headed:
            work_auto = engine.work_rating(unit_achievement, (), rules)
        else:
            work_auto = engine.work_rating(achievement, utama, rules)
        work = self.work_rating_override or work_auto
        behaviour = self.behaviour_rating_override or behaviour_auto
        skp_score = engine.nilai_capaian(unit_achievement if headed else achievement, rules=rules)
        predicate, final_score = False, 0.0
        if behaviour:
            if rule_set.predicate_method == "numeric":
                final_score = engine.numeric_final_score(
                    skp_score, engine.rating_score(behaviour, rules), rules.numeric_skp_weight
                )
                predicate = engine.numeric_predicate(final_score, self.has_innovation, rules)
            else:
                predicate = engine.quadrant_predicate(work, behaviour)
        return dict(
            values,
            achievement=engine.round_half_up(achievement, 2),
            is_unit_head=bool(headed),
            unit_achievement=engine.round_half_up(unit_achievement, 2),
            skp_score=engine.round_half_up(skp_score, 2),
            final_score=engine.round_half_up(final_score, 2),
            work_rating_auto=work_auto,
            work_rating=work,
            behaviour_rating=behaviour or False,
            predicate=predicate,
        )
