"""Closing and reopening an appraisal month: missing submissions, frozen results, refusals."""

import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .common import YEAR
from .common_appraisal import MONTH, IkiAppraisalCommon, pdf_bytes

REASON = "Koreksi realisasi setelah audit"


class PeriodCase(IkiAppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Period = cls.env["iki.period"]

    def _approve_staff_1(self, values=None):
        values = values or {self.ind_staff_a: 9.0, self.ind_staff_b: 25.0, self.ind_staff_c: 2.0}
        return self._approve_appraisal(self._submit_appraisal(self.appraisal_1, values))


class TestClose(PeriodCase):
    def test_close(self):
        a1 = self._approve_staff_1()
        results = a1.read(["achievement", "work_rating", "behaviour_rating", "predicate"])
        self._close()
        self.assertEqual(self.period.state, "closed")
        self.assertEqual(self.period.closed_by_id, self.user_hr_officer)
        self.assertEqual(self.period.closed_date, self._after_cutoff(self.period))
        self.assertFalse(self.period.forced_close_reason)
        self.assertIn("Month closed.", " ".join(self.period.message_ids.mapped("body")))
        # Approved appraisals keep their results and are not missing.
        self.assertEqual(
            a1.read(["achievement", "work_rating", "behaviour_rating", "predicate"]), results
        )
        self.assertFalse(a1.is_missing)
        self.assertTrue(self.env["iki.org.result"].search([("period_id", "=", self.period.id)]))

    def test_missing_submissions_recorded_with_achievement_zero(self):
        self._approve_staff_1()
        # staff_2 entered everything but never submitted (achievement 100 before the close).
        self._realise(self.appraisal_2, {self.ind_staff2: 5.0})
        self.assertEqual(self.appraisal_2.achievement, 100.0)
        # staff_3 submitted, was returned, and never resubmitted.
        a3 = self._submit_appraisal(self.appraisal_3)
        a3.with_user(self.user_sec2_head)._action_return(feedback="Lengkapi data")
        self._close()
        missing = self.appraisal_2 | self.appraisal_3 | self.appraisal_sec | self.appraisal_b
        self.assertEqual(set(missing.mapped("is_missing")), {True})
        self.assertFalse(self.appraisal_1.is_missing)
        # Policy "zero" (the default): the month counts 0 and is rated below expectation.
        self.assertEqual(self.period.missing_submission_policy, "zero")
        self.assertEqual(set(missing.mapped("achievement")), {0.0})
        # (The head of the section takes the unit's achievement as his work rating.)
        self.assertEqual(set((missing - self.appraisal_sec).mapped("work_rating")), {"below"})
        self.assertEqual(set(missing.mapped("state")), {"draft", "returned"})
        # The realisation entered is kept (not deleted), only not counted.
        self.assertEqual(self._line(self.appraisal_2, self.ind_staff2).realization, 5.0)

    def test_close_with_appraisals_awaiting_approval_refused(self):
        self._approve_staff_1()
        self._submit_appraisal(self.appraisal_2, user=self.user_hr_officer)
        with self.assertRaises(UserError) as caught:
            self._close()
        self.assertIn(self.staff_2.name, str(caught.exception))
        self.assertIn("1 appraisals", str(caught.exception))
        self.assertEqual(self.period.state, "open")
        self.assertFalse(self.appraisal_3.is_missing)

    def test_close_twice_refused(self):
        self._close()
        closed_date = self.period.closed_date
        with self.assertRaises(UserError):
            self._close()
        self.assertEqual(self.period.closed_date, closed_date)

    def test_close_needs_hr(self):
        with self.assertRaises(UserError):
            self.period.with_user(self.user_agency_admin).action_close()
        with self.assertRaises(UserError):
            self.period.with_user(self.user_sec_head).action_close()
        self.assertEqual(self.period.state, "open")

    def test_results_frozen_against_rule_changes(self):
        a1 = self._approve_staff_1()
        self._close()
        frozen = a1.read(["achievement", "work_rating", "skp_score", "predicate"])
        lines = a1.line_ids.read(["achievement"])
        self.rule_set.write(
            {
                "achievement_cap": 100.0,
                "tambahan_bonus_max": 0.0,
                "work_above_threshold": 200.0,
                "work_meets_threshold": 150.0,
                "predicate_method": "numeric",
            }
        )
        self.env.invalidate_all()
        self.assertEqual(a1.read(["achievement", "work_rating", "skp_score", "predicate"]), frozen)
        self.assertEqual(a1.line_ids.read(["achievement"]), lines)
        with self.assertRaises(UserError):
            a1.with_user(self.user_hr_officer).action_recompute()

    def test_results_frozen_against_plan_changes(self):
        a1 = self._approve_staff_1()
        self._close()
        frozen = a1.read(["achievement", "predicate"])
        targets = a1.line_ids.mapped("target")
        # The employee revises the plan: new weights and March targets, approved.
        revision = self.plan_1.with_user(self.user_employee)._action_revise()
        for line in revision.line_ids.with_user(self.user_employee):
            line.write({"target_03": line.target_03 * 2, "weight": 50.0 if line.weight else 0.0})
        self._approve(revision)
        self.assertEqual(self.plan_1.state, "superseded")
        self.env.invalidate_all()
        self.assertEqual(a1.plan_id, self.plan_1)
        self.assertEqual(a1.line_ids.mapped("target"), targets)
        self.assertEqual(a1.read(["achievement", "predicate"]), frozen)
        # Generating again adds nothing to a closed month.
        self.period.with_user(self.user_hr_officer).action_generate_appraisals()
        self.assertEqual(self.period.appraisal_count, 5)

    def test_closed_month_refuses_every_edit(self):
        a1 = self._approve_staff_1()
        self._close()
        hr = self.user_hr_officer
        line_2 = self._line(self.appraisal_2, self.ind_staff2)
        attachment = self.env["ir.attachment"].create(
            {"name": "telat.pdf", "raw": pdf_bytes("telat"), "res_model": "iki.period"}
        )
        with self.assertRaises(UserError):
            line_2.with_user(hr).write({"realization": 5.0})
        with self.assertRaises(UserError):
            line_2.with_user(hr).write({"attachment_ids": [(4, attachment.id)]})
        with self.assertRaises(UserError):
            line_2.with_user(hr).write({"note": "Terlambat"})
        with self.assertRaises(UserError):
            self.appraisal_2.with_user(hr).action_submit()
        with self.assertRaises(UserError):
            a1.with_user(hr).write({"feedback": "Catatan baru"})
        with self.assertRaises(UserError):
            a1.with_user(self.user_sec_head).write(
                {"work_rating_override": "above", "work_override_reason": "Koreksi"}
            )
        with self.assertRaises(UserError):
            a1.behaviour_ids[0].with_user(self.user_sec_head).write({"rating": "above"})
        with self.assertRaises(UserError):
            a1.with_user(self.user_sec_head).action_approve()
        with self.assertRaises(UserError):
            self.appraisal_2.with_user(hr).unlink()
        with self.assertRaises(UserError):
            self.period.with_user(hr).write({"cutoff_date": datetime.date(YEAR, MONTH + 1, 20)})
        with self.assertRaises(UserError):
            self.period.with_user(hr).unlink()
        result = self.env["iki.org.result"].search([("period_id", "=", self.period.id)], limit=1)
        with self.assertRaises(UserError):
            result.with_user(hr).write({"achievement": 100.0})
        self.assertEqual(line_2.realization, 0.0)
        self.assertFalse(a1.work_rating_override)

    def test_closed_month_refuses_adding_or_removing_rows(self):
        self._approve_staff_1()
        self._close()
        hr = self.user_hr_officer
        a1 = self.appraisal_1
        with self.assertRaises(UserError):
            a1.line_ids[0].with_user(hr).unlink()
        with self.assertRaises(UserError):
            self.env["iki.appraisal.line"].with_user(hr).create(
                {"appraisal_id": a1.id, "plan_line_id": self.plan_2.line_ids.id, "target": 1.0}
            )
        with self.assertRaises(UserError):
            a1.behaviour_ids[0].with_user(hr).unlink()
        with self.assertRaises(UserError):
            self.env["iki.appraisal.behaviour"].with_user(hr).create(
                {"appraisal_id": a1.id, "value_key": "extra", "rating": "above"}
            )
        result = self.env["iki.org.result"].search([("period_id", "=", self.period.id)], limit=1)
        with self.assertRaises(UserError):
            result.with_user(hr).unlink()
        self.assertEqual(len(a1.line_ids), 3)
        self.assertEqual(len(a1.behaviour_ids), 7)

    def test_empty_open_month_can_be_deleted(self):
        april = self._open_month(MONTH + 1)
        april.with_user(self.user_hr_officer).unlink()
        self.assertFalse(april.exists())

    def test_open_month_with_submissions_cannot_be_deleted(self):
        self._submit_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            self.period.with_user(self.user_hr_officer).unlink()


class TestReopen(PeriodCase):
    def test_reopen_with_a_reason(self):
        self._approve_staff_1()
        self._close()
        self._reopen(REASON)
        self.assertEqual(self.period.state, "open")
        self.assertEqual(self.period.reopen_reason, REASON)
        self.assertFalse(self.period.closed_date)
        # Logged in the chatter with who and why.
        message = self.period.message_ids[0].body
        self.assertIn(REASON, message)
        self.assertIn(self.user_hr_officer.name, message)
        # The month can change again.
        self._realise(self.appraisal_2, {self.ind_staff2: 5.0}, user=self.user_hr_officer)
        self.assertEqual(self.appraisal_2.achievement, 100.0)

    def test_reopen_without_a_reason_refused(self):
        self._close()
        wizard = (
            self.env["iki.period.reopen.wizard"]
            .with_user(self.user_hr_officer)
            .create({"period_id": self.period.id, "reason": "   "})
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(self.period.state, "closed")

    def test_reopen_an_open_month_refused(self):
        with self.assertRaises(UserError):
            self._reopen(REASON)

    def test_reopen_needs_hr(self):
        self._close()
        with self.assertRaises(AccessError):
            self.env["iki.period.reopen.wizard"].with_user(self.user_agency_admin).create(
                {"period_id": self.period.id, "reason": REASON}
            )
        self.assertEqual(self.period.state, "closed")

    def test_reopen_refused_once_used_by_payroll(self):
        self._close()
        period_model = type(self.env["iki.period"])
        with (
            patch.object(
                period_model, "_iki_in_use_reasons", lambda self: ["used by the Tukin of March"]
            ),
            self.assertRaises(UserError) as caught,
        ):
            self._reopen(REASON)
        self.assertIn("used by the Tukin of March", str(caught.exception))
        self.assertEqual(self.period.state, "closed")

    def test_close_again_after_a_late_submission(self):
        # A missing submission made good after reopening is no longer missing at the next close.
        self._approve_staff_1()
        self._close()
        self.assertTrue(self.appraisal_2.is_missing)
        self._reopen(REASON)
        a2 = self._submit_appraisal(
            self.appraisal_2, {self.ind_staff2: 4.0}, user=self.user_hr_officer
        )
        self._approve_appraisal(a2)
        self._close()
        self.assertFalse(a2.is_missing)
        self.assertEqual(a2.achievement, 4.0 / 5.0 * 100)
        self.assertTrue(self.appraisal_3.is_missing)
