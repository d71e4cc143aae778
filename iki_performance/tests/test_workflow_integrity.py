"""Workflow integrity (issue 8, classes 1, 2, 3 and 5): one guard for every workflow record, the
declared state moves, nobody decides on his own record, approved means frozen (with the explicit
correction action), and the chatter of every audit-relevant change, whatever path wrote it.

Every refusal runs as the least-privileged user who could try it, with the context keys and
fields a hostile client can send, and checks that nothing changed."""

from odoo.exceptions import AccessError, UserError

from .common import TODAY, YEAR
from .common_appraisal import IkiAppraisalCommon

# What a client can put in the context of any RPC call.
HOSTILE = {
    "iki_appraisal_workflow": True,
    "iki_plan_workflow": True,
    "iki_annual_workflow": True,
    "iki_period_workflow": True,
    "iki_tukin_sheet_workflow": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "install_mode": True,
}


class TestWorkflowGuard(IkiAppraisalCommon):
    def setUp(self):
        super().setUp()
        # A new transaction, as for a user coming back after the month opened: the chatter
        # does not track records created in the same transaction (mail.thread discards them).
        self.env.flush_all()
        self.env.cr.precommit.clear()

    def _tracked(self, record, fname):
        """``(old, new)`` character values of the tracking rows of ``fname`` on ``record``."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # the ORM's field tracking is logged before the commit
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", record._name),
                    ("mail_message_id.res_id", "=", record.id),
                    ("field_id.name", "=", fname),
                ],
                order="id",
            )
        )
        return [(v.old_value_char, v.new_value_char) for v in values]

    # ------------------------------------------------------------------
    # 1. One guard, declared transitions, no deletion of decided records
    # ------------------------------------------------------------------
    def test_hr_cannot_close_a_month_by_writing_its_state(self):
        period = self.period.with_user(self.user_hr_officer).with_context(**HOSTILE)
        with self.assertRaises(AccessError):
            period.write({"state": "closed"})
        self.assertEqual(self.period.state, "open")
        self.assertFalse(self.env["iki.org.result"].search([("period_id", "=", self.period.id)]))

    def test_hr_cannot_reopen_a_month_by_writing_its_state(self):
        self._close()
        period = self.period.with_user(self.user_hr_officer).with_context(**HOSTILE)
        with self.assertRaises(AccessError):
            period.write({"state": "open", "reopen_reason": "x"})
        self.assertEqual(self.period.state, "closed")

    def test_sudo_does_not_open_the_guard(self):
        # Server code too must go through the actions (or say so with _iki_workflow).
        with self.assertRaises(AccessError):
            self.appraisal_1.sudo().write({"predicate": "sangat_baik"})
        self.assertFalse(self.appraisal_1.predicate)

    def test_state_moves_only_along_declared_transitions(self):
        # Even the workflow's own code cannot jump from draft to approved.
        with self.assertRaisesRegex(UserError, "cannot go from"):
            self.appraisal_1._iki_workflow_write({"state": "approved"})
        self.assertEqual(self.appraisal_1.state, "draft")
        plan = self._make_plan(self.staff_2, [(self.ind_staff2, 100.0)], year=YEAR + 1)
        with self.assertRaisesRegex(UserError, "cannot go from"):
            plan._iki_workflow_write({"state": "superseded"})
        self.assertEqual(plan.state, "draft")

    def test_employee_cannot_create_workflow_records(self):
        Line = self.env["iki.appraisal.line"].with_user(self.user_employee).with_context(**HOSTILE)
        before = len(self.appraisal_1.line_ids)
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "appraisal_id": self.appraisal_1.id,
                    "plan_line_id": self.appraisal_1.line_ids[0].plan_line_id.id,
                }
            )
        Result = self.env["iki.org.result"].with_user(self.user_hr_officer).with_context(**HOSTILE)
        with self.assertRaises(AccessError):
            Result.create({"period_id": self.period.id, "department_id": self.section.id})
        self.assertEqual(len(self.appraisal_1.line_ids), before)

    def test_submitted_or_decided_records_are_never_deleted(self):
        self._submit_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            self.appraisal_1.with_user(self.user_hr_officer).with_context(**HOSTILE).unlink()
        with self.assertRaises(UserError):
            self.appraisal_1.line_ids[:1].with_user(self.user_hr_officer).unlink()
        self.assertTrue(self.appraisal_1.exists())
        self.assertEqual(len(self.appraisal_1.line_ids), 3)

    # ------------------------------------------------------------------
    # 2. Nobody decides on his own record
    # ------------------------------------------------------------------
    def test_hr_officer_cannot_rate_nor_approve_his_own_appraisal(self):
        self.staff_2.user_id = self.user_hr_officer  # the HR officer is staff_2
        own = self.appraisal_2
        self._submit_appraisal(own, user=self.user_hr_officer)
        rows = own.behaviour_ids.with_user(self.user_hr_officer).with_context(**HOSTILE)
        with self.assertRaises(AccessError):
            rows.write({"rating": "above"})
        with self.assertRaises(AccessError):
            own.with_user(self.user_hr_officer).with_context(**HOSTILE).action_approve()
        with self.assertRaises(AccessError):
            own.with_user(self.user_hr_officer).write(
                {"behaviour_rating_override": "above", "behaviour_override_reason": "x"}
            )
        self.assertEqual(own.state, "submitted")
        self.assertFalse(own.predicate)
        self.assertFalse(any(own.behaviour_ids.mapped("rating")))

    def test_acting_official_for_his_own_supervisor_is_not_his_own_appraiser(self):
        # staff_1 stands in (Plt) for his own supervisor sec_head.
        self.env["iki.appraiser.assignment"].create(
            {
                "kind": "plt",
                "appraiser_id": self.staff_1.id,
                "replaced_employee_id": self.sec_head.id,
                "date_from": TODAY,
                "reason": "Cuti besar",
                "company_id": self.company.id,
            }
        )
        resolved = (self.staff_1 | self.staff_2)._iki_get_appraisers(TODAY)
        # His own appraiser is the level above the official he replaces; his colleague's is him.
        self.assertEqual(resolved[self.staff_1.id][0], self.div_head)
        self.assertEqual(resolved[self.staff_2.id][0], self.staff_1)
        self._submit_appraisal(self.appraisal_1)
        self.assertEqual(self.appraisal_1.appraiser_id, self.div_head)
        with self.assertRaises(AccessError):
            self._approve_appraisal(self.appraisal_1, user=self.user_employee)
        self.assertEqual(self.appraisal_1.state, "submitted")

    def test_nobody_up_the_chain_falls_back_to_the_hr_manager(self):
        hr_manager = self._make_employee(
            "Kepala BKPSDMD", self.province, user_id=self.user_hr_manager.id
        )
        lonely = self._make_employee(
            "Pegawai Tanpa Atasan", self.env["hr.department"], company_id=self.company.id
        )
        appraiser, _above = lonely._iki_get_appraiser(TODAY)
        self.assertEqual(appraiser, hr_manager)
        # ... but never himself.
        self.assertNotEqual(hr_manager._iki_get_appraiser(TODAY)[0], hr_manager)

    def test_assignment_making_someone_his_own_appraiser_refused(self):
        Assignment = self.env["iki.appraiser.assignment"].with_user(self.user_hr_officer)
        with self.assertRaises(UserError):
            Assignment.create(
                {
                    "kind": "delegation",
                    "appraiser_id": self.staff_1.id,
                    "employee_ids": [(6, 0, (self.staff_1 | self.staff_2).ids)],
                    "date_from": TODAY,
                    "reason": "x",
                    "company_id": self.company.id,
                }
            )

    def test_plan_revision_approved_by_hr_after_edits_of_both_versions(self):
        plan = self._make_plan(self.staff_2, [(self.ind_staff2, 100.0)], year=YEAR + 1)
        v1 = self._approve(plan)
        v2 = v1.browse(self._as_user(v1, self.user_hr_officer).action_revise()["res_id"])
        # HR wrote the revision last, the appraiser the first version: both orders of the
        # pending writes must supersede before approving.
        v2.with_user(self.user_hr_officer).line_ids[:1].write({"weight": 100.0})
        v1.with_user(self.user_hr_officer).message_post(body="catatan")
        self._submit(v2)
        self._as_user(v2, self.user_hr_officer).action_approve()
        self.assertEqual((v1.state, v2.state), ("superseded", "approved"))

    def test_hr_cannot_approve_his_own_plan(self):
        self.staff_2.user_id = self.user_hr_officer
        plan = self._make_plan(
            self.staff_2, [(self.ind_staff2, 100.0)], year=YEAR + 1, user=self.user_hr_officer
        )
        self._submit(plan)
        with self.assertRaises(AccessError):
            plan.with_user(self.user_hr_officer).with_context(**HOSTILE).action_approve()
        self.assertEqual(plan.state, "submitted")

    # ------------------------------------------------------------------
    # 3. Approved means frozen; the correction is an explicit action
    # ------------------------------------------------------------------
    def test_appraiser_cannot_change_an_approved_appraisal(self):
        self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(self.appraisal_1)
        predicate = self.appraisal_1.predicate
        appraiser = self.appraisal_1.with_user(self.user_sec_head).with_context(**HOSTILE)
        for vals in (
            {"behaviour_rating_override": "below", "behaviour_override_reason": "x"},
            {"work_rating_override": "below", "work_override_reason": "x"},
            {"has_innovation": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                appraiser.write(vals)
        with self.assertRaises(UserError):
            self.appraisal_1.behaviour_ids[:1].with_user(self.user_sec_head).write(
                {"rating": "below"}
            )
        self.assertEqual(self.appraisal_1.predicate, predicate)
        self.assertEqual(set(self.appraisal_1.behaviour_ids.mapped("rating")), {"meets"})

    def test_reopen_for_correction_then_approve_again(self):
        self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(self.appraisal_1)
        wizard = self.env["iki.correction.wizard"].with_user(self.user_sec_head)
        with self.assertRaises(UserError):  # a reason is required
            wizard.create(
                {"res_model": "iki.appraisal", "res_ids": str(self.appraisal_1.ids), "reason": " "}
            ).action_confirm()
        self.assertEqual(self.appraisal_1.state, "approved")
        wizard.create(
            {
                "res_model": "iki.appraisal",
                "res_ids": str(self.appraisal_1.ids),
                "reason": "Salah nilai perilaku",
            }
        ).action_confirm()
        self.assertEqual(self.appraisal_1.state, "submitted")
        bodies = self.appraisal_1.message_ids.mapped("body")
        self.assertTrue(any("Salah nilai perilaku" in body for body in bodies))
        self._rate(self.appraisal_1, "above")
        self.appraisal_1.with_user(self.user_sec_head).action_approve()
        self.assertEqual(self.appraisal_1.behaviour_rating, "above")

    def test_correction_refused_to_the_employee_and_in_a_closed_month(self):
        self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(self.appraisal_1)
        with self.assertRaises(AccessError):
            self.appraisal_1.with_user(self.user_employee)._action_reopen_for_correction("x")
        self._close()
        with self.assertRaises(UserError):
            self.appraisal_1.with_user(self.user_hr_officer)._action_reopen_for_correction("x")
        self.assertEqual(self.appraisal_1.state, "approved")

    def test_employee_cannot_loosen_the_evidence_rules_of_his_plan_line(self):
        plan = self._make_plan(
            self.staff_1, [(self.ind_staff_a, 100.0)], year=YEAR + 1, user=self.user_employee
        )
        line = plan.line_ids.with_user(self.user_employee).with_context(**HOSTILE)
        required = line.evidence_required
        with self.assertRaises(AccessError):
            line.write({"evidence_required": False, "evidence_file_types": "exe,html"})
        self.assertEqual(plan.line_ids.evidence_required, required)
        self.assertNotIn("exe", plan.line_ids.evidence_file_types or "")

    def test_agency_admin_cannot_move_a_plan_out_of_his_agency(self):
        plan = self._make_plan(self.staff_2, [(self.ind_staff2, 100.0)], year=YEAR + 1)
        admin_plan = plan.with_user(self.user_agency_admin).with_context(**HOSTILE)
        with self.assertRaises(AccessError):
            admin_plan.write({"department_id": self.agency_b.id})
        self.assertEqual(plan.department_id, self.section)

    # ------------------------------------------------------------------
    # 5. The chatter of every audit-relevant change
    # ------------------------------------------------------------------
    def test_ratings_and_predicate_reach_the_chatter_despite_a_silencing_context(self):
        self._submit_appraisal(self.appraisal_1)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the employee's request ends; the appraiser's begins
        user = self._appraiser_user_of(self.appraisal_1)
        rows = self.appraisal_1.behaviour_ids.with_user(user).with_context(**HOSTILE)
        rows.write({"rating": "meets"})
        self.appraisal_1.with_user(user).with_context(**HOSTILE).action_approve()
        self.assertEqual(self.appraisal_1.predicate, "baik")
        self.assertEqual(self._tracked(self.appraisal_1, "predicate"), [("", "Baik")])
        self.assertTrue(self._tracked(self.appraisal_1, "behaviour_rating"))
        self.assertIn(("Submitted", "Approved"), self._tracked(self.appraisal_1, "state"))
        approvals = self.appraisal_1.message_ids.filtered(
            lambda m: "Approved: work achievement" in (m.body or "")
        )
        self.assertEqual(len(approvals), 1)

    def test_close_logs_missing_submissions_and_the_month(self):
        self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(self.appraisal_1)
        self._close()
        self.assertEqual(self._tracked(self.period, "state"), [("Open", "Closed")])
        missing = self.appraisal_3
        self.assertTrue(missing.is_missing)
        self.assertTrue(self._tracked(missing, "is_missing"))
