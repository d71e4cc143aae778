from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine.constants import BERAKHLAK
from .iki_rule_set import PREDICATE_METHODS

# The refusals of the check methods: a flag is False when its check raises one of them.
REFUSALS = (UserError, AccessError)


class IkiAppraisalReviewMixin(models.AbstractModel):
    """What each user may do with a monthly appraisal, and the decisions on many at once.

    * ``iki_can_*``: whether the current user may edit the realisation, submit, withdraw,
      review (approve, return, rate) or reopen the appraisal, computed by the very check
      methods the actions run (the form shows a button only to whom the server allows it;
      the actions check again);
    * the employee's withdrawal of a submitted appraisal before the appraiser decides;
    * the approval of the ready appraisals of a selection, with the reason of each other.

    Inherited by ``iki.appraisal``, which names its employee-side states in
    ``_iki_employee_states``.
    """

    _name = "iki.appraisal.review.mixin"
    _description = "Appraisal Review"

    _iki_employee_states = ()

    iki_can_edit = fields.Boolean(
        compute="_compute_iki_can",
        string="Can Edit",
        help="The current user may enter the realisation of this appraisal.",
    )
    iki_can_submit = fields.Boolean(compute="_compute_iki_can", string="Can Submit")
    iki_can_withdraw = fields.Boolean(compute="_compute_iki_can", string="Can Withdraw")
    iki_can_review = fields.Boolean(
        compute="_compute_iki_can",
        string="Can Review",
        help="The current user may rate, approve or return this appraisal.",
    )
    iki_can_reopen = fields.Boolean(compute="_compute_iki_can", string="Can Reopen")
    predicate_method = fields.Selection(PREDICATE_METHODS, compute="_compute_predicate_method")

    @api.depends_context("uid")
    def _compute_iki_can(self):
        for record in self:
            record.iki_can_edit = record._iki_allows(record._iki_check_editable)
            record.iki_can_submit = record._iki_allows(record._iki_check_submittable)
            record.iki_can_withdraw = record._iki_allows(record._iki_check_withdrawable)
            record.iki_can_review = record._iki_allows(record._iki_check_reviewable)
            record.iki_can_reopen = record._iki_allows(record._iki_check_reopenable)

    def _compute_predicate_method(self):
        for record in self:
            record.predicate_method = record.period_id.rule_set_id.predicate_method

    def _iki_allows(self, check):
        """Whether ``check`` (a check method of ``self``) lets the current user act."""
        if not self.id:
            return False
        try:
            check()
        except REFUSALS:
            return False
        return True

    # ------------------------------------------------------------------
    # The checks (shared by the flags and the actions)
    # ------------------------------------------------------------------
    def _iki_check_editable(self):
        """Draft or returned, in an open month, by the employee (his agency's administrator or
        HR): the rule of the employee's fields in ``_iki_check_write``."""
        self.period_id._iki_check_open()
        self._iki_check_employee_editable()

    def _iki_check_submittable(self):
        """Draft or returned, in an open month, before the cut-off or in a month that accepts
        late submissions, by the employee (his agency's administrator or HR)."""
        today = fields.Date.context_today(self)
        for appraisal in self:
            if appraisal.state not in self._iki_employee_states:
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s is %(state)s: only a draft or returned appraisal can "
                        "be submitted.",
                        name=appraisal.name,
                        state=appraisal._state_label(),
                    )
                )
            period = appraisal.period_id
            if period.state != "open":
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s cannot be submitted: month %(period)s is closed.",
                        name=appraisal.name,
                        period=period.name,
                    )
                )
            if today > period.cutoff_date and not period.allow_late_submission:
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s cannot be submitted: the cut-off was %(cutoff)s and "
                        "month %(period)s accepts no late submission.",
                        name=appraisal.name,
                        cutoff=period.cutoff_date,
                        period=period.name,
                    )
                )
        self._iki_check_employee_editable()

    def _iki_check_withdrawable(self):
        """Submitted and not decided yet, in an open month, by the employee or his agency's
        administrator."""
        for appraisal in self:
            if appraisal.state != "submitted":
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s is %(state)s: only a submitted appraisal the "
                        "appraiser has not decided on can be withdrawn.",
                        name=appraisal.name,
                        state=appraisal._state_label(),
                    )
                )
            if not appraisal._iki_is_own_or_admin():
                raise AccessError(
                    self.env._(
                        "You cannot withdraw appraisal %(name)s: only its employee or the "
                        "administrator of his agency can.",
                        name=appraisal.name,
                    )
                )
        self.period_id._iki_check_open()

    def _iki_check_reviewable(self):
        """Submitted, in an open month, by its appraiser or HR (never one's own)."""
        for appraisal in self:
            if appraisal.state != "submitted":
                raise UserError(
                    self.env._(
                        "Appraisal %(name)s is %(state)s: only a submitted appraisal is reviewed.",
                        name=appraisal.name,
                        state=appraisal._state_label(),
                    )
                )
        self.period_id._iki_check_open()
        self._iki_check_appraiser(self.env._("review"))

    def _iki_unrated(self):
        """The appraisals of ``self`` whose seven BerAKHLAK values are not all rated (and whose
        behaviour rating is not overridden): they cannot be approved yet."""
        return self.filtered(
            lambda a: (
                not a.behaviour_rating_override
                and not all(
                    a.behaviour_ids.filtered(lambda b: b.value_key in BERAKHLAK).mapped("rating")
                )
            )
        )

    # ------------------------------------------------------------------
    # Withdrawal by the employee
    # ------------------------------------------------------------------
    def action_withdraw(self):
        self._action_withdraw()
        return True

    def _action_withdraw(self):
        """Submitted -> draft, by the employee (or his agency's administrator) before the
        appraiser decides, while the month is open; the appraiser's review to-do goes and the
        withdrawal is logged in the chatter."""
        self._iki_lock()
        self._iki_check_withdrawable()
        self._iki_workflow_write({"state": "draft", "submitted_date": False, "is_late": False})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        self._message_log_batch(
            {
                appraisal.id: appraisal._iki_in_employee_lang().env._(
                    "Withdrawn by %(user)s before the appraiser's decision.",
                    user=self.env.user.name,
                )
                for appraisal in self
            }
        )

    def _iki_in_employee_lang(self):
        """``self`` in the language of its employee (his user's, else his work contact's, else
        the current one): the chatter lines the workflow writes are stored text, written in the
        language of the person the record is about (the appraiser and HR read Indonesian too in
        the deployments this serves)."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        lang = employee.user_id.lang or employee.work_contact_id.lang or self.env.lang
        return self.with_context(lang=lang)

    # ------------------------------------------------------------------
    # Approval of the ready ones
    # ------------------------------------------------------------------
    def _iki_approval_blockers(self):
        """``{appraisal: reason}`` of the appraisals of ``self`` the current user cannot
        approve now, the reason as the approval itself would give it."""
        blockers = {}
        for appraisal in self:
            if appraisal.state != "submitted" or appraisal.period_id.state != "open":
                try:
                    appraisal._iki_check_reviewable()
                except REFUSALS as err:
                    blockers[appraisal] = err.args[0]
        candidates = self.filtered(lambda a: a not in blockers)
        try:
            candidates._iki_check_appraiser(self.env._("approve"))
        except REFUSALS:
            for appraisal in candidates:
                try:
                    appraisal._iki_check_appraiser(self.env._("approve"))
                except REFUSALS as err:
                    blockers[appraisal] = err.args[0]
        for appraisal in candidates._iki_unrated():
            blockers.setdefault(
                appraisal,
                self.env._(
                    "the seven BerAKHLAK values are not all rated (nor the behaviour rating "
                    "overridden)"
                ),
            )
        return blockers

    def action_approve_ready(self):
        """Approve those of the selected appraisals that are ready, in one approval, and show
        per person why each other one was not approved (an approval of ``self`` through
        ``action_approve`` stays all-or-nothing)."""
        blockers = self._iki_approval_blockers()
        ready = self.filtered(lambda a: a not in blockers)
        if ready:
            ready._action_approve()
        return self.env["iki.appraisal.approval.report"]._iki_open(ready, blockers)

    def action_open_behaviour_grid(self):
        """The behaviour grid of the selected appraisals the current user may rate."""
        return self.env["iki.appraisal.behaviour.grid"]._iki_open(self)
