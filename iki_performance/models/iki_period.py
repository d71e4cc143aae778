import calendar
import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PERIOD_STATES = [("open", "Open"), ("closed", "Closed")]


class IkiPeriod(models.Model):
    """A month of the appraisal cycle of one company: opened (appraisals created in batch),
    then closed (everything computed and frozen)."""

    _name = "iki.period"
    _description = "Appraisal Month"
    _inherit = ["iki.input.mixin", "iki.workflow.mixin", "mail.thread"]
    _order = "company_id, year desc, month desc"
    _iki_protected_fields = frozenset(
        {"state", "closed_date", "closed_by_id", "reopen_reason", "forced_close_reason"}
    )
    _iki_initial_values = {"state": "open"}
    _iki_transitions = {"open": {"closed"}, "closed": {"open"}}
    _iki_frozen_states = ("closed",)
    _iki_undeletable_states = ("closed",)

    name = fields.Char(compute="_compute_dates", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # Years and months are labels, not quantities: never summed in grouped lists (the related
    # year and month fields of the other models follow).
    year = fields.Integer(required=True, aggregator=None)
    month = fields.Integer(required=True, aggregator=None)
    date_start = fields.Date(compute="_compute_dates", store=True, index=True)
    date_end = fields.Date(compute="_compute_dates", store=True)
    state = fields.Selection(PERIOD_STATES, default="open", required=True, tracking=True)
    rule_set_id = fields.Many2one(
        "iki.rule.set",
        compute="_compute_rule_set_id",
        store=True,
        readonly=False,
        string="Rules",
        help="The rule set in force on the first day of the month, frozen with the month.",
    )
    cutoff_date = fields.Date(
        string="Submission Cut-off",
        compute="_compute_from_rules",
        store=True,
        readonly=False,
        tracking=True,
    )
    allow_late_submission = fields.Boolean(
        compute="_compute_from_rules", store=True, readonly=False, tracking=True
    )
    missing_submission_policy = fields.Selection(
        related="rule_set_id.missing_submission_policy", string="Missing Submissions"
    )
    closed_date = fields.Datetime(readonly=True)
    closed_by_id = fields.Many2one("res.users", readonly=True)
    reopen_reason = fields.Text(string="Last Reopening Reason", readonly=True, tracking=True)
    forced_close_reason = fields.Text(
        string="Reason for Closing Before the Cut-off",
        readonly=True,
        tracking=True,
        help="Given by HR when the month was closed before its cut-off; empty when the month "
        "closed after it.",
    )
    is_cutoff_passed = fields.Boolean(
        string="Cut-off Passed",
        compute="_compute_is_cutoff_passed",
        help="Today is after the submission cut-off: the month can close without a reason.",
    )
    appraisal_ids = fields.One2many("iki.appraisal", "period_id")
    appraisal_count = fields.Integer(compute="_compute_counts")
    submitted_count = fields.Integer(compute="_compute_counts")
    approved_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("month_company_uniq", "unique(company_id, year, month)", "This month is already open."),
        ("month_range", "CHECK(month >= 1 AND month <= 12)", "A month lies between 1 and 12."),
    ]

    @api.depends("year", "month")
    def _compute_dates(self):
        for period in self:
            # A year outside the date range is refused by _check_year_window; until then it
            # has no dates (its name would otherwise fail the check's own message).
            if datetime.MINYEAR <= period.year <= datetime.MAXYEAR and 1 <= period.month <= 12:
                start = datetime.date(period.year, period.month, 1)
                last = calendar.monthrange(period.year, period.month)[1]
                period.date_start = start
                period.date_end = start.replace(day=last)
                period.name = f"{period.year}-{period.month:02d}"
            else:
                period.date_start = period.date_end = period.name = False

    @api.depends("date_start", "company_id")
    def _compute_rule_set_id(self):
        periods = self.filtered(lambda p: p.date_start and p.state == "open")
        if not periods:
            return
        found = self.env["iki.rule.set"]._iki_get_for_dates(
            periods.company_id.ids, periods.mapped("date_start")
        )
        for period in periods:
            period.rule_set_id = found[(period.company_id.id, period.date_start)]

    @api.depends("rule_set_id", "date_end")
    def _compute_from_rules(self):
        for period in self:
            rules = period.rule_set_id
            if rules and period.date_end:
                period.cutoff_date = period.date_end + relativedelta(days=rules.cutoff_day)
                period.allow_late_submission = rules.allow_late_submission
            else:
                period.cutoff_date = period.date_end
                period.allow_late_submission = True

    def _compute_is_cutoff_passed(self):
        today = fields.Date.context_today(self)
        for period in self:
            period.is_cutoff_passed = bool(period.cutoff_date) and today > period.cutoff_date

    def _compute_counts(self):
        groups = self.env["iki.appraisal"]._read_group(
            [("period_id", "in", self.ids)], ["period_id", "state"], ["__count"]
        )
        counts = {}
        for period, state, count in groups:
            counts.setdefault(period.id, {})[state] = count
        for period in self:
            by_state = counts.get(period.id, {})
            period.appraisal_count = sum(by_state.values())
            period.submitted_count = by_state.get("submitted", 0)
            period.approved_count = by_state.get("approved", 0)

    @api.constrains("year")
    def _check_year_window(self):
        self._iki_check_year_window()

    # Not on date_end: checked right after the dates are computed, which may happen inside the
    # compute of the rule set (a month opened without approved plans), it computed the cut-off
    # before the rule set was known: the month's last day. A new date_end recomputes the
    # cut-off, which is checked then.
    @api.constrains("cutoff_date")
    def _check_cutoff(self):
        for period in self:
            if period.cutoff_date and period.cutoff_date < period.date_end:
                raise ValidationError(
                    self.env._(
                        "Month %(period)s: the cut-off %(cutoff)s is before the end of the month.",
                        period=period.name,
                        cutoff=period.cutoff_date,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        periods = super().create(vals_list)
        periods._iki_generate_appraisals()
        return periods

    def unlink(self):
        # The draft appraisals of a month opened by mistake go with it (the guard first, for
        # its message; the appraisals' own guard refuses anything submitted or decided).
        self._unlink_only_empty()
        appraisals = self.appraisal_ids
        with appraisals._iki_workflow("iki.appraisal.line", "iki.appraisal.behaviour"):
            appraisals.unlink()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty(self):
        for period in self:
            if period.state == "closed" or period.appraisal_ids.filtered(
                lambda a: a.state != "draft"
            ):
                raise UserError(
                    self.env._(
                        "Month %(period)s has submitted or closed appraisals and cannot be "
                        "deleted.",
                        period=period.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate_appraisals(self):
        self._iki_check_hr()
        self._iki_generate_appraisals()
        return True

    def action_close(self):
        self._iki_check_hr()
        self._action_close()
        return True

    def action_open_appraisals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appraisals of %(period)s", period=self.name),
            "res_model": "iki.appraisal",
            "view_mode": "list,form,pivot,graph",
            "domain": [("period_id", "=", self.id)],
            "context": {"search_default_group_state": 1},
        }

    def action_open_org_results(self):
        """The results of the units in the closed month, with their distribution warnings."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Organisation results of %(period)s", period=self.name),
            "res_model": "iki.org.result",
            "view_mode": "list,pivot,graph,form",
            "domain": [("period_id", "=", self.id)],
        }

    def action_open_distribution(self):
        """The predicates of the month's appraisals per agency (the distribution the units'
        results are checked against)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Predicate distribution of %(period)s", period=self.name),
            "res_model": "iki.appraisal",
            "view_mode": "pivot,list,form",
            "views": [
                (self.env.ref("iki_performance.iki_appraisal_view_pivot").id, "pivot"),
                (False, "list"),
                (False, "form"),
            ],
            "domain": [("period_id", "=", self.id), ("predicate", "!=", False)],
        }

    def action_close_wizard(self):
        """The Close button before the cut-off: HR may close early, giving a reason."""
        self.ensure_one()
        self._iki_check_hr()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close %(period)s Before Its Cut-off", period=self.name),
            "res_model": "iki.period.close.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_id": self.id},
        }

    def action_reopen_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen %(period)s", period=self.name),
            "res_model": "iki.period.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _iki_check_hr(self):
        if not self.env.user.has_group("iki_performance.group_iki_hr_officer"):
            raise UserError(self.env._("Only HR officers open, close and reopen appraisal months."))

    def _iki_generate_appraisals(self):
        """Create the missing appraisals of open months: one per approved plan of the year.

        One search for the plans of all months, one for the existing appraisals, one create.
        """
        periods = self.filtered(lambda p: p.state == "open")
        if not periods:
            return self.env["iki.appraisal"]
        plans = self.env["iki.plan"].search(
            [
                ("state", "in", ("approved", "superseded")),
                ("year", "in", list(set(periods.mapped("year")))),
                ("company_id", "in", periods.company_id.ids),
                ("employee_id.active", "=", True),
            ]
        )
        existing = set(
            self.env["iki.appraisal"]
            .with_context(active_test=False)
            .search_fetch([("period_id", "in", periods.ids)], ["employee_id", "period_id"])
            .mapped(lambda a: (a.period_id.id, a.employee_id.id))
        )
        vals_list = []
        for period in periods:
            # The plan in force in the month: the approved version, or the superseded one that
            # was approved before the month started.
            for plan in periods._iki_plans_in_force(plans, period):
                if (period.id, plan.employee_id.id) not in existing:
                    vals_list.append({"period_id": period.id, "plan_id": plan.id})
        return self.env["iki.appraisal"]._create_for_plans(vals_list)

    @api.model
    def _iki_plans_in_force(self, plans, period):
        """Among ``plans``, the one version per employee in force during ``period``."""
        by_employee = {}
        # Sorted so that the approved version wins, else the latest superseded one.
        for plan in plans.sorted(lambda p: (p.state == "approved", p.version)):
            if plan.year == period.year and plan.company_id == period.company_id:
                by_employee[plan.employee_id.id] = plan
        return list(by_employee.values())

    def _iki_check_open(self):
        closed = self.filtered(lambda p: p.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "Month %(period)s is closed: nothing in it can change unless HR reopens it.",
                    period=closed[0].name,
                )
            )

    def _iki_check_not_in_use(self):
        """Refuse to reopen anything of months that other modules (Tukin) already use."""
        for period in self:
            reasons = period._iki_in_use_reasons()
            if reasons:
                raise UserError(
                    self.env._(
                        "Month %(period)s cannot be reopened: %(reasons)s",
                        period=period.name,
                        reasons="; ".join(reasons),
                    )
                )

    def _iki_in_use_reasons(self):
        """Reasons why the month cannot be reopened; other modules (Tukin) add theirs."""
        self.ensure_one()
        return []

    def _iki_check_cutoff(self, force_reason=None):
        """A month closes after its cut-off. Before it (today <= cutoff_date) only HR forcing
        the close with a written reason may close it: the reason is stored on the month and
        logged in its chatter. A close after the cut-off clears the reason of an earlier forced
        close. Return the months closed early."""
        today = fields.Date.context_today(self)
        early = self.filtered(
            lambda p: p.state == "open" and p.cutoff_date and today <= p.cutoff_date
        )
        reason = (force_reason or "").strip()
        if early and not reason:
            raise UserError(
                self.env._(
                    "Month %(period)s cannot close before its cut-off (%(cutoff)s): employees "
                    "may still submit until then. Close it after the cut-off, or force an early "
                    "close with a written reason.",
                    period=early[0].name,
                    cutoff=early[0].cutoff_date,
                )
            )
        if early and not self.env.su:
            self._iki_check_hr()
        if early:
            early._iki_workflow_write({"forced_close_reason": reason})
            for period in early:
                period.message_post(
                    body=self.env._(
                        "Month closed before its cut-off (%(cutoff)s) by %(user)s: %(reason)s",
                        cutoff=period.cutoff_date,
                        user=self.env.user.name,
                        reason=reason,
                    )
                )
        cleared = (self - early).filtered(lambda p: p.state == "open" and p.forced_close_reason)
        if cleared:
            cleared._iki_workflow_write({"forced_close_reason": False})
        return early

    def _action_close(self, force_reason=None):
        """Compute and freeze the month: missing submissions by rule, ratings, predicates,
        organisation results and distribution checks, in batch. Before the cut-off only with
        ``force_reason`` (see ``_iki_check_cutoff``)."""
        self._iki_check_cutoff(force_reason)
        for period in self:
            if period.state != "open":
                raise UserError(
                    self.env._("Month %(period)s is already closed.", period=period.name)
                )
        Appraisal = self.env["iki.appraisal"]
        appraisals = Appraisal.search([("period_id", "in", self.ids)])
        # Everything the close reads, in a few queries whatever the size of the month.
        appraisals._iki_prefetch()
        pending = appraisals.filtered(lambda a: a.state == "submitted")
        if pending:
            raise UserError(
                self.env._(
                    "Month %(period)s cannot close: %(count)s appraisals still wait for the "
                    "appraiser (e.g. %(names)s). Approve or return them first.",
                    period=pending[0].period_id.name,
                    count=len(pending),
                    names=", ".join(pending[:3].mapped("employee_id.name")),
                )
            )
        self._iki_mark_missing(appraisals)
        appraisals._iki_recompute()
        results = self.env["iki.org.result"]._iki_build_for_periods(self, appraisals)
        results._iki_apply_to_heads(appraisals)
        results._iki_check_distribution()
        self._iki_workflow_write(
            {"state": "closed", "closed_date": fields.Datetime.now(), "closed_by_id": self.env.uid}
        )
        for period in self:
            period.message_post(body=self.env._("Month closed."))

    def _iki_mark_missing(self, appraisals):
        """At the close: the ``appraisals`` of ``self`` never submitted (or left returned) are
        recorded as missing, except in a month HR closed before its cut-off
        (``forced_close_reason``) whose rules do not say so (``early_close_marks_missing``):
        their time to submit had not run out."""
        employee_states = appraisals._iki_employee_states
        missing = appraisals.filtered(
            lambda a: (
                a.state in employee_states
                and (
                    not a.period_id.forced_close_reason
                    or a.period_id.rule_set_id.early_close_marks_missing
                )
            )
        )
        # is_missing is tracked: the chatter of each record shows it was recorded as missing.
        missing._iki_workflow_write({"is_missing": True})

    def _action_reopen(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the month."))
        for period in self:
            if period.state != "closed":
                raise UserError(self.env._("Month %(period)s is not closed.", period=period.name))
        self._iki_check_not_in_use()
        self._iki_workflow_write(
            {"state": "open", "reopen_reason": reason, "closed_date": False, "closed_by_id": False}
        )
        # "Missing" is judged at the close: a reopened month accepts the late submissions.
        missing = self.appraisal_ids.filtered("is_missing")
        missing._iki_workflow_write({"is_missing": False})
        missing._iki_recompute()
        for period in self:
            period.message_post(
                body=self.env._(
                    "Month reopened by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
                )
            )
