from collections import defaultdict

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.iki_performance.tools.sql_bulk import bulk_update
from odoo.addons.payroll.models.base_browsable import BaseBrowsableObject
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_date

from .res_company import MISSING_SHEET_SKIP

# Code of the rule that shows the sheet's net (checked against the sheet when confirming).
RULE_NET = "TPP_NET"
# Amounts of the sheet offered to the rules as ``payroll.tukin.<name>`` (whole rupiah).
SHEET_AMOUNTS = (
    "gross",
    "performance_amount",
    "discipline_part",
    "deduction_amount",
    "punishment_amount",
    "net",
)
SHEET_DRAFT = "draft"
SHEET_CONFIRMED = "confirmed"
SHEET_PAID = "paid"


class HrPayslip(models.Model):
    _inherit = "hr.payslip"

    iki_tukin_sheet_id = fields.Many2one(
        "iki.tukin.sheet",
        string="Tukin/TPP Sheet",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The employee's confirmed Tukin/TPP sheet of the month whose amounts the Tukin/TPP "
        "lines show; found when the payslip is computed. The sheet's own Payslip field names "
        "the payslip that pays it (empty again when that payslip is cancelled).",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_tukin_paid(self):
        paid = self.filtered(
            lambda s: (
                s.iki_tukin_sheet_id.sudo().state == SHEET_PAID
                and s.iki_tukin_sheet_id.sudo().payslip_id == s
            )
        )
        if paid:
            raise UserError(
                self.env._(
                    "Payslip %(payslip)s paid the Tukin/TPP sheet of %(employee)s: cancel it "
                    "first (the sheet then goes back to confirmed).",
                    payslip=paid[0].display_name,
                    employee=paid[0].employee_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions (OCA payroll)
    # ------------------------------------------------------------------
    def compute_sheet(self):
        # OCA computes one payslip after the other and offers no batch hook: the Tukin/TPP
        # sheets of all the payslips are found here, in one search, before it starts;
        # get_payroll_dict then only reads the stored link (prefetched for the batch).
        self._iki_tukin_link_sheets()
        return super().compute_sheet()

    def action_payslip_done(self):
        res = super().action_payslip_done()
        self._iki_tukin_pay_sheets()
        return res

    def refund_sheet(self):
        res = super().refund_sheet()
        self._iki_tukin_release_sheets(self.env._("refunded"))
        return res

    def action_payslip_cancel(self):
        res = super().action_payslip_cancel()
        self._iki_tukin_release_sheets(self.env._("cancelled"))
        return res

    def action_payslip_draft(self):
        done = self.filtered(lambda s: s.state == "done")
        res = super().action_payslip_draft()
        done._iki_tukin_release_sheets(self.env._("set back to draft"))
        return res

    def _compute_name(self):
        """The payslip's name (OCA's, "Salary Slip of ... for March-2026", which OCA does
        not translate into Indonesian), written in the language of the employee it is about
        rather than in the payroll officer's: a stored name, read by the employee (and by the
        payroll officers, who work in the same language)."""
        for slip in self:
            if not (slip.employee_id and slip.date_from):
                continue
            employee = slip.employee_id.sudo()
            lang = employee.user_id.lang or employee.work_contact_id.lang or self.env.lang
            env = slip.with_context(lang=lang).env
            slip.name = env._(
                "Payslip of %(employee)s, %(month)s",
                employee=employee.name,
                month=format_date(env, slip.date_from, date_format="MMMM y"),
            )

    # ------------------------------------------------------------------
    # Rule context (OCA payroll seam)
    # ------------------------------------------------------------------
    # ------------------------------------------------------------------
    # Worked days on the employee's local days (the same days as the Tukin sheet)
    # ------------------------------------------------------------------
    def _compute_leave_days(self, contract, day_from, day_to):
        return super()._compute_leave_days(
            contract, *self._iki_local_bounds(contract, day_from, day_to)
        )

    def _compute_worked_days(self, contract, day_from, day_to):
        return super()._compute_worked_days(
            contract, *self._iki_local_bounds(contract, day_from, day_to)
        )

    @api.model
    def _iki_local_bounds(self, contract, day_from, day_to):
        """OCA payroll passes the month's bounds as naive datetimes, which the resource API
        reads as UTC: outside UTC the first or last working hours of the month fall in the
        month before or after (21.06 worked days in Makassar). The bounds are the employee's
        local midnight instead, as the discipline days of the Tukin sheet count them."""
        tz = pytz.timezone(contract.employee_id.tz or contract.resource_calendar_id.tz or "UTC")
        return tuple(
            tz.localize(value) if value.tzinfo is None else value for value in (day_from, day_to)
        )

    def get_payroll_dict(self, contracts):
        """Add ``payroll.tukin``: ``found`` (a confirmed sheet is linked), ``sheet_id`` and the
        sheet's amounts (:data:`SHEET_AMOUNTS`); everything 0 without a sheet."""
        res = super().get_payroll_dict(contracts)
        res["tukin"] = BaseBrowsableObject(self._iki_tukin_values())
        return res

    def _iki_tukin_values(self):
        self.ensure_one()
        values = dict.fromkeys(SHEET_AMOUNTS, 0.0)
        values.update(found=False, sheet_id=False)
        # The amounts are the payslip's data source: the payslip's own access rules decide who
        # computes it, the payroll officer needs no rights on the sheets themselves.
        sheet = self.iki_tukin_sheet_id.sudo()
        if not sheet:
            return values
        if not self._iki_tukin_sheet_usable(sheet):
            raise UserError(
                self.env._(
                    "The Tukin/TPP sheet of %(employee)s for %(month)s is no longer confirmed: "
                    "confirm it again and recompute payslip %(payslip)s.",
                    employee=self.employee_id.name,
                    month=self._iki_tukin_month_label(),
                    payslip=self.display_name,
                )
            )
        for name in SHEET_AMOUNTS:
            values[name] = sheet[name]
        parts = (
            sheet.performance_amount
            + sheet.discipline_part
            - sheet.deduction_amount
            - sheet.punishment_amount
        )
        if float_compare(parts, sheet.net, precision_rounding=1.0):
            raise UserError(
                self.env._(
                    "The Tukin/TPP sheet of %(employee)s for %(month)s does not add up: "
                    "performance part + discipline part - deductions - punishment = "
                    "%(parts)s, net %(net)s. Recompute the sheet.",
                    employee=self.employee_id.name,
                    month=self._iki_tukin_month_label(),
                    parts=parts,
                    net=sheet.net,
                )
            )
        values.update(found=True, sheet_id=sheet.id)
        return values

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _iki_tukin_sheet_usable(self, sheet):
        """Whether ``sheet`` may feed this payslip: confirmed, or paid by this very payslip."""
        self.ensure_one()
        return sheet.state == SHEET_CONFIRMED or (
            sheet.state == SHEET_PAID and sheet.payslip_id == self
        )

    def _iki_tukin_month(self):
        """First day of the calendar month the payslip pays; the payslip must lie in it."""
        self.ensure_one()
        start = self.date_from.replace(day=1)
        if self.date_to > start + relativedelta(months=1, days=-1):
            raise UserError(
                self.env._(
                    "Payslip %(payslip)s runs from %(date_from)s to %(date_to)s: Tukin/TPP is "
                    "paid per calendar month, make one payslip per month.",
                    payslip=self.display_name,
                    date_from=format_date(self.env, self.date_from),
                    date_to=format_date(self.env, self.date_to),
                )
            )
        return start

    def _iki_tukin_month_label(self, month=None):
        month = month or self.date_from.replace(day=1)
        return format_date(self.env, month, date_format="MMMM y")

    def _iki_tukin_needed(self):
        """The payslips with a salary rule that reads the Tukin/TPP sheet (flagged
        ``iki_reads_tukin``, as the rules of the Tukin/TPP categories are), one check per
        structure."""
        needed = []  # ids: a recordset union per payslip grows quadratically
        by_structure = {}
        for slip in self:
            key = slip.struct_id or slip
            if key not in by_structure:
                by_structure[key] = any(slip._get_salary_rules().mapped("iki_reads_tukin"))
            if by_structure[key]:
                needed.append(slip.id)
        return self.browse(needed)

    def _iki_tukin_link_sheets(self):
        """Link each payslip to be computed to its employee's confirmed Tukin/TPP sheet of the
        month, for the whole batch with one search.

        Payslips without a confirmed sheet: a UserError naming the employees and the month,
        or (company policy "skip") no link and a note on the payslip. A sheet already on
        another active payslip is always an error.
        """
        slips = self.filtered(lambda s: s.state in ("draft", "verify"))
        needed = slips._iki_tukin_needed()
        (slips - needed).filtered("iki_tukin_sheet_id")._iki_tukin_unlink()
        if not needed:
            return
        links, missing = needed._iki_tukin_match_sheets()
        skipped = self._iki_tukin_check_missing(missing)
        skipped.filtered("iki_tukin_sheet_id")._iki_tukin_unlink()
        for slip in skipped:
            slip.message_post(
                body=self.env._(
                    "No confirmed Tukin/TPP sheet of %(employee)s for %(month)s: computed "
                    "without Tukin/TPP lines (company setting).",
                    employee=slip.employee_id.name,
                    month=slip._iki_tukin_month_label(),
                )
            )
        self._iki_tukin_write_links(links)

    def _iki_tukin_match_sheets(self):
        """``(links, missing)`` of these payslips: ``{payslip: confirmed sheet}`` and
        ``{month: [(payslip, reason)]}`` of those without one (one search). A sheet held by
        another active payslip, or claimed twice in the batch, is a UserError."""
        months = {slip: slip._iki_tukin_month() for slip in self}
        sheets = (
            self.env["iki.tukin.sheet"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.employee_id.ids),
                    ("date_start", "in", list(set(months.values()))),
                ]
            )
        )
        by_key = {
            (sheet.employee_id.id, sheet.company_id.id, sheet.date_start): sheet for sheet in sheets
        }
        links, claimed = {}, {}
        missing = defaultdict(list)  # month -> [(slip, reason)]
        for slip in self:
            month = months[slip]
            sheet = by_key.get((slip.employee_id.id, slip.company_id.id, month))
            if not sheet or sheet.state == SHEET_DRAFT:
                reason = self.env._("sheet not confirmed") if sheet else self.env._("no sheet")
                missing[month].append((slip, reason))
                continue
            holder = sheet.payslip_id
            if (holder and holder != slip and holder.state != "cancel") or (
                sheet.state == SHEET_PAID and holder != slip
            ):
                slip._iki_tukin_raise_paid_twice(holder)
            if sheet in claimed:
                slip._iki_tukin_raise_paid_twice(claimed[sheet])
            claimed[sheet] = slip
            links[slip] = sheet
        return links, missing

    def _iki_tukin_raise_paid_twice(self, holder):
        """Refuse this payslip: its sheet is already on payslip ``holder``."""
        self.ensure_one()
        raise UserError(
            self.env._(
                "The Tukin/TPP sheet of %(employee)s for %(month)s is already paid by or "
                "computed on payslip %(holder)s: it cannot be paid twice. Cancel or delete "
                "one of the payslips.",
                employee=self.employee_id.name,
                month=self._iki_tukin_month_label(),
                holder=holder.display_name or holder.number or holder.id,
            )
        )

    @api.model
    def _iki_tukin_check_missing(self, missing):
        """Refuse the payslips of ``missing`` (``{month: [(payslip, reason)]}``) unless their
        company computes them without Tukin/TPP; return those skipped."""
        refused = {
            month: [(slip, reason) for slip, reason in items if not slip._iki_tukin_skips()]
            for month, items in missing.items()
        }
        refused = {month: items for month, items in refused.items() if items}
        if refused:
            raise UserError(
                self.env._(
                    "These employees have no confirmed Tukin/TPP sheet, their payslips cannot "
                    "pay Tukin/TPP:\n%(details)s\nConfirm their sheets, or remove the payslips "
                    "from the batch.",
                    details="\n".join(
                        "%s: %s"
                        % (
                            self._iki_tukin_month_label(month),
                            ", ".join(
                                f"{slip.employee_id.name} ({reason})" for slip, reason in items
                            ),
                        )
                        for month, items in sorted(refused.items())
                    ),
                )
            )
        return self.browse([slip.id for items in missing.values() for slip, _r in items])

    def _iki_tukin_skips(self):
        self.ensure_one()
        return self.company_id.iki_tukin_missing_sheet_policy == MISSING_SHEET_SKIP

    @api.model
    def _iki_tukin_write_links(self, links):
        """Store ``{payslip: sheet}`` on both sides, untracked, with one UPDATE per table.

        OCA's per-payslip loop follows: the links are written at once rather than left to
        the ORM (20,000 assignments for 10,000 payslips, flushed 100 records a statement and,
        while pending, making each write of that loop slower: a fifth of the batch). A sheet
        freed by one payslip and taken by another in the same batch ends on the latter."""
        slip_values, sheet_values = {}, {}
        for slip, sheet in links.items():
            old = slip.iki_tukin_sheet_id.sudo()
            if old and old != sheet and old.payslip_id == slip and old.state != SHEET_PAID:
                sheet_values.setdefault(old.id, {"payslip_id": False})
            if old != sheet:
                slip_values[slip.id] = {"iki_tukin_sheet_id": sheet.id}
            if sheet.payslip_id != slip:
                sheet_values[sheet.id] = {"payslip_id": slip.id}
        bulk_update(self.sudo(), slip_values)
        bulk_update(self.env["iki.tukin.sheet"].sudo(), sheet_values)

    def _iki_tukin_unlink(self):
        """Forget the sheets of payslips that no longer pay Tukin/TPP (paid sheets stay)."""
        held = self.sudo().iki_tukin_sheet_id.filtered(
            lambda sheet: sheet.payslip_id in self and sheet.state != SHEET_PAID
        )
        held._iki_workflow_write({"payslip_id": False}, track=False)
        self.sudo().write({"iki_tukin_sheet_id": False})

    def _iki_tukin_pay_sheets(self):
        """Mark the sheets of the confirmed payslips paid (and so locked), after checking that
        each payslip still shows its sheet's net."""
        done = self.filtered(lambda s: s.state == "done" and s.iki_tukin_sheet_id)
        to_pay = self.env["iki.tukin.sheet"].sudo()
        for slip in done:
            sheet = slip.iki_tukin_sheet_id.sudo()
            net_lines = slip.line_ids.filtered(lambda line: line.code == RULE_NET)
            shown = sum(net_lines.mapped("total"))
            if not slip._iki_tukin_sheet_usable(sheet) or (
                net_lines and float_compare(shown, sheet.net, precision_rounding=1.0)
            ):
                raise UserError(
                    self.env._(
                        "The Tukin/TPP sheet of %(employee)s for %(month)s changed after "
                        "payslip %(payslip)s was computed: recompute the payslip.",
                        employee=slip.employee_id.name,
                        month=slip._iki_tukin_month_label(),
                        payslip=slip.display_name,
                    )
                )
            if sheet.state != SHEET_PAID:
                to_pay |= sheet
        # The payslip's own rights were checked by the payroll; paying the sheet follows.
        to_pay._action_mark_paid()

    def _iki_tukin_release_sheets(self, what):
        """These payslips are now ``what`` (cancelled, set back to draft, refunded): the
        sheets they held are free for another payslip. A paid sheet goes back to confirmed, never
        silently: both the payslip and the sheet get a note."""
        Sheet = self.env["iki.tukin.sheet"].sudo()
        freed = unpaid = Sheet
        for slip in self:
            sheet = slip.iki_tukin_sheet_id.sudo()
            if sheet.payslip_id != slip:
                continue
            freed |= sheet
            if sheet.state != SHEET_PAID:
                continue
            unpaid |= sheet
            slip.message_post(
                body=self.env._(
                    "Payslip %(what)s: the Tukin/TPP sheet of %(employee)s for %(month)s is no "
                    "longer paid and goes back to confirmed.",
                    what=what,
                    employee=slip.employee_id.name,
                    month=slip._iki_tukin_month_label(),
                )
            )
            sheet.message_post(
                body=self.env._(
                    "Payslip %(payslip)s %(what)s by %(user)s: this sheet is no longer paid.",
                    payslip=slip.display_name,
                    what=what,
                    user=self.env.user.name,
                )
            )
        freed._iki_workflow_write({"payslip_id": False})
        unpaid._iki_workflow_write({"state": SHEET_CONFIRMED})
