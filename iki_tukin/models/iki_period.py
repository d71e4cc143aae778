from odoo import models

# How many employee names a refusal quotes.
EXAMPLES = 3


class IkiPeriod(models.Model):
    _inherit = "iki.period"

    def _iki_in_use_reasons(self):
        """A month whose Tukin/TPP went to payroll stays closed: any sheet of the month that
        is confirmed, paid or on a payslip is a reason."""
        reasons = super()._iki_in_use_reasons()
        sheets = (
            self.env["iki.tukin.sheet"]
            .sudo()
            .search(
                [
                    ("period_id", "=", self.id),
                    "|",
                    ("state", "in", ("confirmed", "paid")),
                    ("payslip_id", "!=", False),
                ]
            )
        )

        def names(subset):
            return ", ".join(subset[:EXAMPLES].mapped("employee_id.name"))

        paid = sheets.filtered(lambda s: s.state == "paid")
        if paid:
            reasons.append(
                self.env._(
                    "%(count)s Tukin/TPP sheets are paid through payroll (e.g. %(names)s)",
                    count=len(paid),
                    names=names(paid),
                )
            )
        confirmed = sheets.filtered(lambda s: s.state == "confirmed")
        if confirmed:
            reasons.append(
                self.env._(
                    "%(count)s Tukin/TPP sheets are confirmed for payroll (e.g. %(names)s)",
                    count=len(confirmed),
                    names=names(confirmed),
                )
            )
        linked = sheets - paid - confirmed
        if linked:
            reasons.append(
                self.env._(
                    "%(count)s Tukin/TPP sheets are on payslips (e.g. %(names)s)",
                    count=len(linked),
                    names=names(linked),
                )
            )
        return reasons
