"""When someone moves, pending approvals move with the post: a new supervisor (directly, through
the unit's manager, or through an acting-appraiser assignment) becomes the appraiser of the
pending appraisals, plans and annual evaluations, with their review activities; approved
items keep their snapshot.

March of :data:`YEAR` is open: staff_1's appraisal is submitted to sec_head, staff_2's is a
draft.
"""

import datetime

from odoo.exceptions import AccessError

from .common import YEAR
from .common_cycle import IkiCycleCommon


class TestMoves(IkiCycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_div_head = cls._new_user("iki_div_head", "base.group_user")
        cls.div_head.user_id = cls.user_div_head
        cls.period = cls._open_month(3)
        cls.appraisal_1 = cls._submit_month(cls._appraisal(cls.staff_1, cls.period), 10.0)
        cls.appraisal_2 = cls._appraisal(cls.staff_2, cls.period)
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _review_users(self, record):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.todo).user_id

    def _rate(self, appraisal, user):
        appraisal.behaviour_ids.with_user(user).write({"rating": "meets"})

    def _assignment(self, **vals):
        values = {
            "kind": "plt",
            "date_from": datetime.date(YEAR, 3, 1),
            "reason": "Kepala seksi cuti besar",
            "company_id": self.company.id,
        }
        values.update(vals)
        return self.env["iki.appraiser.assignment"].with_user(self.user_hr_officer).create(values)

    def test_fixture(self):
        self.assertEqual(self.appraisal_1.state, "submitted")
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)
        self.assertEqual(self._review_users(self.appraisal_1), self.user_sec_head)

    def test_new_supervisor_takes_the_pending_appraisals(self):
        self.staff_1.parent_id = self.sec2_head
        self.staff_2.parent_id = self.sec2_head
        for appraisal in (self.appraisal_1, self.appraisal_2):
            self.assertEqual(appraisal.appraiser_id, self.sec2_head)
            self.assertEqual(appraisal.appraiser_parent_id, self.div_head)
        self.assertEqual(self._review_users(self.appraisal_1), self.user_sec2_head)
        # The former supervisor can no longer approve (nor even see) it.
        self._rate(self.appraisal_1, self.user_sec2_head)
        with self.assertRaises(AccessError):
            self.appraisal_1.with_user(self.user_sec_head).action_approve()
        self.appraisal_1.with_user(self.user_sec2_head).action_approve()
        self.assertEqual(self.appraisal_1.state, "approved")
        self.assertFalse(self._review_users(self.appraisal_1))

    def test_approved_appraisal_keeps_its_appraiser(self):
        self._rate(self.appraisal_1, self.user_sec_head)
        self.appraisal_1.with_user(self.user_sec_head).action_approve()
        self.staff_1.parent_id = self.sec2_head
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)
        self.assertEqual(self.appraisal_2.appraiser_id, self.sec_head)  # staff_2 did not move

    def test_closed_month_keeps_its_appraiser(self):
        self._rate(self.appraisal_1, self.user_sec_head)
        self.appraisal_1.with_user(self.user_sec_head).action_approve()
        self._close()
        self.staff_2.parent_id = self.sec2_head
        self.assertTrue(self.appraisal_2.is_missing)
        self.assertEqual(self.appraisal_2.appraiser_id, self.sec_head)

    def test_moved_supervisor_changes_the_appraisers_supervisor(self):
        # The section head now reports to the agency head: staff_1's appraiser is unchanged,
        # the appraiser's supervisor (who handles objections) follows.
        self.sec_head.parent_id = self.head_a
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)
        self.assertEqual(self.appraisal_1.appraiser_parent_id, self.head_a)
        self.assertEqual(self._review_users(self.appraisal_1), self.user_sec_head)

    def test_new_unit_manager(self):
        # A new head of the section: the unit's staff follow the post (core hr rewrites the
        # managers of the staff whose manager was the former head).
        self.section.manager_id = self.sec_head
        self.section.manager_id = self.sec2_head
        self.assertEqual(self.staff_1.parent_id, self.sec2_head)
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec2_head)
        self.assertEqual(self._review_users(self.appraisal_1), self.user_sec2_head)

    def test_submitted_plan_moves(self):
        revision = self.plan_1.with_user(self.user_employee)._action_revise()
        revision.with_user(self.user_employee).action_submit()
        self.assertEqual(revision.appraiser_id, self.sec_head)
        self.staff_1.parent_id = self.sec2_head
        self.assertEqual(revision.appraiser_id, self.sec2_head)
        self.assertEqual(revision.appraiser_parent_id, self.div_head)
        self.assertEqual(self._review_users(revision), self.user_sec2_head)
        with self.assertRaises(AccessError):
            revision.with_user(self.user_sec_head).action_approve()
        revision.with_user(self.user_sec2_head).action_approve()
        self.assertEqual(revision.state, "approved")
        # The approved plan it revised keeps its appraiser.
        self.assertEqual(self.plan_1.appraiser_id, self.sec_head)

    def test_pending_annual_evaluation_moves(self):
        Annual = self.env["iki.appraisal.annual"]
        with Annual._iki_workflow():
            annual = Annual.sudo().create(
                {
                    "employee_id": self.staff_1.id,
                    "year": YEAR - 1,
                    "company_id": self.company.id,
                    "appraiser_id": self.sec_head.id,
                    "appraiser_parent_id": self.div_head.id,
                }
            )
        self.staff_1.parent_id = self.sec2_head
        self.assertEqual(annual.appraiser_id, self.sec2_head)

    def test_acting_appraiser_takes_over_and_hands_back(self):
        assignment = self._assignment(
            appraiser_id=self.div_head.id, replaced_employee_id=self.sec_head.id
        )
        self.assertEqual(self.appraisal_1.appraiser_id, self.div_head)
        self.assertEqual(self.appraisal_1.appraiser_parent_id, self.head_a)
        self.assertEqual(self.appraisal_2.appraiser_id, self.div_head)
        self.assertEqual(self._review_users(self.appraisal_1), self.user_div_head)
        with self.assertRaises(AccessError):
            self.appraisal_1.with_user(self.user_sec_head).action_approve()
        # The assignment ends early (archived): the pending items go back to the section head.
        assignment.with_user(self.user_hr_officer).active = False
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)
        self.assertEqual(self.appraisal_1.appraiser_parent_id, self.div_head)
        self.assertEqual(self._review_users(self.appraisal_1), self.user_sec_head)

    def test_future_assignment_changes_nothing_yet(self):
        self._assignment(
            appraiser_id=self.div_head.id,
            replaced_employee_id=self.sec_head.id,
            date_from=datetime.date(YEAR, 4, 1),
        )
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)

    def test_named_appraisees_assignment_then_deleted(self):
        assignment = self._assignment(
            kind="delegation",
            appraiser_id=self.sec2_head.id,
            employee_ids=[(6, 0, self.staff_1.ids)],
        )
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec2_head)
        self.assertEqual(self.appraisal_2.appraiser_id, self.sec_head)
        assignment.with_user(self.user_hr_officer).unlink()
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)
