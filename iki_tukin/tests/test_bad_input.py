"""Bad input on disciplinary punishments gets a clear message and changes nothing (issue 8).

Dates are sent as an RPC client sends them (strings); the HR officer, who manages punishments,
sends them. Before the checks of ``iki.input.mixin``, an impossible date reached PostgreSQL (a
raw error echoing the INSERT) and a first month of 9999-12 overflowed the computed last day.
"""

from odoo.exceptions import ValidationError

from .common import YEAR, IkiTukinCommon


class TestPunishmentBadInput(IkiTukinCommon):
    def setUp(self):
        super().setUp()
        self.Punishment = self.env["iki.tukin.punishment"].with_user(self.user_hr_officer)
        self.punishment = self.Punishment.create(
            {"name": "SK-1", "employee_id": self.emp_b.id, "date_start": f"{YEAR}-01-01"}
        )

    def _vals(self, **vals):
        return {"name": "SK-2", "employee_id": self.emp_c.id, **vals}

    def test_impossible_or_garbled_first_month_refused(self):
        count = self.Punishment.search_count([])
        for value in (f"{YEAR}-02-30", "abc", f"{YEAR}-00-10"):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as caught:
                    self.Punishment.create(self._vals(date_start=value))
                self.assertIn("SK-2", str(caught.exception))
                self.assertIn("First Month", str(caught.exception))
                self.assertIn(value, str(caught.exception))
                self.assertEqual(self.Punishment.search_count([]), count)

    def test_far_off_first_month_refused_at_create(self):
        count = self.Punishment.search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.Punishment.create(self._vals(date_start="9999-12-31"))
        self.assertIn("First Month", str(caught.exception))
        self.assertIn("9999-12-31", str(caught.exception))
        self.assertEqual(self.Punishment.search_count([]), count)

    def test_far_off_first_month_refused_at_write(self):
        with self.assertRaises(ValidationError) as caught:
            self.punishment.write({"date_start": "9999-12-31"})
        self.assertIn("SK-1", str(caught.exception))
        self.assertIn("First Month", str(caught.exception))
        self.assertEqual(str(self.punishment.date_start), f"{YEAR}-01-01")
        self.assertEqual(str(self.punishment.date_end), f"{YEAR}-06-30")

    def test_nul_in_note_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.punishment.write({"note": "Teguran\x00"})
        self.assertIn("Note", str(caught.exception))
        self.assertFalse(self.punishment.note)

    def test_cut_not_a_number_refused(self):
        before = self.punishment.cut_pct
        for value in ("12,5", float("nan")):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as caught:
                    self.punishment.write({"cut_pct": value})
                self.assertIn("Cut (%)", str(caught.exception))
                self.assertEqual(self.punishment.cut_pct, before)
