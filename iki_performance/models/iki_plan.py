from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("superseded", "Superseded (revised)"),
]
LOCKED_STATES = ("submitted", "approved", "superseded")
# Fields only the workflow methods write (as superuser, once they have checked state and rights):
# a user writing them directly could approve their own plan or choose their appraiser.
WORKFLOW_FIELDS = {
    "state",
    "version",
    "previous_plan_id",
    "appraiser_id",
    "appraiser_parent_id",
    "submitted_date",
    "approved_date",
    "approved_by_id",
}
# The only value a user may give a workflow field when creating a plan (besides empty).
WORKFLOW_INITIAL_VALUES = {"state": "draft", "version": 1}
# The only moves of the status (checked by the guard of iki.workflow.mixin).
PLAN_TRANSITIONS = {
    "draft": {"submitted"},
    "submitted": {"approved", "draft"},
    "approved": {"superseded"},
}
# Fields that may still change on a submitted or approved plan outside the workflow methods.
LOCKED_EDITABLE_FIELDS = {"return_reason", "message_main_attachment_id"}
UTAMA_WEIGHT_TOTAL = 100.0


class IkiPlan(models.Model):
    """An employee's annual performance plan (SKP) for one year, in versions."""

    _name = "iki.plan"
    _description = "Annual Performance Plan (SKP)"
    _inherit = ["iki.input.mixin", "iki.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, employee_id, version desc"
    _iki_protected_fields = frozenset(WORKFLOW_FIELDS)
    _iki_initial_values = WORKFLOW_INITIAL_VALUES
    _iki_transitions = PLAN_TRANSITIONS
    _iki_undeletable_states = LOCKED_STATES

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, ondelete="restrict"
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="Employee User")
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
        aggregator=None,
    )
    version = fields.Integer(default=1, required=True, readonly=True)
    previous_plan_id = fields.Many2one(
        "iki.plan", string="Revises", readonly=True, index=True, ondelete="restrict"
    )
    state = fields.Selection(PLAN_STATES, default="draft", required=True, tracking=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    # Snapshots, refreshed at each submission and frozen from then on.
    department_id = fields.Many2one("hr.department", string="Unit", index=True, tracking=True)
    agency_id = fields.Many2one(
        related="department_id.iki_agency_id", string="Agency (OPD)", store=True, index=True
    )
    job_id = fields.Many2one("hr.job", string="Post")
    job_title = fields.Char(string="Post Title")
    appraiser_id = fields.Many2one(
        "hr.employee", string="Appraiser (Pejabat Penilai)", index=True, tracking=True
    )
    appraiser_user_id = fields.Many2one(related="appraiser_id.user_id", string="Appraiser User")
    appraiser_parent_id = fields.Many2one(
        "hr.employee", string="Appraiser's Supervisor (Atasan Pejabat Penilai)", tracking=True
    )
    submitted_date = fields.Date(readonly=True)
    approved_date = fields.Date(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    return_reason = fields.Text(string="Feedback for Revision", tracking=True)
    line_ids = fields.One2many("iki.plan.line", "plan_id", string="Indicators", copy=True)
    utama_weight = fields.Float(
        string="Main Indicators Weight", compute="_compute_utama_weight", store=True
    )
    is_traced = fields.Boolean(
        string="Traced to RPJMD",
        compute="_compute_is_traced",
        store=True,
        help="Every line supports an indicator chain that reaches the RPJMD.",
    )
    line_count = fields.Integer(compute="_compute_utama_weight", store=True)

    _sql_constraints = [
        ("version_positive", "CHECK(version >= 1)", "A plan version starts at 1."),
    ]

    def init(self):
        # One open (draft/submitted) and one approved version per employee and year.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS iki_plan_open_uniq
                ON iki_plan (employee_id, year) WHERE state IN ('draft', 'submitted');
            CREATE UNIQUE INDEX IF NOT EXISTS iki_plan_approved_uniq
                ON iki_plan (employee_id, year) WHERE state = 'approved';
            """
        )

    @api.depends("employee_id.name", "year", "version")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "SKP %(year)s - %(employee)s (v%(version)s)",
                year=plan.year,
                employee=plan.employee_id.name or "",
                version=plan.version,
            )

    @api.depends("line_ids.weight", "line_ids.kind")
    def _compute_utama_weight(self):
        for plan in self:
            plan.utama_weight = sum(
                plan.line_ids.filtered(lambda line: line.kind == "utama").mapped("weight")
            )
            plan.line_count = len(plan.line_ids)

    @api.depends("line_ids.indicator_id.is_traced")
    def _compute_is_traced(self):
        for plan in self:
            plan.is_traced = bool(plan.line_ids) and all(
                plan.line_ids.indicator_id.mapped("is_traced")
            )

    @api.constrains("year")
    def _check_year_window(self):
        self._iki_check_year_window()

    @api.constrains("employee_id", "company_id")
    def _check_company(self):
        for plan in self:
            if plan.employee_id.company_id and plan.employee_id.company_id != plan.company_id:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s belongs to %(company)s but %(employee)s works for "
                        "%(employee_company)s.",
                        plan=plan.name,
                        company=plan.company_id.name,
                        employee=plan.employee_id.name,
                        employee_company=plan.employee_id.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        employees = self.env["hr.employee"].browse(
            [vals["employee_id"] for vals in vals_list if vals.get("employee_id")]
        )
        employees.fetch(["company_id", "department_id", "job_id", "job_title"])
        for vals in vals_list:
            employee = self.env["hr.employee"].browse(vals.get("employee_id"))
            if employee:
                vals.setdefault("company_id", employee.company_id.id or self.env.company.id)
                vals.setdefault("department_id", employee.department_id.id)
                vals.setdefault("job_id", employee.job_id.id)
                vals.setdefault("job_title", employee.job_title)
        self._iki_check_one_open_plan(vals_list)
        return super().create(vals_list)

    @api.model
    def _iki_check_one_open_plan(self, vals_list):
        """One draft or submitted plan per employee and year (the unique index is the last
        line of defence; this names the employee). One search for all new plans."""
        keys = [
            (vals["employee_id"], vals.get("year") or fields.Date.context_today(self).year)
            for vals in vals_list
            if vals.get("employee_id") and vals.get("state", "draft") in ("draft", "submitted")
        ]
        if not keys:
            return
        existing = self.sudo().search(
            [
                ("employee_id", "in", [employee_id for employee_id, _year in keys]),
                ("year", "in", list({year for _employee_id, year in keys})),
                ("state", "in", ("draft", "submitted")),
            ]
        )
        taken = {(plan.employee_id.id, plan.year): plan for plan in existing}
        seen = set()
        for key in keys:
            if key in taken or key in seen:
                employee = self.env["hr.employee"].sudo().browse(key[0])
                raise ValidationError(
                    self.env._(
                        "%(employee)s already has an open plan (draft or submitted) for "
                        "%(year)s: finish or delete it before starting another one.",
                        employee=employee.name,
                        year=key[1],
                    )
                )
            seen.add(key)

    def _iki_check_user_write(self, vals):
        # Workflow fields: the guard of iki.workflow.mixin; here, a plan under review or
        # decided is not edited in place.
        if set(vals) - LOCKED_EDITABLE_FIELDS:
            self._iki_check_editable()

    def _iki_check_editable(self):
        for plan in self:
            if plan.state in LOCKED_STATES:
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is %(state)s and cannot be edited in place. "
                        "Ask the appraiser to return it, or create a revision of the approved "
                        "plan.",
                        plan=plan.name,
                        state=plan._state_label(),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_revise(self):
        revisions = self._action_revise()
        if len(revisions) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "iki.plan",
                "res_id": revisions.id,
                "view_mode": "form",
            }
        return True

    def action_spread_all_targets(self):
        self._iki_check_editable()
        for line in self.line_ids:
            line.write(line._iki_spread_values())
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _iki_can_act_as_employee(self):
        """The employee, an administrator of the plan's agency, or HR may submit."""
        self.ensure_one()
        return self._iki_is_hr() or self._iki_is_own_or_admin()

    def _action_submit(self):
        self.check_access("write")  # record rules still apply to the sudo writes below
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is %(state)s: only a draft can be submitted.",
                        plan=plan.name,
                        state=plan._state_label(),
                    )
                )
            if not plan._iki_can_act_as_employee():
                raise AccessError(
                    self.env._("You cannot submit plan %(plan)s: it is not yours.", plan=plan.name)
                )
            plan._iki_check_lines_for_submission()
        appraisers = self.employee_id._iki_get_appraisers(today)
        for plan in self:
            appraiser, above = appraisers[plan.employee_id.id]
            if not appraiser:
                raise UserError(
                    self.env._(
                        "Plan %(plan)s cannot be submitted: %(employee)s has no appraiser on "
                        "%(date)s. Set the employee's manager or an acting appraiser assignment.",
                        plan=plan.name,
                        employee=plan.employee_id.name,
                        date=today,
                    )
                )
            employee = plan.employee_id
            plan._iki_workflow_write(
                {
                    "state": "submitted",
                    "submitted_date": today,
                    "appraiser_id": appraiser.id,
                    "appraiser_parent_id": above.id,
                    "department_id": employee.department_id.id,
                    "job_id": employee.job_id.id,
                    "job_title": employee.job_title,
                    "return_reason": False,
                }
            )
            if appraiser.user_id:
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=appraiser.user_id.id,
                    summary=self.env._("Review the SKP of %(employee)s", employee=employee.name),
                )

    def _iki_check_lines_for_submission(self):
        self.ensure_one()
        if not self.line_ids.filtered(lambda line: line.kind == "utama"):
            raise ValidationError(
                self.env._("Plan %(plan)s has no main (utama) indicator.", plan=self.name)
            )
        if float_compare(self.utama_weight, UTAMA_WEIGHT_TOTAL, precision_digits=2):
            raise ValidationError(
                self.env._(
                    "Plan %(plan)s: the weights of the main (utama) indicators add up to "
                    "%(total)s, they must add up to 100.",
                    plan=self.name,
                    total=round(self.utama_weight, 2),
                )
            )
        orphans = self.line_ids.filtered(lambda line: not line.parent_indicator_id)
        if orphans:
            raise ValidationError(
                self.env._(
                    "Plan %(plan)s: these indicators support no indicator of the supervisor: "
                    "%(lines)s.",
                    plan=self.name,
                    lines=", ".join(orphans.mapped("name")),
                )
            )
        for line in self.line_ids:
            line._iki_check_target_values()

    def _iki_check_appraiser(self, what=None):
        """Only the appraiser snapshotted at submission or HR may approve or return a plan
        (unlike the appraisals, whose appraiser is resolved on the day), never on their own
        plan."""
        self._iki_check_not_own(what or self.env._("approve or return"))
        user = self.env.user
        is_hr = self._iki_is_hr()
        for plan in self:
            if not is_hr and plan.appraiser_id.user_id != user:
                raise AccessError(
                    self.env._(
                        "Only %(appraiser)s, the appraiser of plan %(plan)s, or HR can approve or "
                        "return it.",
                        appraiser=plan.appraiser_id.name or self.env._("the appraiser"),
                        plan=plan.name,
                    )
                )

    def _action_approve(self):
        for plan in self:
            if plan.state != "submitted":
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is %(state)s: only a submitted plan can be approved.",
                        plan=plan.name,
                        state=plan._state_label(),
                    )
                )
        self._iki_check_appraiser()
        self.check_access("write")
        today = fields.Date.context_today(self)
        previous = self.previous_plan_id.sudo().filtered(lambda p: p.state == "approved")
        # The revised version may have been approved by another (acting) appraiser. The
        # previous version is superseded in the database before the revision is approved:
        # the ORM flushes pending writes grouped by value, in no fixed order, and the unique
        # index allows one approved version per employee and year.
        previous._iki_workflow_write({"state": "superseded"})
        previous.flush_recordset(["state"])
        self._iki_workflow_write(
            {"state": "approved", "approved_date": today, "approved_by_id": self.env.user.id}
        )
        self.line_ids._iki_snapshot_evidence_rules()
        self.activity_feedback(["mail.mail_activity_data_todo"])
        for plan in self:
            plan.message_post(
                body=self.env._("Plan approved by %(user)s.", user=self.env.user.name)
            )

    def _action_return(self):
        for plan in self:
            if plan.state != "submitted":
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is %(state)s: only a submitted plan can be returned.",
                        plan=plan.name,
                        state=plan._state_label(),
                    )
                )
            if not (plan.return_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Write the feedback for %(employee)s before returning plan %(plan)s.",
                        employee=plan.employee_id.name,
                        plan=plan.name,
                    )
                )
        self._iki_check_appraiser()
        self.check_access("write")
        self._iki_workflow_write({"state": "draft"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        for plan in self:
            plan.message_post(
                body=self.env._("Returned for revision: %(reason)s", reason=plan.return_reason)
            )

    def _action_revise(self):
        """Open a new draft version of approved plans; the approved one stays in force (and in
        history) until the revision is approved."""
        self.check_access("write")
        revisions = self.browse()
        for plan in self:
            if plan.state != "approved":
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is %(state)s: only an approved plan can be revised.",
                        plan=plan.name,
                        state=plan._state_label(),
                    )
                )
            if not plan._iki_can_act_as_employee():
                raise AccessError(
                    self.env._("You cannot revise plan %(plan)s: it is not yours.", plan=plan.name)
                )
            with self._iki_workflow("iki.plan.line"):
                revision = plan.sudo().copy(
                    {
                        "version": plan.version + 1,
                        "previous_plan_id": plan.id,
                        "state": "draft",
                        "appraiser_id": False,
                        "appraiser_parent_id": False,
                        "submitted_date": False,
                        "approved_date": False,
                        "approved_by_id": False,
                    }
                )
            revisions |= revision.sudo(False)
        return revisions
