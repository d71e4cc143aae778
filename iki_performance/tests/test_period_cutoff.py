"""A month closes after its submission cut-off: before it the close is refused, unless HR
forces it with a written reason (people who had not submitted are then not recorded as missing
unless the month's rules say so); the cut-off comes from the rule set whatever the plans.

Time is frozen on 15 March (:data:`~.common.NOW`); March's cut-off is :data:`CUTOFF` (5 April).
"""

import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import YEAR
from .common_appraisal import CUTOFF, CUTOFF_DAY, IkiAppraisalCommon

REASON = "Anggaran TPP harus diajukan sebelum tanggal 3"
# What a hostile client may send with the call: context keys that once opened the guard.
HOSTILE_CONTEXT = {"iki_period_workflow": True, "force_close": True, "force_reason": REASON}


def at(day):
    """Freeze the clock at 09:00 UTC on ``day``."""
    return freeze_time(datetime.datetime.combine(day, datetime.time(9, 0)))


class TestCloseCutoff(IkiAppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["iki.period.close.wizard"]

    def _approve_staff_1(self):
        values = {self.ind_staff_a: 9.0, self.ind_staff_b: 25.0, self.ind_staff_c: 2.0}
        return self._approve_appraisal(self._submit_appraisal(self.appraisal_1, values))

    def _force_close(self, reason=REASON, user=None):
        wizard = self.Wizard.with_user(user or self.user_hr_officer).create(
            {"period_id": self.period.id, "reason": reason}
        )
        return wizard.action_confirm()

    def _org_results(self):
        return self.env["iki.org.result"].search([("period_id", "=", self.period.id)])

    def _assert_still_open(self):
        self.assertEqual(self.period.state, "open")
        self.assertFalse(self.period.closed_date)
        self.assertFalse(self.period.forced_close_reason)
        self.assertFalse(any(self.period.appraisal_ids.mapped("is_missing")))
        self.assertFalse(self._org_results())

    # ------------------------------------------------------------------
    # Refused before the cut-off
    # ------------------------------------------------------------------
    def test_close_before_cutoff_refused_with_the_date(self):
        self._approve_staff_1()
        self._realise(self.appraisal_2, {self.ind_staff2: 5.0})
        period = self.period.with_user(self.user_hr_officer).with_context(**HOSTILE_CONTEXT)
        with self.assertRaises(UserError) as caught:
            period.action_close()
        self.assertIn(str(CUTOFF), str(caught.exception))
        self.assertIn(self.period.name, str(caught.exception))
        self._assert_still_open()
        self.assertEqual(self.appraisal_2.achievement, 5.0 / 5.0 * 100)

    def test_close_on_the_cutoff_day_refused(self):
        # The employees may submit on the cut-off day itself.
        with at(CUTOFF), self.assertRaises(UserError) as caught:
            self.period.with_user(self.user_hr_officer).action_close()
        self.assertIn(str(CUTOFF), str(caught.exception))
        self._assert_still_open()

    def test_close_button_before_the_cutoff_opens_the_wizard(self):
        period = self.period.with_user(self.user_hr_officer)
        self.assertFalse(period.is_cutoff_passed)
        action = period.action_close_wizard()
        self.assertEqual(action["res_model"], "iki.period.close.wizard")
        self.assertEqual(action["context"], {"default_period_id": self.period.id})
        with at(CUTOFF + datetime.timedelta(days=1)):
            self.period.invalidate_recordset(["is_cutoff_passed"])
            self.assertTrue(period.is_cutoff_passed)
        with self.assertRaises(UserError):
            self.period.with_user(self.user_agency_admin).action_close_wizard()

    # ------------------------------------------------------------------
    # Forced by HR with a reason
    # ------------------------------------------------------------------
    def test_forced_close_with_a_reason(self):
        a1 = self._approve_staff_1()
        # staff_2 entered his work and had until the cut-off to submit it.
        self._realise(self.appraisal_2, {self.ind_staff2: 5.0})
        self._force_close()
        self.assertEqual(self.period.state, "closed")
        self.assertEqual(self.period.forced_close_reason, REASON)
        self.assertEqual(self.period.closed_by_id, self.user_hr_officer)
        body = " ".join(self.period.message_ids.mapped("body"))
        self.assertIn(REASON, body)
        self.assertIn(str(CUTOFF), body)
        self.assertIn(self.user_hr_officer.name, body)
        # Policy off (the default): nobody is recorded as missing, the work entered counts.
        self.assertFalse(self.rule_set.early_close_marks_missing)
        self.assertFalse(any(self.period.appraisal_ids.mapped("is_missing")))
        self.assertEqual(self.appraisal_2.state, "draft")
        self.assertEqual(self.appraisal_2.achievement, 5.0 / 5.0 * 100)
        self.assertEqual(a1.state, "approved")
        self.assertTrue(self._org_results())

    def test_forced_close_marks_missing_when_the_rules_say_so(self):
        self.rule_set.early_close_marks_missing = True
        self._approve_staff_1()
        self._realise(self.appraisal_2, {self.ind_staff2: 5.0})
        self._force_close()
        missing = self.appraisal_2 | self.appraisal_3 | self.appraisal_sec | self.appraisal_b
        self.assertEqual(set(missing.mapped("is_missing")), {True})
        self.assertFalse(self.appraisal_1.is_missing)
        # Policy "zero": the month counts 0.
        self.assertEqual(self.appraisal_2.achievement, 0.0)

    def test_forced_close_without_a_reason_refused(self):
        for reason in ("", "   \n "):
            with self.assertRaises(UserError) as caught:
                self._force_close(reason)
            self.assertIn(str(CUTOFF), str(caught.exception))
        with self.assertRaises(UserError):
            self.period.with_user(self.user_hr_officer).with_context(
                **HOSTILE_CONTEXT
            )._action_close(force_reason=" ")
        self._assert_still_open()

    def test_forced_close_needs_hr(self):
        with self.assertRaises(AccessError):
            self._force_close(user=self.user_agency_admin)
        with self.assertRaises(AccessError):
            self._force_close(user=self.user_sec_head)
        self._assert_still_open()

    # ------------------------------------------------------------------
    # After the cut-off: as before
    # ------------------------------------------------------------------
    def test_close_after_the_cutoff(self):
        self._approve_staff_1()
        with at(CUTOFF + datetime.timedelta(days=1)):
            self.period.with_user(self.user_hr_officer).action_close()
        self.assertEqual(self.period.state, "closed")
        self.assertFalse(self.period.forced_close_reason)
        missing = self.appraisal_2 | self.appraisal_3 | self.appraisal_sec | self.appraisal_b
        self.assertEqual(set(missing.mapped("is_missing")), {True})
        self.assertFalse(self.appraisal_1.is_missing)
        self.assertTrue(self._org_results())

    def test_wizard_confirmed_after_the_cutoff_closes_as_usual(self):
        with at(CUTOFF + datetime.timedelta(days=1)):
            self._force_close()
        self.assertEqual(self.period.state, "closed")
        self.assertFalse(self.period.forced_close_reason)
        self.assertTrue(self.appraisal_2.is_missing)

    def test_close_after_the_cutoff_clears_an_earlier_forced_close(self):
        self._force_close()
        self.assertFalse(self.appraisal_2.is_missing)
        self.env["iki.period.reopen.wizard"].with_user(self.user_hr_officer).create(
            {"period_id": self.period.id, "reason": "Pengajuan anggaran ditunda"}
        ).action_confirm()
        self._close()
        self.assertFalse(self.period.forced_close_reason)
        self.assertTrue(self.appraisal_2.is_missing)

    # ------------------------------------------------------------------
    # The cut-off comes from the rule set
    # ------------------------------------------------------------------
    def test_cutoff_of_a_month_without_approved_plans(self):
        # No plan of YEAR + 1 exists: opening April creates no appraisal.
        april = self._open_month_of(YEAR + 1, 4)
        self.assertFalse(april.appraisal_ids)
        self.assertEqual(april.rule_set_id, self.rule_set)
        self.assertEqual(april.cutoff_date, datetime.date(YEAR + 1, 5, CUTOFF_DAY))
        # Same rule, same date, with or without plans.
        self.assertEqual(self.period.cutoff_date, CUTOFF)
        self.rule_set.cutoff_day = 10
        may = self._open_month_of(YEAR + 1, 5)
        self.assertEqual(may.cutoff_date, datetime.date(YEAR + 1, 6, 10))

    def _open_month_of(self, year, month):
        period = (
            self.env["iki.period"]
            .with_user(self.user_hr_officer)
            .create({"year": year, "month": month, "company_id": self.company.id})
        )
        return self.env["iki.period"].browse(period.id)
