from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.nip import SEX_FEMALE, SEX_MALE, NipError, parse_nip

# How many levels up the appraiser resolution climbs before giving up (a safety net: the
# supervisor tree has no cycle).
MAX_CHAIN = 30
ASN_STATUSES = [("pns", "PNS"), ("pppk", "PPPK"), ("cpns", "CPNS")]
POST_TYPES = [
    ("jpt", "JPT (Senior Executive)"),
    ("administrator", "Administrator"),
    ("pengawas", "Supervisor (Pengawas)"),
    ("pelaksana", "Staff (Pelaksana)"),
    ("fungsional", "Functional Post (Fungsional)"),
]
ESELONS = [
    ("I.a", "I.a"),
    ("I.b", "I.b"),
    ("II.a", "II.a"),
    ("II.b", "II.b"),
    ("III.a", "III.a"),
    ("III.b", "III.b"),
    ("IV.a", "IV.a"),
    ("IV.b", "IV.b"),
]
GOLONGAN = [
    f"{roman}/{letter}"
    for roman, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for letter in letters
]
PPPK_GRADES = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip
RANKS = [(g, g) for g in GOLONGAN] + [("pppk_" + g, "Grade " + g) for g in PPPK_GRADES]


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "iki.input.mixin"]

    iki_nip = fields.Char(
        string="NIP",
        tracking=True,
        groups="hr.group_hr_user",
        help="Nomor Induk Pegawai: birth date (8) + appointment month (6) + sex (1) + serial (3).",
    )
    # Fields of hr.employee that are not on hr.employee.public need groups="hr.group_hr_user":
    # otherwise the prefetch of any employee field by a non-HR user raises an AccessError.
    iki_asn_status = fields.Selection(
        ASN_STATUSES, string="ASN Status", tracking=True, groups="hr.group_hr_user"
    )
    iki_post_type = fields.Selection(
        POST_TYPES, string="Post Type", tracking=True, groups="hr.group_hr_user"
    )
    iki_eselon = fields.Selection(
        ESELONS, string="Eselon", tracking=True, groups="hr.group_hr_user"
    )
    iki_job_class = fields.Integer(
        string="Job Class (Kelas Jabatan)", tracking=True, groups="hr.group_hr_user"
    )
    iki_rank = fields.Selection(
        RANKS, string="Rank (Golongan / Grade)", tracking=True, groups="hr.group_hr_user"
    )
    iki_agency_id = fields.Many2one(
        related="department_id.iki_agency_id",
        string="Agency (OPD)",
        store=True,
        index=True,
        groups="hr.group_hr_user",
    )

    _sql_constraints = [
        (
            "iki_nip_company_uniq",
            "unique(iki_nip, company_id)",
            "Another employee of this company already has this NIP.",
        ),
        (
            "iki_job_class_range",
            "CHECK(iki_job_class IS NULL OR iki_job_class = 0 "
            "OR (iki_job_class >= 1 AND iki_job_class <= 17))",
            "The job class (kelas jabatan) must be between 1 and 17.",
        ),
    ]

    @api.constrains("iki_nip", "birthday", "gender")
    def _check_iki_nip(self):
        for employee in self.filtered("iki_nip"):
            try:
                parsed = parse_nip(employee.iki_nip)
            except NipError as err:
                raise ValidationError(
                    self.env._(
                        "The NIP %(nip)s of %(employee)s is invalid: %(problem)s.",
                        nip=employee.iki_nip,
                        employee=employee.name,
                        problem=employee._iki_nip_problem(err),
                    )
                ) from err
            if employee.birthday and employee.birthday != parsed.birth_date:
                raise ValidationError(
                    self.env._(
                        "The NIP %(nip)s of %(employee)s starts with the birth date %(nip_date)s "
                        "but the employee's birthday is %(birthday)s.",
                        nip=employee.iki_nip,
                        employee=employee.name,
                        nip_date=parsed.birth_date,
                        birthday=employee.birthday,
                    )
                )
            expected_sex = {"male": SEX_MALE, "female": SEX_FEMALE}.get(employee.gender)
            if expected_sex and parsed.sex != expected_sex:
                raise ValidationError(
                    self.env._(
                        "The NIP %(nip)s of %(employee)s has the sex digit %(digit)s, which does "
                        "not match the employee's gender.",
                        nip=employee.iki_nip,
                        employee=employee.name,
                        digit=parsed.sex,
                    )
                )

    def _iki_nip_problem(self, err):
        """The translated sentence of a NIP rule broken (the engine names it by a code)."""
        return {
            "digits": self.env._(
                "a NIP holds only the digits 0-9 (Arabic-Indic, fullwidth or other digits, "
                "letters and signs are not accepted)"
            ),
            "format": self.env._("a NIP has exactly 18 digits"),
            "birth_date": self.env._("digits 1-8 are not a valid birth date"),
            "appointment": self.env._(
                "digits 9-14 are not a valid appointment month after the birth date"
            ),
            "sex": self.env._("digit 15 (sex) must be 1 (male) or 2 (female)"),
            "serial": self.env._("the serial (digits 16-18) cannot be 000"),
        }.get(err.code, str(err))

    @api.constrains("iki_asn_status", "iki_rank")
    def _check_iki_rank(self):
        for employee in self.filtered(lambda e: e.iki_rank and e.iki_asn_status):
            is_grade = employee.iki_rank.startswith("pppk_")
            if (employee.iki_asn_status == "pppk") != is_grade:
                raise ValidationError(
                    self.env._(
                        "%(employee)s: a PPPK has a grade (I ... XVII), a PNS or CPNS a golongan "
                        "(I/a ... IV/e).",
                        employee=employee.name,
                    )
                )

    # ------------------------------------------------------------------
    # Appraiser resolution
    # ------------------------------------------------------------------
    def _iki_get_appraisers(self, date):
        """Resolve who appraises each employee of ``self`` on ``date``.

        The direct supervisor (``parent_id``) unless an effective-dated assignment (Plt, Plh,
        delegation) says otherwise. One search for all assignments of the date, then in memory.
        Return ``{employee_id: (appraiser, appraiser_supervisor)}`` with employee records (empty
        recordsets when nobody is found).
        """
        Employee = self.env["hr.employee"]
        assigned = self._iki_assigned_appraisers(date)
        result = {}
        hr_managers = None
        for employee in self.sudo():
            appraiser = employee._iki_resolve_appraiser(employee, assigned)
            if not appraiser:
                # Nobody up the chain but himself: an HR manager of the company decides.
                if hr_managers is None:
                    hr_managers = self._iki_hr_manager_employees()
                appraiser = next(
                    (
                        m
                        for m in hr_managers
                        if m != employee and m.company_id == employee.company_id
                    ),
                    Employee,
                )
            above = appraiser._iki_resolve_appraiser(appraiser, assigned) if appraiser else Employee
            result[employee.id] = (appraiser.sudo(False), above.sudo(False))
        return result

    def _iki_assigned_appraisers(self, date):
        """The assignments in force on ``date`` for the companies of ``self``, as three maps
        to the appraiser: ``(by appraisee id, by replaced employee id, by department id)``."""
        assignments = (
            self.env["iki.appraiser.assignment"]
            .sudo()
            ._iki_active_on(date, self.company_id.ids or self.env.companies.ids)
        )
        by_appraisee, by_replaced, by_department = {}, {}, {}
        for assignment in assignments:
            if assignment.employee_ids:
                for emp in assignment.employee_ids:
                    by_appraisee.setdefault(emp.id, assignment.appraiser_id)
            elif assignment.replaced_employee_id:
                by_replaced.setdefault(assignment.replaced_employee_id.id, assignment.appraiser_id)
            elif assignment.department_id:
                by_department.setdefault(assignment.department_id.id, assignment.appraiser_id)
        return by_appraisee, by_replaced, by_department

    def _iki_resolve_appraiser(self, appraisee, assigned, depth=0):
        """The first appraiser up from the post of ``self`` (one employee) who is not
        ``appraisee``, given the ``assigned`` maps of :meth:`_iki_assigned_appraisers`."""
        by_appraisee, by_replaced, by_department = assigned
        if depth > MAX_CHAIN:
            return self.env["hr.employee"]
        appraiser = by_appraisee.get(self.id)
        if appraiser and appraiser != appraisee:
            return appraiser
        supervisor = self.parent_id
        if supervisor and supervisor != self:
            acting = by_replaced.get(supervisor.id)
            if acting and acting == appraisee:
                # Acting for his own supervisor: the level above that supervisor decides.
                return supervisor._iki_resolve_appraiser(appraisee, assigned, depth + 1)
            if acting:
                return acting
            if supervisor != appraisee:
                return supervisor
        department = self.department_id
        # No supervisor on file, or the head of a unit recorded as his own manager (Odoo
        # does that when a unit head's contract sets his department): the acting head or
        # the head of the nearest unit above who is somebody else.
        while department:
            acting = by_department.get(department.id)
            if acting and acting not in (self, appraisee):
                return acting
            if department.manager_id and department.manager_id not in (self, appraisee):
                return department.manager_id
            department = department.parent_id
        return self.env["hr.employee"]

    @api.model
    def _iki_hr_manager_employees(self):
        """Employees whose user is an IKI HR manager (the last resort of the appraisers)."""
        group = self.env.ref("iki_performance.group_iki_hr_manager", raise_if_not_found=False)
        if not group:
            return self.env["hr.employee"]
        return (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id.groups_id", "in", group.ids)], order="id")
        )

    def _iki_get_appraiser(self, date):
        """Return ``(appraiser, appraiser_supervisor)`` of one employee on ``date``."""
        self.ensure_one()
        return self._iki_get_appraisers(date)[self.id]

    # ------------------------------------------------------------------
    # CRUD: keep the derived appraiser group in sync
    # ------------------------------------------------------------------
    @api.model
    def _iki_normalize_nip(self, vals):
        """Store the NIP without the spaces people type between its parts, so that the length
        check and the uniqueness constraint see the 18 digits only."""
        if vals.get("iki_nip"):
            vals["iki_nip"] = vals["iki_nip"].replace(" ", "")
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._iki_normalize_nip(dict(vals)) for vals in vals_list]
        employees = super().create(vals_list)
        self.env["res.users"]._iki_sync_appraiser_group()
        return employees

    def write(self, vals):
        # A new supervisor or unit: pending approvals follow the post (see _iki_follow_post).
        moving = {"parent_id", "department_id"} & set(vals)
        old_posts = {e.id: (e.parent_id, e.department_id) for e in self} if moving else {}
        res = super().write(self._iki_normalize_nip(dict(vals)))
        if {"parent_id", "user_id", "active", "company_id"} & set(vals):
            self.env["res.users"]._iki_sync_appraiser_group()
        if moving:
            self.filtered(
                lambda e: (e.parent_id, e.department_id) != old_posts[e.id]
            )._iki_follow_post()
        return res

    def _iki_follow_post(self):
        """Re-snapshot the appraiser and the appraiser's supervisor of the pending items of
        ``self`` and of their direct reports (whose appraiser's supervisor may change): open
        months' appraisals not yet approved, submitted plans and pending annual evaluations,
        and hand the open review activities of the old appraiser to the new one.

        Approved items keep their snapshot (history does not change). Three searches, writes
        grouped by new snapshot, one search of the activities.
        """
        employees = (self.sudo() | self.sudo().child_ids).exists()
        if not employees:
            return
        today = fields.Date.context_today(self)
        resolved = employees._iki_get_appraisers(today)
        ids = employees.ids
        Appraisal = self.env["iki.appraisal"].sudo()
        Plan = self.env["iki.plan"].sudo()
        Annual = self.env["iki.appraisal.annual"].sudo()
        pending = [
            Appraisal.search(
                [
                    ("employee_id", "in", ids),
                    ("state", "in", ("draft", "submitted", "returned")),
                    ("period_id.state", "=", "open"),
                ]
            ),
            Plan.search([("employee_id", "in", ids), ("state", "=", "submitted")]),
            Annual.search([("employee_id", "in", ids), ("state", "!=", "approved")]),
        ]
        handover = {}  # (model, res_id) -> (old appraiser user, new appraiser user)
        for records in pending:
            groups = {}
            for record in records:
                appraiser, above = resolved[record.employee_id.id]
                if (record.appraiser_id, record.appraiser_parent_id) != (appraiser, above):
                    groups.setdefault((appraiser.id, above.id), []).append(record.id)
                    if record.appraiser_id.user_id != appraiser.user_id:
                        handover[(records._name, record.id)] = (
                            record.appraiser_id.user_id,
                            appraiser.user_id,
                        )
            for (appraiser_id, above_id), record_ids in groups.items():
                records.browse(record_ids)._iki_workflow_write(
                    {"appraiser_id": appraiser_id, "appraiser_parent_id": above_id}
                )
        self._iki_hand_over_activities(handover)

    def _iki_hand_over_activities(self, handover):
        """Give the open activities of the old appraiser on the moved items to the new one.
        ``handover``: ``{(model, res_id): (old appraiser user, new appraiser user)}``."""
        if not handover:
            return
        Activity = self.env["mail.activity"].sudo()
        activities = Activity.search(
            [
                ("res_model", "in", list({model for model, _res_id in handover})),
                ("res_id", "in", list({res_id for _model, res_id in handover})),
                ("user_id", "in", list({old.id for old, _new in handover.values()})),
            ]
        )
        by_new_user = {}
        for activity in activities:
            old, new = handover.get((activity.res_model, activity.res_id), (None, None))
            if old and activity.user_id == old:
                by_new_user.setdefault(new, Activity)
                by_new_user[new] |= activity
        for new, moved in by_new_user.items():
            if new:
                moved.write({"user_id": new.id})
            else:
                # Nobody to hand over to: HR sees the item waiting without an appraiser.
                moved.unlink()
