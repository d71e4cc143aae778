from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import engine
from ..engine import evidence
from ..engine.inputs import INPUT_NOT_FINITE, INPUT_TOO_LARGE, REALIZATION_MAX_LIMIT
from ..tools.sql_bulk import bulk_update
from .iki_appraisal import EMPLOYEE_STATES

EMPLOYEE_LINE_FIELDS = {"realization", "note", "attachment_ids", "realization_entered"}


class IkiAppraisalLine(models.Model):
    """Realisation of one plan line in one month, with its evidence and achievement."""

    _name = "iki.appraisal.line"
    _description = "Monthly Appraisal Line"
    _inherit = ["iki.input.mixin", "iki.workflow.mixin"]
    _order = "appraisal_id, kind desc, sequence, id"
    _iki_protected_fields = frozenset(
        {"appraisal_id", "plan_line_id", "target", "target_max", "achievement"}
    )
    _iki_workflow_creates = True
    _iki_state_path = "appraisal_id.state"
    _iki_frozen_states = ("approved",)
    _iki_undeletable_states = ("submitted", "returned", "approved")

    appraisal_id = fields.Many2one("iki.appraisal", required=True, ondelete="cascade", index=True)
    plan_line_id = fields.Many2one("iki.plan.line", required=True, ondelete="restrict", index=True)
    sequence = fields.Integer(related="plan_line_id.sequence")
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(related="appraisal_id.employee_id", store=True, index=True)
    period_id = fields.Many2one(related="appraisal_id.period_id", store=True, index=True)
    state = fields.Selection(related="appraisal_id.state", string="Status")
    indicator_id = fields.Many2one(related="plan_line_id.indicator_id", store=True, index=True)
    name = fields.Char(related="plan_line_id.name", string="Indicator Text")
    kind = fields.Selection(related="plan_line_id.kind", store=True)
    weight = fields.Float(related="plan_line_id.weight")
    unit = fields.Char(related="plan_line_id.unit")
    polarity = fields.Selection(related="plan_line_id.polarity")
    allow_negative = fields.Boolean(related="plan_line_id.allow_negative")
    target = fields.Float(string="Monthly Target", readonly=True)
    target_max = fields.Float(string="Monthly Target (upper bound)", readonly=True)
    is_measured = fields.Boolean(
        compute="_compute_is_measured",
        store=True,
        help="A line with no target this month (positive, range, or a milestone not yet due) is "
        "not measured this month.",
    )
    realization = fields.Float(string="Realisation")
    realization_entered = fields.Boolean(string="Realisation Entered")
    note = fields.Text()
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "iki_appraisal_line_attachment_rel",
        "line_id",
        "attachment_id",
        string="Evidence (Bukti Dukung)",
    )
    evidence_count = fields.Integer(compute="_compute_evidence", store=True)
    evidence_duplicate = fields.Boolean(
        string="Reused Evidence", compute="_compute_evidence", store=True
    )
    evidence_duplicate_info = fields.Char(
        string="Reused Evidence Details", compute="_compute_evidence", store=True
    )
    feedback = fields.Text(string="Appraiser Feedback")
    achievement = fields.Float(string="Achievement (%)", readonly=True, aggregator="avg")

    _sql_constraints = [
        # Behind _iki_clean_realization_vals: no infinity, NaN or overflowing sum is stored.
        (
            "realization_finite",
            f"CHECK(realization BETWEEN -{REALIZATION_MAX_LIMIT:.0f} "
            f"AND {REALIZATION_MAX_LIMIT:.0f})",
            "A realisation is a finite number of at most 10^15 in absolute value.",
        ),
    ]

    @api.depends("polarity", "target")
    def _compute_is_measured(self):
        for line in self:
            # Negative "zero findings" lines are always measured; a milestone is due in the
            # months whose target is set.
            line.is_measured = line.polarity == "negative" or bool(line.target)

    @api.depends("attachment_ids", "attachment_ids.checksum")
    def _compute_evidence(self):
        """Count the files and flag any file (by checksum) also used on another line of another
        month or another employee: one query for all lines."""
        checksums = {c for c in self.attachment_ids.mapped("checksum") if c}
        others = {}
        if checksums and self.ids:
            self.env.cr.execute(
                """
                SELECT a.checksum, l.id, l.period_id, l.employee_id
                  FROM iki_appraisal_line_attachment_rel rel
                  JOIN ir_attachment a ON a.id = rel.attachment_id
                  JOIN iki_appraisal_line l ON l.id = rel.line_id
                 WHERE a.checksum IN %s
                """,
                [tuple(checksums)],
            )
            for checksum, line_id, period_id, employee_id in self.env.cr.fetchall():
                others.setdefault(checksum, []).append((line_id, period_id, employee_id))
        for line in self:
            line.evidence_count = len(line.attachment_ids)
            reused = []
            for attachment in line.attachment_ids:
                for line_id, period_id, employee_id in others.get(attachment.checksum, []):
                    same_line = line_id == line._origin.id
                    same_month_and_person = (
                        period_id == line.period_id.id and employee_id == line.employee_id.id
                    )
                    if not same_line and not same_month_and_person:
                        reused.append(attachment.name)
                        break
            line.evidence_duplicate = bool(reused)
            line.evidence_duplicate_info = (
                self.env._(
                    "Also used in another month or by another employee: %(files)s",
                    files=", ".join(reused),
                )
                if reused
                else False
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._iki_clean_realization_vals(vals) for vals in vals_list]
        appraisal_ids = {vals.get("appraisal_id") for vals in vals_list} - {None, False}
        self.env["iki.appraisal"].browse(appraisal_ids).period_id._iki_check_open()
        self.browse()._iki_check_evidence_links(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._iki_clean_realization_vals(vals)
        self._iki_check_evidence_links(vals)
        # Targets, achievements and links: the guard of iki.workflow.mixin; here, who may
        # write the employee's and the appraiser's fields (server code in sudo decides itself).
        workflow = self._iki_in_workflow()
        if not self.env.su and not workflow:
            if set(vals) & EMPLOYEE_LINE_FIELDS:
                self.appraisal_id.period_id._iki_check_open()
                self.appraisal_id._iki_check_employee_editable()
            if "feedback" in vals:
                self.appraisal_id.period_id._iki_check_open()
                self.appraisal_id._iki_check_appraiser(self.env._("comment on"))
        if "realization" in vals and "realization_entered" not in vals:
            vals = dict(vals, realization_entered=True)
        res = super().write(vals)
        if "realization" in vals:
            self._iki_check_realization_values()
            if not workflow:
                self.appraisal_id._iki_recompute()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_open_month(self):
        if not self._iki_in_workflow():
            self.appraisal_id.period_id._iki_check_open()

    @api.constrains("realization")
    def _check_realization(self):
        self._iki_check_realization_values()

    def _iki_clean_realization_vals(self, vals):
        """Return ``vals`` (a write on ``self``, or a create when ``self`` is empty) with its
        realisation checked and cleaned; ``vals`` itself is left unchanged.

        The value goes through ``engine.parse_realization``: a number, or a string of ASCII
        digits with a '.' decimal point; never an infinity or NaN; in absolute value at most
        the indicator's ``realization_max``, else the ``realization_max`` of the month's rule
        set. The bound is per indicator because it depends on its unit (100 for a percentage,
        billions for rupiah); the rule set gives the default. A cleared realisation (False,
        None, blank) is stored as 0 *not entered*, any other value as entered, whatever
        ``realization_entered`` says. Refused with a ``ValidationError`` naming the employee,
        the indicator and the field.
        """
        if "realization" not in vals:
            return vals
        raw = vals["realization"]
        if self:
            targets = [(ln.employee_id, ln.plan_line_id, ln.period_id) for ln in self.sudo()]
        else:
            appraisal = self.env["iki.appraisal"].sudo().browse(vals.get("appraisal_id"))
            plan_line = self.env["iki.plan.line"].sudo().browse(vals.get("plan_line_id"))
            targets = [(appraisal.employee_id, plan_line, appraisal.period_id)]
        value = None
        for employee, plan_line, period in targets:
            maximum = (
                plan_line.indicator_id.realization_max
                or period.rule_set_id.realization_max
                or engine.REALIZATION_MAX_DEFAULT
            )
            try:
                value = engine.parse_realization(raw, maximum)
            except engine.InputError as err:
                raise ValidationError(
                    self._iki_realization_message(err.code, employee, plan_line, raw, maximum)
                ) from err
        return dict(vals, realization=value or 0.0, realization_entered=value is not None)

    def _iki_realization_message(self, code, employee, plan_line, raw, maximum):
        names = {
            "employee": employee.name or "",
            "indicator": plan_line.name or "",
            "field": self._fields["realization"]._description_string(self.env),
            "value": str(raw)[:40],
        }
        if code == INPUT_TOO_LARGE:
            return self.env._(
                "%(employee)s, %(indicator)s, field %(field)s: %(value)s is larger than "
                "%(maximum)s, the largest realisation this indicator accepts (its maximum, or "
                "the rule set's).",
                maximum=format(maximum, ".15g"),
                **names,
            )
        if code == INPUT_NOT_FINITE:
            return self.env._(
                "%(employee)s, %(indicator)s, field %(field)s: %(value)s is not a finite number.",
                **names,
            )
        return self.env._(
            "%(employee)s, %(indicator)s, field %(field)s: %(value)s is not a number; use digits "
            "with a '.' decimal point (e.g. 12.5), without thousands separators.",
            **names,
        )

    def _iki_check_realization_values(self):
        for line in self:
            if line.realization < 0 and not line.allow_negative:
                raise ValidationError(
                    self.env._(
                        "%(employee)s, %(indicator)s: the realisation %(value)s is negative, "
                        "which this indicator does not allow.",
                        employee=line.employee_id.name,
                        indicator=line.name,
                        value=line.realization,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _iki_check_for_submission(self):
        """Every measured line has a realisation and the evidence its indicator requires."""
        for line in self:
            who = line.employee_id.name
            if line.is_measured and not line.realization_entered:
                raise UserError(
                    self.env._(
                        "%(employee)s, %(indicator)s: enter the realisation before submitting.",
                        employee=who,
                        indicator=line.name,
                    )
                )
            # The rules frozen on the plan line when the plan was approved.
            required, min_files, _types, _max_bytes = line.plan_line_id._iki_evidence_rules()
            if not required or not line.is_measured:
                continue
            if len(line.attachment_ids) < min_files:
                raise UserError(
                    self.env._(
                        "%(employee)s, %(indicator)s: attach at least %(count)s evidence file(s) "
                        "(bukti dukung) before submitting.",
                        employee=who,
                        indicator=line.name,
                        count=min_files,
                    )
                )
            for attachment in line.attachment_ids.sudo():
                line._iki_check_evidence_file(attachment.name, attachment.raw)

    # ------------------------------------------------------------------
    # Evidence (bukti dukung): what a line links, and the files' type and size
    # ------------------------------------------------------------------
    def _iki_evidence_locked(self):
        """The lines of ``self`` whose evidence no longer changes: their appraisal is submitted
        or approved, or their month is closed."""
        return self.filtered(
            lambda line: (
                line.appraisal_id.state not in EMPLOYEE_STATES
                or line.appraisal_id.period_id.state != "open"
            )
        )

    def _iki_check_evidence_editable(self):
        """Refuse unless the user may change the evidence of every line of ``self``: write
        access to the line, an open month, and an appraisal the user may edit (his own draft or
        returned one, or as agency administrator or HR). Server code in sudo is not checked."""
        if self.env.su or not self:
            return
        self.check_access("write")
        self.appraisal_id.period_id._iki_check_open()
        self.appraisal_id._iki_check_employee_editable()

    def _iki_check_evidence_file(self, name, data):
        """Refuse the file ``name`` with content ``data`` (bytes) as evidence of this line: its
        type is read from the content and must agree with its name, be allowed by the rules of
        the plan line and the file no larger than their limit."""
        self.ensure_one()
        _required, _count, file_types, max_bytes = self.plan_line_id._iki_evidence_rules()
        problem = evidence.check_file(name, data or b"", file_types, max_bytes)
        if not problem:
            return
        line = self.sudo()
        args = {"employee": line.employee_id.name, "indicator": line.name, "file": name}
        if problem.code == evidence.PROBLEM_TYPE_NOT_ALLOWED:
            message = self.env._(
                "%(employee)s, %(indicator)s: the file %(file)s is not of an allowed type "
                "(%(types)s).",
                types=", ".join(sorted(file_types)),
                **args,
            )
        elif problem.code == evidence.PROBLEM_UNKNOWN_TYPE:
            message = self.env._(
                "%(employee)s, %(indicator)s: the file %(file)s is not a PDF, an image or an "
                "Office document (%(types)s).",
                types=", ".join(evidence.EVIDENCE_EXTENSIONS),
                **args,
            )
        elif problem.code == evidence.PROBLEM_TOO_LARGE:
            message = self.env._(
                "%(employee)s, %(indicator)s: the file %(file)s is larger than %(size)s MB.",
                size=line.plan_line_id.evidence_max_size_mb,
                **args,
            )
        else:
            message = self.env._(
                "%(employee)s, %(indicator)s: the content of the file %(file)s is not that of a "
                "%(extension)s file (the content is checked, not only the name).",
                extension=problem.extension.upper(),
                **args,
            )
        raise UserError(message)

    def _iki_check_evidence_links(self, vals):
        """Refuse the evidence links that ``vals`` gives: the values of a write on ``self``, or
        the list of values of a create (``self`` empty, a new line has no upload yet).

        A line links only files uploaded to it (bound to it by ``res_model``/``res_id``) by the
        current user, of the line's company, of an allowed type and size; nothing changes in the
        evidence of a submitted or approved appraisal or of a closed month."""
        if isinstance(vals, list):
            for values in vals:
                linked, created, _changed = self._iki_evidence_commands(
                    values.get("attachment_ids")
                )
                if linked or created:
                    raise UserError(
                        self.env._(
                            "Evidence is uploaded to an indicator line of an appraisal once the "
                            "line exists."
                        )
                    )
            return
        if "attachment_ids" not in vals or not self:
            return
        linked, created, changed = self._iki_evidence_commands(vals["attachment_ids"])
        if not (linked or created or changed):
            return
        locked = self._iki_evidence_locked()
        if locked:
            locked.appraisal_id.period_id._iki_check_open()
            raise UserError(
                self.env._(
                    "Appraisal %(name)s is %(state)s: its evidence (bukti dukung) can no longer "
                    "change.",
                    name=locked[0].appraisal_id.name,
                    state=locked[0].appraisal_id._state_label(),
                )
            )
        self._iki_check_evidence_editable()
        for values in created:
            if len(self) != 1 or (values.get("res_model"), values.get("res_id")) != (
                self._name,
                self.id,
            ):
                raise UserError(self._iki_foreign_evidence_message(values.get("name")))
        attachments = self.env["ir.attachment"].sudo().browse(linked)
        attachments.fetch(["name", "res_model", "res_id", "create_uid", "company_id"])
        if len(attachments.exists()) != len(attachments):
            raise UserError(self._iki_foreign_evidence_message(False))
        for line in self:
            for attachment in attachments - line.attachment_ids.sudo():
                line._iki_check_evidence_link(attachment)

    def _iki_check_evidence_link(self, attachment):
        """Refuse linking ``attachment`` (an existing file, read in sudo) to this line."""
        self.ensure_one()
        own = self.env.su or attachment.create_uid.id == self.env.uid
        if not (
            own
            and attachment.res_model == self._name
            and attachment.res_id == self.id
            and attachment.company_id == self.company_id
        ):
            # Another user's or company's file is named by its id only: its name is not ours.
            name = attachment.name if attachment.create_uid.id == self.env.uid else False
            raise UserError(self._iki_foreign_evidence_message(name or f"#{attachment.id}"))
        self._iki_check_evidence_file(attachment.name, attachment.raw)

    def _iki_foreign_evidence_message(self, name):
        line = self[:1].sudo()
        return self.env._(
            "%(employee)s, %(indicator)s: the file %(file)s cannot be linked as evidence: only "
            "the files you uploaded to this indicator line, in its company, can be.",
            employee=line.employee_id.name or "",
            indicator=line.name or "",
            file=name or "",
        )

    @api.model
    def _iki_evidence_commands(self, commands):
        """Read the commands written to ``attachment_ids``: ``(ids linked, values of the files
        created, whether anything else changes)``. A set (6) links its ids and changes."""
        if commands is None:
            return set(), [], False
        if not commands:
            return set(), [], commands is False
        linked, created, changed = set(), [], False
        for command in commands:
            if isinstance(command, int):
                linked.add(command)
                continue
            code = command[0]
            if code == 0:
                created.append(dict(command[2] or {}))
            elif code == 4:
                linked.add(command[1])
            elif code == 6:
                linked |= set(command[2] or ())
                changed = True
            else:
                changed = True
        return linked, created, changed

    def _iki_prefetch(self):
        """Load the lines of ``self`` and their plan lines' measure in two queries."""
        self.fetch(
            [
                "appraisal_id",
                "plan_line_id",
                "company_id",
                "period_id",
                "employee_id",
                "kind",
                "is_measured",
                "realization_entered",
                "realization",
                "target",
                "target_max",
                "achievement",
            ]
        )
        # Read as the related fields read them (sudo): only the cache is filled.
        self.plan_line_id.sudo().fetch(["polarity", "weight", "name"])

    def _iki_recompute(self, engine_rules):
        """Achievement of every line with the engine, written in one statement."""
        self._iki_prefetch()
        updates = {}
        for line in self:
            rules = engine_rules[line.period_id.id]
            value = 0.0
            if line.is_measured and line.realization_entered:
                # The engine measures quantities from zero up; a negative realisation (allowed
                # for e.g. growth rates) achieves nothing of a positive or range target and is
                # as good as zero for a lower-is-better one.
                realization = max(line.realization, 0.0)
                try:
                    value = engine.achievement(
                        realization,
                        line.target,
                        line.polarity,
                        target_max=line.target_max,
                        cap=rules.cap,
                    )
                except (ValueError, ArithmeticError) as err:
                    raise UserError(
                        self.env._(
                            "%(employee)s, %(indicator)s: the achievement cannot be computed "
                            "(%(problem)s).",
                            employee=line.employee_id.name,
                            indicator=line.name,
                            problem=str(err),
                        )
                    ) from err
            value = engine.round_half_up(value, 2)
            if line.achievement != value:
                updates[line.id] = {"achievement": value}
        # One statement for any number of lines (results of the compute path only).
        bulk_update(self.sudo().browse(), updates)
