"""SKP plans: frozen copies of the targets and the workflow draft -> submitted -> approved ->
(revision) -> superseded."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import TODAY, YEAR, IkiCommon

UTAMA_A, UTAMA_B = 60.0, 40.0  # weights of the standard plan's main lines


class TestPlanLines(IkiCommon):
    def test_create_plan_with_lines(self):
        plan = self._make_standard_plan(user=self.user_employee)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.version, 1)
        self.assertEqual(plan.company_id, self.company)
        self.assertEqual(plan.agency_id, self.agency_a)
        self.assertEqual(plan.utama_weight, UTAMA_A + UTAMA_B)
        self.assertEqual(plan.line_count, 2 + 1)
        tambahan = plan.line_ids.filtered(lambda line: line.kind == "tambahan")
        self.assertEqual(tambahan.indicator_id, self.ind_staff_c)
        self.assertEqual(plan.line_ids.parent_indicator_id, self.ind_e4)
        self.assertTrue(plan.is_traced)
        self.assertIn(self.staff_1.name, plan.name)
        self.assertIn(str(YEAR), plan.name)

    def test_targets_copied_and_frozen(self):
        self.ind_staff_b.write({"target_03": 20.0, "baseline": 200.0, "unit": "berkas"})
        plan = self._make_standard_plan()
        line = plan.line_ids.filtered(lambda line: line.indicator_id == self.ind_staff_b)
        self.assertEqual(line.name, self.ind_staff_b.name)
        self.assertEqual(
            (line.unit, line.polarity, line.baseline, line.target, line.target_03),
            ("berkas", "positive", 200.0, 240.0, 20.0),
        )
        # Later edits of the cascade never rewrite the plan's copy.
        self.ind_staff_b.write({"target": 300.0, "target_03": 25.0, "unit": "dokumen"})
        self.assertEqual((line.target, line.target_03, line.unit), (240.0, 20.0, "berkas"))
        self.env.invalidate_all()
        self.assertEqual((line.target, line.target_03, line.unit), (240.0, 20.0, "berkas"))

    def test_polarity_and_range_copied(self):
        negative = self._make_indicator(
            "Keluhan", "individual", self.ind_e4, self.section, self.staff_1,
            polarity="negative", target=0.0,
        )  # fmt: skip
        in_range = self._make_indicator(
            "Waktu layanan", "individual", self.ind_e4, self.section, self.staff_1,
            polarity="range", target=80.0, target_max=90.0,
        )  # fmt: skip
        plan = self._make_plan(self.staff_1, [(negative, 50.0), (in_range, 50.0)])
        by_indicator = {line.indicator_id: line for line in plan.line_ids}
        self.assertEqual(
            (by_indicator[negative].polarity, by_indicator[negative].target), ("negative", 0.0)
        )
        self.assertEqual(
            (by_indicator[in_range].polarity, by_indicator[in_range].target_max), ("range", 90.0)
        )

    def test_line_targets_editable_in_draft(self):
        plan = self._make_standard_plan()
        line = plan.line_ids[0]
        line.target = 24.0
        plan.action_spread_all_targets()
        self.assertEqual(line.target_01, round(24.0 / 12, 2))
        self.assertEqual(line.indicator_id.target, 12.0)

    def test_same_indicator_twice_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._make_plan(self.staff_1, [(self.ind_staff_a, 50.0), (self.ind_staff_a, 50.0)])

    def test_plan_through_the_form(self):
        form = Form(self._as_user(self.env["iki.plan"], self.user_employee))
        form.employee_id = self.staff_1
        form.year = YEAR
        for indicator, weight in ((self.ind_staff_a, UTAMA_A), (self.ind_staff_b, UTAMA_B)):
            with form.line_ids.new() as line:
                line.indicator_id = indicator
                line.weight = weight
        plan = form.save()
        self.assertEqual(plan.utama_weight, UTAMA_A + UTAMA_B)
        self.assertEqual(plan.line_ids.mapped("target"), [12.0, 240.0])


class TestPlanWorkflow(IkiCommon):
    def setUp(self):
        super().setUp()
        self.plan = self._make_standard_plan(user=self.user_employee)

    def _as(self, user, plan=None):
        return self._as_user(plan or self.plan, user)

    # -- submit -----------------------------------------------------------------------------
    def test_submit_snapshots_and_schedules_activity(self):
        self._as(self.user_employee).action_submit()
        plan = self.plan
        self.assertEqual(plan.state, "submitted")
        self.assertEqual(plan.submitted_date, TODAY)
        self.assertEqual(plan.appraiser_id, self.sec_head)
        self.assertEqual(plan.appraiser_parent_id, self.div_head)
        self.assertEqual(plan.department_id, self.section)
        self.assertEqual(plan.job_id, self.job_staff)
        self.assertEqual(plan.job_title, "Pengelola Data")
        self.assertEqual(plan.appraiser_user_id, self.user_sec_head)
        activity = plan.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_sec_head)
        self.assertIn(self.staff_1.name, activity.summary)

    def test_snapshot_survives_org_changes(self):
        self._approve(self.plan)
        self.staff_1.write(
            {"parent_id": self.sec2_head.id, "department_id": self.section_2.id, "job_id": False}
        )
        self.assertEqual(
            (self.plan.appraiser_id, self.plan.department_id, self.plan.job_id),
            (self.sec_head, self.section, self.job_staff),
        )

    def test_submit_uses_acting_appraiser(self):
        self.env["iki.appraiser.assignment"].create(
            {
                "kind": "plt",
                "appraiser_id": self.sec2_head.id,
                "replaced_employee_id": self.sec_head.id,
                "date_from": TODAY,
                "date_to": TODAY,
                "reason": "Cuti",
                "company_id": self.company.id,
            }
        )
        self._as(self.user_employee).action_submit()
        self.assertEqual(self.plan.appraiser_id, self.sec2_head)
        self.assertEqual(self.plan.activity_ids.user_id, self.user_sec2_head)
        self._as(self.user_sec2_head).action_approve()
        self.assertEqual(self.plan.state, "approved")

    def test_submit_refused_when_utama_weights_are_not_100(self):
        self.plan.line_ids.filtered(lambda line: line.indicator_id == self.ind_staff_b).weight = (
            UTAMA_B - 10
        )
        with self.assertRaises(ValidationError) as caught:
            self._as(self.user_employee).action_submit()
        self.assertIn(str(UTAMA_A + UTAMA_B - 10), str(caught.exception))
        self.assertEqual(self.plan.state, "draft")

    def test_submit_refused_without_utama_line(self):
        plan = self._make_plan(self.staff_2, [(self.ind_staff2, 0.0, "tambahan")])
        with self.assertRaises(ValidationError):
            plan.action_submit()
        self.assertEqual(plan.state, "draft")

    def test_submit_refused_for_a_line_without_parent(self):
        orphan = self._make_indicator(
            "IKI tanpa induk", "individual", None, self.section, self.staff_2
        )
        plan = self._make_plan(self.staff_2, [(self.ind_staff2, 50.0), (orphan, 50.0)])
        self.assertFalse(plan.is_traced)
        with self.assertRaises(ValidationError) as caught:
            self._as_user(plan, self.user_hr_officer).action_submit()
        self.assertIn(orphan.name, str(caught.exception))
        self.assertEqual(plan.state, "draft")

    def test_submit_refused_without_appraiser(self):
        plan = self._make_plan(self.head_a, [(self.ind_opd, 100.0)])
        with self.assertRaises(UserError) as caught:
            self._as(self.user_hr_officer, plan).action_submit()
        self.assertIn(self.head_a.name, str(caught.exception))
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.appraiser_id)

    def test_submit_by_another_employee_refused(self):
        with self.assertRaises(AccessError):
            self._as(self.user_sec2_head).action_submit()
        self.assertEqual(self.plan.state, "draft")

    def test_submit_twice_refused(self):
        self._as(self.user_employee).action_submit()
        with self.assertRaises(UserError):
            self._as(self.user_employee).action_submit()

    def test_nothing_half_written_when_one_plan_of_a_batch_is_refused(self):
        # staff_2's plan is valid; the agency head's has no appraiser: the batch fails as a whole.
        good = self._make_plan(self.staff_2, [(self.ind_staff2, 100.0)])
        bad = self._make_plan(self.head_a, [(self.ind_opd, 100.0)])
        with self.assertRaises(UserError):
            self._as_user((good | bad), self.user_hr_officer).action_submit()
        self.assertEqual((good | bad).mapped("state"), ["draft", "draft"])
        self.assertFalse(good.appraiser_id)
        self.assertFalse(good.activity_ids)

    # -- approve ----------------------------------------------------------------------------
    def test_approve_by_the_appraiser(self):
        self._submit(self.plan)
        self._as(self.user_sec_head).action_approve()
        self.assertEqual(self.plan.state, "approved")
        self.assertEqual(self.plan.approved_date, TODAY)
        self.assertEqual(self.plan.approved_by_id, self.user_sec_head)
        self.assertFalse(self.plan.activity_ids)

    def test_approve_by_hr(self):
        self._submit(self.plan)
        self._as(self.user_hr_officer).action_approve()
        self.assertEqual(self.plan.approved_by_id, self.user_hr_officer)

    def test_approve_by_the_agency_admin_refused(self):
        self._submit(self.plan)
        with self.assertRaises(AccessError):
            self._as(self.user_agency_admin).action_approve()
        self.assertEqual(self.plan.state, "submitted")

    def test_approve_by_the_employee_refused(self):
        self._submit(self.plan)
        with self.assertRaises(AccessError):
            self._as(self.user_employee).action_approve()
        self.assertEqual(self.plan.state, "submitted")

    def test_approve_by_another_appraiser_refused(self):
        self._submit(self.plan)
        with self.assertRaises(AccessError):
            self._as(self.user_sec2_head).action_approve()
        self.assertEqual(self.plan.state, "submitted")

    def test_approve_a_draft_refused(self):
        with self.assertRaises(UserError):
            self._as(self.user_sec_head).action_approve()

    def test_approve_twice_refused(self):
        self._approve(self.plan)
        with self.assertRaises(UserError):
            self._as(self.user_sec_head).action_approve()
        self.assertEqual(self.plan.state, "approved")

    # -- return -----------------------------------------------------------------------------
    def test_return_requires_feedback_and_keeps_lines(self):
        self._submit(self.plan)
        lines = self.plan.line_ids
        with self.assertRaises(UserError):
            self._as(self.user_sec_head).action_return()
        self.assertEqual(self.plan.state, "submitted")
        self._as(self.user_sec_head).write({"return_reason": "   "})
        with self.assertRaises(UserError):
            self._as(self.user_sec_head).action_return()
        self._as(self.user_sec_head).write({"return_reason": "Tambahkan target kualitas."})
        self._as(self.user_sec_head).action_return()
        self.assertEqual(self.plan.state, "draft")
        self.assertEqual(self.plan.line_ids, lines)
        self.assertFalse(self.plan.activity_ids)
        # The employee edits and submits again; the feedback is cleared at submission.
        self._as(self.user_employee, lines[0]).write({"weight": lines[0].weight})
        self._as(self.user_employee).action_submit()
        self.assertEqual(self.plan.state, "submitted")
        self.assertFalse(self.plan.return_reason)

    def test_return_by_someone_else_refused(self):
        self._submit(self.plan)
        self.plan.return_reason = "Salah"
        with self.assertRaises(AccessError):
            self._as(self.user_agency_admin).action_return()
        self.assertEqual(self.plan.state, "submitted")

    # -- locks ------------------------------------------------------------------------------
    def test_approved_plan_fields_locked(self):
        self._approve(self.plan)
        with self.assertRaises(UserError):
            self._as(self.user_employee).write({"year": YEAR + 1})
        with self.assertRaises(UserError):
            self.plan.write({"employee_id": self.staff_2.id})

    def test_approved_plan_line_fields_locked(self):
        self._approve(self.plan)
        line = self.plan.line_ids[0]
        with self.assertRaises(UserError):
            self._as(self.user_employee, line).write({"target": line.target + 1})
        with self.assertRaises(UserError):
            line.write({"weight": 0.0})

    def test_approved_plan_lines_cannot_be_added(self):
        self._approve(self.plan)
        with self.assertRaises(UserError):
            self._as_user(self.env["iki.plan.line"], self.user_employee).create(
                {"plan_id": self.plan.id, "indicator_id": self.ind_staff2.id, "weight": 0.0}
            )
        with self.assertRaises(UserError):
            self.plan.write(
                {"line_ids": [(0, 0, {"indicator_id": self.ind_staff2.id, "weight": 0.0})]}
            )

    def test_approved_plan_lines_cannot_be_deleted(self):
        self._approve(self.plan)
        with self.assertRaises(UserError):
            self._as_user(self.plan.line_ids[0], self.user_employee).unlink()
        with self.assertRaises(UserError):
            self.plan.write({"line_ids": [(2, self.plan.line_ids[0].id)]})
        self.assertEqual(self.plan.line_count, 2 + 1)

    def test_approved_plan_cannot_be_deleted(self):
        self._approve(self.plan)
        with self.assertRaises(UserError):
            self.plan.unlink()

    def test_submitted_plan_locked(self):
        self._submit(self.plan)
        with self.assertRaises(UserError):
            self._as(self.user_employee).write({"department_id": self.section_2.id})
        with self.assertRaises(UserError):
            self._as(self.user_employee, self.plan.line_ids[0]).write({"weight": 10.0})
        with self.assertRaises(UserError):
            self.plan.action_spread_all_targets()

    def test_draft_plan_can_be_deleted(self):
        lines = self.plan.line_ids
        self._as(self.user_employee).unlink()
        self.assertFalse(lines.exists())

    # -- revision ---------------------------------------------------------------------------
    def test_revision_supersedes_only_when_approved(self):
        v1 = self._approve(self.plan)
        v2 = v1.browse(self._as(self.user_employee).action_revise()["res_id"])
        self.assertEqual((v2.version, v2.state, v2.previous_plan_id), (1 + 1, "draft", v1))
        self.assertFalse(v2.appraiser_id)
        self.assertEqual(len(v2.line_ids), len(v1.line_ids))
        self.assertNotEqual(v2.line_ids, v1.line_ids)
        self.assertEqual(v1.state, "approved")
        # The revision keeps v1's frozen targets, not the cascade's current ones.
        self.ind_staff_a.target = 99.0
        v2.invalidate_recordset()
        self.assertEqual(v2.line_ids.mapped("target"), v1.line_ids.mapped("target"))
        # Edit the revision, submit: v1 is still in force.
        v2.line_ids.filtered(lambda line: line.indicator_id == self.ind_staff_a).target = 13.0
        self._submit(v2)
        self.assertEqual(v1.state, "approved")
        self._as(self.user_sec_head, v2).action_approve()
        self.assertEqual((v1.state, v2.state), ("superseded", "approved"))
        # Superseded plans are history: locked.
        with self.assertRaises(UserError):
            v1.write({"year": YEAR + 1})

    def test_revision_approved_by_an_acting_appraiser(self):
        v1 = self._approve(self.plan)
        v2 = v1.browse(self._as(self.user_employee).action_revise()["res_id"])
        self.env["iki.appraiser.assignment"].create(
            {
                "kind": "plt",
                "appraiser_id": self.sec2_head.id,
                "replaced_employee_id": self.sec_head.id,
                "date_from": TODAY,
                "reason": "Cuti",
                "company_id": self.company.id,
            }
        )
        self._submit(v2)
        self.assertEqual(v2.appraiser_id, self.sec2_head)
        self._as(self.user_sec2_head, v2).action_approve()
        self.assertEqual((v1.state, v2.state), ("superseded", "approved"))
        self.assertEqual(v1.approved_by_id, self.user_sec_head)

    def test_revise_a_draft_refused(self):
        with self.assertRaises(UserError):
            self._as(self.user_employee).action_revise()

    def test_revise_by_another_employee_refused(self):
        self._approve(self.plan)
        with self.assertRaises(AccessError):
            self._as(self.user_sec2_head).action_revise()

    # -- uniqueness -------------------------------------------------------------------------
    def test_one_open_plan_per_employee_and_year(self):
        with self.assertRaisesRegex(ValidationError, "already has an open plan"):
            self._make_plan(self.staff_1, [(self.ind_staff_a, 100.0)])
        # Another year is another plan.
        other = self._make_plan(self.staff_1, [], year=YEAR + 1)
        self.assertEqual(other.state, "draft")

    def test_one_open_revision(self):
        self._approve(self.plan)
        self._as(self.user_employee).action_revise()
        with self.assertRaisesRegex(ValidationError, "already has an open plan"):
            self._as(self.user_employee).action_revise()
