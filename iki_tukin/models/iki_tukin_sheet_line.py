from odoo import api, fields, models
from odoo.addons.iki_performance.tools.sql_bulk import copy_insert
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..engine import constants as C

_lt = LazyTranslate(__name__)

# Labels of the engine's line codes (the engine's English labels, made translatable).
LINE_LABELS = {
    C.LINE_STOP: _lt("No Tukin this month"),
    C.LINE_BASE: _lt("Base amount"),
    C.LINE_CRITERIA: _lt("Criterion"),
    C.LINE_LEAVE: _lt("Leave"),
    C.LINE_PERFORMANCE_PART: _lt("Performance part"),
    C.LINE_DISCIPLINE_PART: _lt("Discipline part"),
    C.LINE_PERFORMANCE: _lt("Performance result"),
    C.LINE_PUNISHMENT: _lt("Disciplinary punishment"),
    C.TL1: _lt("Late arrival TL1"),
    C.TL2: _lt("Late arrival TL2"),
    C.TL3: _lt("Late arrival TL3"),
    C.TL4: _lt("Late arrival TL4"),
    C.PSW1: _lt("Early leave PSW1"),
    C.PSW2: _lt("Early leave PSW2"),
    C.PSW3: _lt("Early leave PSW3"),
    C.PSW4: _lt("Early leave PSW4"),
    C.ABSENT: _lt("Absent without reason"),
    C.LATE_SUBMISSION: _lt("Late monthly submission"),
    C.MISSING_SUBMISSION: _lt("Missing monthly submission"),
    C.ABSENT_STREAK: _lt("Consecutive absence: total deduction 100%"),
    C.DEDUCTION_CAP: _lt("Deductions capped at 100%"),
}
# The engine's English prefix of a leave line's label ("Leave: annual"): what follows is the
# kind of leave, stored as the line's detail.
ENGINE_LEAVE_PREFIX = f"{C.LINE_LABELS[C.LINE_LEAVE]}: "
ENGINE_STOP_REASONS = {label: reason for reason, label in C.STOP_LABELS.items()}
# The sheet amount a step shows as its own (the other steps show what they add to the net).
STEP_SHEET_AMOUNTS = {
    C.LINE_BASE: "base",
    C.LINE_PERFORMANCE_PART: "performance_part",
    C.LINE_DISCIPLINE_PART: "discipline_part",
    C.LINE_PERFORMANCE: "performance_amount",
}
# Columns written by the batch insert of the lines of many sheets (see _iki_replace_lines).
COLUMNS = (
    "sheet_id",
    "sequence",
    "code",
    "label_detail",
    "date",
    "base_value",
    "pct",
    "quantity",
    "amount",
    "source_model",
    "source_id",
)
# Models a line may point at (its source record).
SOURCE_MODELS = [
    ("iki.tukin.scheme", "Tukin Scheme"),
    ("iki.tukin.criterion", "Tukin Criterion"),
    ("hr.leave", "Time Off"),
    ("iki.appraisal", "Monthly Appraisal"),
    ("iki.discipline.day", "Discipline Day"),
    ("iki.tukin.punishment", "Disciplinary Punishment"),
    ("iki.tukin.stop", "Tukin Stop Condition"),
]


