from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from .. import engine
from ..engine.constants import BERAKHLAK
from ..tools.sql_bulk import bulk_update
from .iki_appraisal_reminder_mixin import REMINDER_ACTIVITY
from .iki_rating_mixin import (  # PREDICATE_SELECTION: iki_tukin imports it from here
    PREDICATE_SELECTION,  # noqa: F401
    RATING_APPRAISER_FIELDS,
    RATING_RESULT_FIELDS,
)
from .iki_workflow_mixin import FREE_FIELDS

_lt = LazyTranslate(__name__)

APPRAISAL_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Returned"),
    ("approved", "Approved"),
]
EMPLOYEE_STATES = ("draft", "returned")
# Written by the appraiser (or HR) while the appraisal is submitted.
APPRAISER_FIELDS = RATING_APPRAISER_FIELDS | {"feedback", "behaviour_ids"}
# Results written by the compute path only (``_iki_recompute`` and the close).
RESULT_FIELDS = RATING_RESULT_FIELDS | {"is_missing"}
WORKFLOW_FIELDS = RESULT_FIELDS | {
    "state",
    "appraiser_id",
    "appraiser_parent_id",
    "submitted_date",
    "approved_date",
    "approved_by_id",
    "is_late",
    "last_reminder_date",
    "appraiser_reminder_date",
    "message_main_attachment_id",
}
# Who and what is appraised in which month: set when the month opens, never edited.
SNAPSHOT_FIELDS = {"period_id", "plan_id", "employee_id", "department_id", "job_title"}
# Appraiser's choices that change the results: written, then the compute path runs.
RECOMPUTE_TRIGGERS = {"work_rating_override", "behaviour_rating_override", "has_innovation"}
# The only moves of the status (the guard of iki.workflow.mixin checks every write).
APPRAISAL_TRANSITIONS = {
    "draft": {"submitted"},
    "returned": {"submitted"},
    # approve, return for revision, withdrawn by the employee before the appraiser acts
    "submitted": {"approved", "returned", "draft"},
    # reopened for correction (reason logged) while the month is open
    "approved": {"submitted"},
}


