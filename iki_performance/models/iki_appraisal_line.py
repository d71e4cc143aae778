import os

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import engine
from ..tools.sql_bulk import bulk_update

EMPLOYEE_LINE_FIELDS = {"realization", "note", "attachment_ids", "realization_entered"}


class IkiAppraisalLine(models.Model):
    """Realisation of one plan line in one month, with its evidence and achievement."""

    _name = "iki.appraisal.line"
    _description = "Monthly Appraisal Line"
    _order = "appraisal_id, kind desc, sequence, id"

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
        appraisal_ids = {vals.get("appraisal_id") for vals in vals_list} - {None, False}
        self.env["iki.appraisal"].browse(appraisal_ids).period_id._iki_check_open()
        return super().create(vals_list)

    def write(self, vals):
        # The workflow key counts only in superuser mode: a client can send any context key.
        workflow = self.env.su and self.env.context.get("iki_appraisal_workflow")
        if not self.env.su:
            if set(vals) & EMPLOYEE_LINE_FIELDS:
                self.appraisal_id.period_id._iki_check_open()
                self.appraisal_id._iki_check_employee_editable()
            if "feedback" in vals:
                self.appraisal_id.period_id._iki_check_open()
                self.appraisal_id._iki_check_appraiser(self.env._("comment on"))
            if set(vals) - EMPLOYEE_LINE_FIELDS - {"feedback"}:
                raise UserError(
                    self.env._("Targets and achievements of an appraisal are not edited.")
                )
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
        self.appraisal_id.period_id._iki_check_open()

    @api.constrains("realization")
    def _check_realization(self):
        self._iki_check_realization_values()

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
            indicator = line.indicator_id
            if not indicator.evidence_required or not line.is_measured:
                continue
            if len(line.attachment_ids) < max(indicator.evidence_min_files, 1):
                raise UserError(
                    self.env._(
                        "%(employee)s, %(indicator)s: attach at least %(count)s evidence file(s) "
                        "(bukti dukung) before submitting.",
                        employee=who,
                        indicator=line.name,
                        count=max(indicator.evidence_min_files, 1),
                    )
                )
            allowed = {
                t.strip().lower().lstrip(".")
                for t in (indicator.evidence_file_types or "").split(",")
                if t.strip()
            }
            max_bytes = (indicator.evidence_max_size_mb or 0) * 1024 * 1024
            for attachment in line.attachment_ids:
                extension = os.path.splitext(attachment.name or "")[1].lower().lstrip(".")
                if allowed and extension not in allowed:
                    raise UserError(
                        self.env._(
                            "%(employee)s, %(indicator)s: the file %(file)s is not of an allowed "
                            "type (%(types)s).",
                            employee=who,
                            indicator=line.name,
                            file=attachment.name,
                            types=", ".join(sorted(allowed)),
                        )
                    )
                if max_bytes and attachment.file_size > max_bytes:
                    raise UserError(
                        self.env._(
                            "%(employee)s, %(indicator)s: the file %(file)s is larger than "
                            "%(size)s MB.",
                            employee=who,
                            indicator=line.name,
                            file=attachment.name,
                            size=indicator.evidence_max_size_mb,
                        )
                    )

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
                except ValueError as err:
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