class IkiTukinSheetLine(models.Model):
    """One step of a Tukin sheet (the engine's ``TukinLine``): what it applies to, the
    percentage, its own amount, the signed amount it adds to the net (and the running total
    up to it), and the record it comes from.

    The step's name is not stored: it is built from its code and ``label_detail`` in the
    reader's language, whoever computed the sheet."""

    _name = "iki.tukin.sheet.line"
    _description = "Tukin Sheet Line"
    _inherit = ["iki.workflow.mixin"]
    _order = "sheet_id, sequence, id"
    # Written by the compute path only (:meth:`_iki_replace_lines`).
    _iki_workflow_only = True
    # Written in bulk with their sheet (which records who computed it and when).
    _log_access = False

    sheet_id = fields.Many2one(
        "iki.tukin.sheet", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="sheet_id.company_id")
    employee_id = fields.Many2one(related="sheet_id.employee_id")
    currency_id = fields.Many2one(related="sheet_id.currency_id")
    sequence = fields.Integer(readonly=True)
    code = fields.Char(required=True, readonly=True)
    name = fields.Char(string="Step", compute="_compute_name")
    label_detail = fields.Char(
        readonly=True,
        help="What varies in the step's name: the criterion's name, the kind of leave or the "
        "reason of a stop (a key translated when read).",
    )
    date = fields.Date(readonly=True)
    base_value = fields.Monetary(string="Applies To", readonly=True)
    pct = fields.Float(string="%", digits=(16, 4), readonly=True)
    quantity = fields.Float(string="Days", readonly=True)
    amount = fields.Monetary(
        string="Effect on Net", readonly=True, help="Signed contribution to the net amount."
    )
    step_amount = fields.Monetary(
        string="Amount",
        compute="_compute_step_amount",
        help="The step's own amount: the base, a part, the performance result, a cut.",
    )
    running_total = fields.Monetary(
        compute="_compute_step_amount",
        help="The net so far: the effects on the net of this step and the ones before it.",
    )
    source_model = fields.Char(readonly=True)
    source_id = fields.Integer(string="Source ID", readonly=True)
    source_ref = fields.Reference(
        SOURCE_MODELS, string="Source", compute="_compute_source_ref", readonly=True
    )
    source_name = fields.Char(string="Source Record", compute="_compute_source_ref")

    @api.depends("code", "label_detail")
    @api.depends_context("lang")
    def _compute_name(self):
        reasons = dict(
            self.env["iki.tukin.sheet"]._fields["stop_reason"]._description_selection(self.env)
        )
        Rule = self.env["iki.tukin.leave.rule"]
        kinds = dict(Rule._fields["leave_kind"]._description_selection(self.env))
        for line in self:
            detail, code = line.label_detail, line.code
            if code == C.LINE_CRITERIA and detail:
                line.name = detail
            elif code == C.LINE_STOP and detail in reasons:
                line.name = reasons[detail]
            elif code == C.LINE_LEAVE and detail:
                line.name = self.env._("Leave: %(kind)s", kind=kinds.get(detail, detail))
            elif code in LINE_LABELS:
                line.name = self.env._(LINE_LABELS[code])
            else:
                line.name = detail or code

    @api.depends(
        "code",
        "amount",
        "sequence",
        "sheet_id.line_ids.amount",
        *(f"sheet_id.{fname}" for fname in STEP_SHEET_AMOUNTS.values()),
    )
    def _compute_step_amount(self):
        running = {}
        for sheet in self.sheet_id:
            total = 0.0
            for line in sheet.line_ids.sorted(lambda r: (r.sequence, r.id)):
                total += line.amount
                running[line.id] = total
        for line in self:
            fname = STEP_SHEET_AMOUNTS.get(line.code)
            line.step_amount = line.sheet_id[fname] if fname else line.amount
            line.running_total = running.get(line.id, line.amount)

    @api.depends("source_model", "source_id")
    def _compute_source_ref(self):
        by_model = {}
        for line in self:
            if line.source_model in self.env and line.source_id:
                by_model.setdefault(line.source_model, set()).add(line.source_id)
        # Names read in sudo: the line is readable, its source name is part of the explanation.
        existing = {
            model: {r.id: r.display_name for r in self.env[model].sudo().browse(ids).exists()}
            for model, ids in by_model.items()
        }
        for line in self:
            name = existing.get(line.source_model, {}).get(line.source_id)
            line.source_ref = f"{line.source_model},{line.source_id}" if name else False
            line.source_name = name or False

    @api.model
    def _iki_label_detail(self, line):
        """What varies in the name of the engine ``TukinLine`` ``line``, stored untranslated:
        the criterion's name, the kind of leave, the stop reason's key; the engine's own label
        for a code without a translated label."""
        if line.code == C.LINE_CRITERIA:
            return line.label
        if line.code == C.LINE_LEAVE and line.label.startswith(ENGINE_LEAVE_PREFIX):
            return line.label[len(ENGINE_LEAVE_PREFIX) :]
        if line.code == C.LINE_STOP:
            return ENGINE_STOP_REASONS.get(line.label)
        return None if line.code in LINE_LABELS else line.label

    @api.model
    def _iki_line_values(self, sequence, line, label=None):
        """Values of a sheet line (without ``sheet_id``; None for empty) from an engine
        ``TukinLine``. ``label`` is not stored (the name is translated when read): kept for
        the callers that still pass it."""
        source = line.source
        # A whole-month leave stop points at every leave of the month: keep the first.
        if isinstance(source, tuple) and source and isinstance(source[0], tuple):
            source = source[0]
        model, res_id = source if isinstance(source, tuple) and len(source) == 2 else (None, None)
        return {
            "sequence": sequence,
            "code": line.code,
            "label_detail": self._iki_label_detail(line),
            "date": line.date,
            "base_value": float(line.base_value) if line.base_value is not None else None,
            "pct": float(line.pct) if line.pct is not None else None,
            "quantity": float(line.quantity) if line.quantity is not None else None,
            "amount": float(line.amount),
            "source_model": model,
            "source_id": res_id,
        }

    @api.model
    def _iki_replace_lines(self, lines_of):
        """Replace the lines of sheets: ``lines_of`` is ``{sheet_id: [line values]}`` (values
        from :meth:`_iki_line_values`). One DELETE and one COPY: a month of a large province has
        hundreds of thousands of lines."""
        if not lines_of:
            return
        self.check_access("unlink")
        self.check_access("create")
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM iki_tukin_sheet_line WHERE sheet_id = ANY(%s)", list(lines_of))
        )
        rows = [
            (sheet_id, *(line[column] for column in COLUMNS[1:]))
            for sheet_id, lines in lines_of.items()
            for line in lines
        ]
        copy_insert(self, COLUMNS, rows)
        self.invalidate_model()
        self.env["iki.tukin.sheet"].invalidate_model(["line_ids"])