class IkiAppraisal(models.Model):
    """The monthly evaluation of one employee against the monthly targets of the plan."""

    _name = "iki.appraisal"
    _description = "Monthly Appraisal"
    _inherit = [
        "iki.input.mixin",
        "iki.workflow.mixin",
        "iki.rating.mixin",
        "iki.appraisal.reminder.mixin",
        "iki.appraisal.review.mixin",
        "mail.activity.mixin",
    ]
    _iki_employee_states = EMPLOYEE_STATES
    _order = "date_start desc, employee_id"
    _iki_protected_fields = frozenset(WORKFLOW_FIELDS | SNAPSHOT_FIELDS) - FREE_FIELDS
    _iki_initial_values = {"state": "draft"}
    _iki_transitions = APPRAISAL_TRANSITIONS
    _iki_frozen_states = ("approved",)
    _iki_undeletable_states = ("submitted", "returned", "approved")

    name = fields.Char(compute="_compute_name", store=True)
    period_id = fields.Many2one(
        "iki.period", required=True, index=True, ondelete="restrict", string="Month"
    )
    period_state = fields.Selection(related="period_id.state", string="Month Status")
    date_start = fields.Date(related="period_id.date_start", store=True)
    year = fields.Integer(related="period_id.year", store=True)
    month = fields.Integer(related="period_id.month", store=True, string="Month Number")
    plan_id = fields.Many2one("iki.plan", required=True, index=True, ondelete="restrict")
    employee_id = fields.Many2one(
        related="plan_id.employee_id", store=True, index=True, string="Employee"
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", string="Unit", index=True)
    agency_id = fields.Many2one(
        related="department_id.iki_agency_id", store=True, index=True, string="Agency (OPD)"
    )
    job_title = fields.Char(string="Post")
    appraiser_id = fields.Many2one("hr.employee", index=True, tracking=True)
    appraiser_user_id = fields.Many2one(related="appraiser_id.user_id", string="Appraiser User")
    appraiser_parent_id = fields.Many2one("hr.employee", string="Appraiser's Supervisor")
    state = fields.Selection(
        APPRAISAL_STATES, default="draft", required=True, tracking=True, index=True
    )
    line_ids = fields.One2many("iki.appraisal.line", "appraisal_id", string="Indicators")
    behaviour_ids = fields.One2many(
        "iki.appraisal.behaviour", "appraisal_id", string="Behaviour (BerAKHLAK)"
    )
    submitted_date = fields.Datetime(readonly=True)
    approved_date = fields.Datetime(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    is_late = fields.Boolean(string="Late Submission", readonly=True, tracking=True)
    is_missing = fields.Boolean(string="Missing Submission", readonly=True, tracking=True)
    feedback = fields.Text(string="Feedback (Umpan Balik)", tracking=True)
    # Results (one compute path: _iki_recompute), the others in iki.rating.mixin.
    achievement = fields.Float(string="Work Achievement (%)")
    behaviour_rating_auto = fields.Selection(string="Behaviour Rating (derived)")
    evidence_warning_count = fields.Integer(
        compute="_compute_evidence_warning_count", string="Reused Evidence"
    )
    last_reminder_date = fields.Date(readonly=True)
    appraiser_reminder_date = fields.Date(readonly=True)

    _sql_constraints = [
        (
            "employee_period_uniq",
            "unique(employee_id, period_id)",
            "An employee has one appraisal per month.",
        ),
    ]

    @api.depends("employee_id.name", "period_id.name")
    def _compute_name(self):
        for appraisal in self:
            appraisal.name = (
                f"{appraisal.period_id.name or ''} - {appraisal.employee_id.name or ''}"
            )

    @api.depends("line_ids.evidence_duplicate")
    def _compute_evidence_warning_count(self):
        for appraisal in self:
            appraisal.evidence_warning_count = len(
                appraisal.line_ids.filtered("evidence_duplicate")
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _create_for_plans(self, vals_list):
        """Create the appraisals of ``vals_list`` (``{'period_id', 'plan_id'}``) with their
        lines and behaviour rows, set-based (``iki.appraisal.generation``); return them."""
        return self.env["iki.appraisal.generation"]._iki_create_for_plans(vals_list)

    def write(self, vals):
        workflow = self._iki_in_workflow()
        res = super().write(vals)
        if not workflow and RECOMPUTE_TRIGGERS & set(vals):
            self._iki_recompute()
        return res

    def _iki_check_user_write(self, vals):
        self._iki_check_write(set(vals))

    def _iki_check_write(self, field_names):
        """Who may write what (the guard of the mixin has refused workflow fields already):
        employees their own draft/returned appraisals, the appraiser (or HR) the ratings of
        submitted ones; nobody an approved appraisal or a closed month."""
        field_names = field_names - FREE_FIELDS
        if not field_names or self.env.su:
            return
        self.period_id._iki_check_open()
        if field_names & APPRAISER_FIELDS:
            self._iki_check_appraiser(self.env._("rate"))
            for appraisal in self:
                if appraisal.state != "submitted":
                    raise UserError(
                        self.env._(
                            "Appraisal %(name)s is %(state)s: ratings are set while it is "
                            "submitted.",
                            name=appraisal.name,
                            state=appraisal._state_label(),
                        )
                    )
        if field_names - APPRAISER_FIELDS:
            self._iki_check_employee_editable()

    def _iki_check_employee_editable(self):
        is_hr = self._iki_is_hr()
        for appraisal in self:
            if appraisal.state not in EMPLOYEE_STATES:
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s is %(state)s: the realisation can no longer be edited.",
                        name=appraisal.name,
                        state=appraisal._state_label(),
                    )
                )
            if not is_hr and not appraisal._iki_is_own_or_admin():
                raise AccessError(
                    self.env._("Appraisal %(name)s is not yours to edit.", name=appraisal.name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_open_month(self):
        if not self._iki_in_workflow():
            self.period_id._iki_check_open()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_return_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return for Revision"),
            "res_model": "iki.appraisal.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_appraisal_ids": self.ids},
        }

    def action_recompute(self):
        self.period_id._iki_check_open()
        self._iki_recompute()
        return True

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
    def _iki_not_appraiser_message(self, what, appraiser):
        return self.env._(
            "You cannot %(what)s appraisal %(name)s: only its appraiser (%(appraiser)s) or HR can.",
            what=what,
            name=self.name,
            appraiser=appraiser.name or self.env._("none"),
        )

    def _iki_busy_message(self):
        return self.env._("Another user is deciding on these appraisals right now: try again.")

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _action_submit(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        self._iki_lock()
        self._iki_check_submittable()  # state, month, cut-off, rights: see the review mixin
        self.line_ids._iki_check_for_submission()
        resolved = self.employee_id._iki_get_appraisers(today)
        for appraisal in self:
            appraiser, above = resolved[appraisal.employee_id.id]
            if not appraiser:
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s cannot be submitted: %(employee)s has no appraiser. "
                        "Ask HR to set the supervisor or an acting appraiser.",
                        name=appraisal.name,
                        employee=appraisal.employee_id.name,
                    )
                )
            appraisal._iki_workflow_write(
                {
                    "state": "submitted",
                    "submitted_date": now,
                    "is_late": today > appraisal.period_id.cutoff_date,
                    "appraiser_id": appraiser.id,
                    "appraiser_parent_id": above.id,
                }
            )
        self._iki_recompute()
        self._iki_schedule_review()
        self.sudo().activity_unlink([REMINDER_ACTIVITY])  # a reminder is void once submitted

    def _iki_log_decision(self, what, old_values=None, new_values=None):
        """Log on each appraisal, in one message, the decision (``what``, a lazy translation)
        with the results it approved, in the language of its employee, and the changes of its
        tracked fields (``{appraisal id: {field: value}}`` before and after); one INSERT of
        messages and one of tracking values whatever the number of appraisals."""
        labels_of = {}  # language -> {field: {key: label}}
        bodies = {}
        for appraisal in self:
            env = appraisal._iki_in_employee_lang().env
            labels = labels_of.setdefault(
                env.lang,
                {
                    fname: dict(self._fields[fname]._description_selection(env))
                    for fname in ("work_rating", "behaviour_rating", "predicate")
                },
            )
            bodies[appraisal.id] = env._(
                "%(what)s: work achievement %(achievement)s%%, work rating %(work)s, "
                "behaviour rating %(behaviour)s, predicate %(predicate)s.",
                what=env._(what),
                achievement=format(appraisal.achievement, ".2f"),
                work=labels["work_rating"].get(appraisal.work_rating, "-"),
                behaviour=labels["behaviour_rating"].get(appraisal.behaviour_rating, "-"),
                predicate=labels["predicate"].get(appraisal.predicate, "-"),
            )
        self.env["iki.bulk"]._iki_log_tracking(self, old_values or {}, new_values or {}, bodies)

    def _iki_check_correctable(self):
        """A correction only while the month is open and nothing (Tukin) uses it."""
        self.period_id._iki_check_open()
        self.period_id._iki_check_not_in_use()

    def _iki_schedule_review(self):
        self._iki_create_activities(
            "mail.mail_activity_data_todo",
            (
                (
                    appraisal,
                    appraisal.appraiser_id.user_id,
                    {
                        "summary": self.env._(
                            "Review the appraisal of %(employee)s",
                            employee=appraisal.employee_id.name,
                        ),
                        "date_deadline": appraisal.period_id.cutoff_date,
                    },
                )
                for appraisal in self
            ),
        )

    def _action_approve(self):
        """Submitted -> approved, by the appraiser (or HR), in a number of queries that does
        not grow with the appraisals: read in one query per model, written in one statement
        (``iki.bulk``), logged in one message per appraisal (the status and the results it
        approved), the review to-dos and reminders removed at once."""
        self._iki_lock()
        self._iki_prefetch_decision()
        for appraisal in self:
            if appraisal.state != "submitted":
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s is %(state)s: only a submitted appraisal can be "
                        "approved.",
                        name=appraisal.name,
                        state=appraisal._state_label(),
                    )
                )
        self.period_id._iki_check_open()
        self._iki_check_appraiser(self.env._("approve"))
        unrated = self._iki_unrated()
        if unrated:
            raise UserError(
                self.env._(
                    "Rate the seven BerAKHLAK values (or override the behaviour rating) before "
                    "approving: %(names)s.",
                    names=", ".join(unrated.mapped("name")),
                )
            )
        # The approver becomes the snapshotted appraiser (acting officials, moved posts).
        approver = self.env["hr.employee"] if self._iki_is_hr() else self.env.user.employee_id
        approval = {
            "state": "approved",
            "approved_date": fields.Datetime.now(),
            "approved_by_id": self.env.uid,
        }
        before, after = {}, {}
        for appraisal in self:
            before[appraisal.id] = {
                "state": appraisal.state,
                "appraiser_id": appraisal.appraiser_id.id,
            }
            after[appraisal.id] = dict(approval)
            if approver and appraisal.appraiser_id != approver:
                after[appraisal.id]["appraiser_id"] = approver.id
        Bulk = self.env["iki.bulk"]
        Bulk._iki_write(self, after)
        self._iki_recompute()
        self._iki_log_decision(_lt("Approved"), before, after)
        # The review is over: its to-do and any reminder go (the approval is in the chatter).
        # Marking each done would post a message each.
        Bulk._iki_unlink_activities(self, ["mail.mail_activity_data_todo", REMINDER_ACTIVITY])

    def _iki_prefetch_decision(self):
        """Load what a decision on ``self`` reads, one query per model whatever the number of
        appraisals (the ORM reads 1,000 records a query): the appraisals with their lines and
        behaviour rows, their employees (appraisers, users, the languages of their chatter)."""
        self._iki_prefetch()
        self.fetch(["name", "appraiser_id"])
        # The field of the company rule: fetch() checks it on cached records in Python.
        self.behaviour_ids.fetch(["company_id"])
        employees = self.employee_id.sudo()
        employees.fetch(["user_id", "work_contact_id", "parent_id", "department_id", "company_id"])
        employees.user_id.fetch(["partner_id"])
        (employees.user_id.partner_id | employees.work_contact_id).fetch(["lang"])

    def _action_return(self, feedback=None):
        self._iki_lock()
        for appraisal in self:
            if appraisal.state != "submitted":
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s is %(state)s: only a submitted appraisal can be "
                        "returned.",
                        name=appraisal.name,
                        state=appraisal._state_label(),
                    )
                )
            if not (feedback or appraisal.feedback or "").strip():
                raise UserError(
                    self.env._(
                        "Write the feedback (umpan balik) for %(employee)s before returning "
                        "appraisal %(name)s.",
                        employee=appraisal.employee_id.name,
                        name=appraisal.name,
                    )
                )
        self.period_id._iki_check_open()
        self._iki_check_appraiser(self.env._("return"))
        vals = {"state": "returned"}
        if feedback:
            vals["feedback"] = feedback
        self._iki_workflow_write(vals)
        self.sudo().activity_unlink(["mail.mail_activity_data_todo", REMINDER_ACTIVITY])
        for appraisal in self:
            # Stored text: in the language of the employee it is sent to.
            appraisal.message_post(
                body=appraisal._iki_in_employee_lang().env._(
                    "Returned for revision: %(feedback)s", feedback=appraisal.feedback
                ),
                partner_ids=appraisal.employee_id.user_id.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # The one compute path of every figure
    # ------------------------------------------------------------------
    def _iki_rules(self):
        """``{period_id: engine.Rules}`` of the periods of ``self`` (frozen with the month)."""
        return {period.id: period.rule_set_id for period in self.period_id}

    def _iki_prefetch(self):
        """Load the appraisals of ``self`` with their lines (and the plan lines' measure) and
        behaviour rows in a few queries, whatever their number (the ORM's own prefetch reads
        1000 records per query)."""
        self.fetch(
            [
                "period_id",
                "company_id",
                "employee_id",
                "state",
                "line_ids",
                "behaviour_ids",
                "work_rating_override",
                "behaviour_rating_override",
                "has_innovation",
                *RESULT_FIELDS,
            ]
        )
        self.line_ids._iki_prefetch()
        # With the company: on cached rows, fetch() checks the company rule in Python and would
        # read the missing company 1,000 rows a query.
        self.behaviour_ids.fetch(["value_key", "rating", "company_id"])

    def _iki_recompute(self):
        """Compute line achievements, the plan achievement, ratings and the predicate of every
        appraisal of ``self`` with the engine, then write what changed in bulk."""
        if not self:
            return
        self._iki_prefetch()
        rule_sets = self._iki_rules()
        engine_rules = {pid: rs._iki_engine_rules() for pid, rs in rule_sets.items()}
        self.line_ids._iki_recompute(engine_rules)
        updates, audited, before = {}, {}, {}
        for appraisal in self:
            rule_set = rule_sets[appraisal.period_id.id]
            rules = engine_rules[appraisal.period_id.id]
            try:
                vals = appraisal._iki_results(rule_set, rules)
            except (ValueError, ArithmeticError) as err:
                # One employee's data never stops a month close without naming him.
                raise UserError(
                    self.env._(
                        "%(employee)s, %(period)s: the results cannot be computed (%(problem)s).",
                        employee=appraisal.employee_id.name,
                        period=appraisal.period_id.name,
                        problem=str(err),
                    )
                ) from err
            # Only the values that change: a recompute that changes nothing writes nothing.
            changed = {k: v for k, v in vals.items() if appraisal[k] != v}
            if changed:
                updates[appraisal.id] = changed
                if appraisal.state not in EMPLOYEE_STATES or appraisal.is_missing:
                    audited[appraisal.id] = changed
                    before[appraisal.id] = {k: appraisal[k] for k in changed}
        # One statement per set of changed fields whatever the number of records, then the
        # chatter of what the appraiser and the close decided in one batch (the employee's
        # own draft figures move with every entry and are not history yet).
        bulk_update(self.sudo().browse(), updates)
        self._iki_log_tracking(before, audited)

    def _iki_results(self, rule_set, rules):
        """Result values of one appraisal (no writes)."""
        self.ensure_one()
        measured = self.line_ids.filtered("is_measured")
        if self.is_missing and self.period_id.missing_submission_policy == "zero":
            achievement = 0.0
        else:
            achievement = engine.plan_achievement(
                [
                    {"achievement": line.achievement, "weight": line.weight, "kind": line.kind}
                    for line in measured
                ],
                cap=rules.cap,
                bonus_max=rules.tambahan_bonus_max,
            )
        if self.is_unit_head:  # rated on the unit's achievement alone
            basis, utama = self.unit_achievement, ()
        else:
            basis = achievement
            utama = [line.achievement for line in measured if line.kind == "utama"]
        values = {
            b.value_key: b.rating
            for b in self.behaviour_ids
            if b.value_key in BERAKHLAK and b.rating
        }
        behaviour_auto = engine.behaviour_rating(values) if len(values) == len(BERAKHLAK) else False
        return {
            "achievement": engine.round_half_up(achievement, 2),
            **self._iki_rating_results(basis, utama, behaviour_auto, rule_set, rules),
        }
