"""Who sees and does what on monthly appraisals: employees their own draft or returned
appraisals, appraisers those they appraise, agency administrators their agency, HR the
company; never another company. Each check runs as the least-privileged user concerned."""

from odoo.exceptions import AccessError, UserError

from .common import YEAR
from .common_appraisal import MONTH, IkiAppraisalCommon


class TestAppraisalAccess(IkiAppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Appraisal = cls.env["iki.appraisal"]
        # company_2: emp_c2 appraised by a head of agency, an approved plan and an open March.
        cls.head_c2 = cls._make_employee("Kepala Dinas Lain", cls.agency_c2)
        cls.emp_c2.parent_id = cls.head_c2
        plan_c2 = cls._make_month_plan(cls.emp_c2, [(cls.ind_c2, 100.0, "utama", 3.0)])
        cls._submit(plan_c2)
        plan_c2.action_approve()  # as the superuser (HR manager of every company)
        cls.period_c2 = cls._open_month(MONTH, company=cls.company_2)
        cls.appraisal_c2 = cls._appraisal(cls.emp_c2, cls.period_c2)

    def _visible(self, user):
        return self.Appraisal.with_user(user).search([])

    # ------------------------------------------------------------------
    # Employees
    # ------------------------------------------------------------------
    def test_employee_sees_only_their_own(self):
        self.assertEqual(self._visible(self.user_employee), self.appraisal_1)
        Line = self.env["iki.appraisal.line"].with_user(self.user_employee)
        self.assertEqual(Line.search([]), self.appraisal_1.line_ids)
        Behaviour = self.env["iki.appraisal.behaviour"].with_user(self.user_employee)
        self.assertEqual(Behaviour.search([]), self.appraisal_1.behaviour_ids)

    def test_employee_cannot_read_a_colleague(self):
        with self.assertRaises(AccessError):
            self.appraisal_2.with_user(self.user_employee).read(["achievement"])
        with self.assertRaises(AccessError):
            self.appraisal_2.line_ids[0].with_user(self.user_employee).read(["realization"])
        with self.assertRaises(AccessError):
            self.appraisal_2.behaviour_ids[0].with_user(self.user_employee).read(["rating"])

    def test_employee_cannot_write_a_colleague(self):
        line = self.appraisal_2.line_ids.with_user(self.user_employee)
        with self.assertRaises(AccessError):
            line.write({"realization": 5.0})
        with self.assertRaises(AccessError):
            self.appraisal_2.with_user(self.user_employee).action_submit()
        self.assertFalse(self.appraisal_2.line_ids.realization_entered)

    def test_employee_edits_own_draft_and_returned_only(self):
        line = self._line(self.appraisal_1, self.ind_staff_a).with_user(self.user_employee)
        line.write({"realization": 9.0, "note": "Laporan Maret"})
        self._submit_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            line.write({"realization": 8.0})
        self.appraisal_1.with_user(self.user_sec_head)._action_return(feedback="Perbaiki")
        line.write({"realization": 8.0})
        self.assertEqual(line.realization, 8.0)
        self.appraisal_1.with_user(self.user_employee).action_submit()
        self._approve_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            line.write({"realization": 10.0})
        self.assertEqual(line.realization, 8.0)

    def test_employee_cannot_write_results_status_or_targets(self):
        own = self.appraisal_1.with_user(self.user_employee)
        with self.assertRaises(UserError):
            own.write({"achievement": 120.0})
        with self.assertRaises(UserError):
            own.write({"state": "approved"})
        with self.assertRaises(UserError):
            own.write({"predicate": "sangat_baik"})
        line = own.line_ids[0]
        with self.assertRaises(UserError):
            line.write({"target": 1.0})
        with self.assertRaises(UserError):
            line.write({"achievement": 120.0})
        self.assertEqual(self.appraisal_1.state, "draft")

    def test_employee_cannot_rewrite_the_workflow_or_the_snapshots(self):
        own = self.appraisal_1.with_user(self.user_employee)
        april = self._open_month(MONTH + 1)
        cases = {
            "appraiser_id": self.sec2_head.id,
            "approved_by_id": self.user_employee.id,
            "is_late": True,
            "submitted_date": "2025-03-01 08:00:00",
            "period_id": april.id,
            "plan_id": self.plan_2.id,
            "department_id": self.agency_b.id,
        }
        for field, value in cases.items():
            with self.subTest(field=field), self.assertRaises(UserError):
                own.write({field: value})
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)
        self.assertEqual(self.appraisal_1.period_id, self.period)

    def test_employee_cannot_rate_or_approve_themselves(self):
        own = self._submit_appraisal(self.appraisal_1).with_user(self.user_employee)
        with self.assertRaises(AccessError):
            own.behaviour_ids[0].write({"rating": "above"})
        with self.assertRaises(AccessError):
            own.write({"work_rating_override": "above", "work_override_reason": "Saya hebat"})
        with self.assertRaises(AccessError):
            own.write({"has_innovation": True})
        self._rate(self.appraisal_1, "above")
        with self.assertRaises(AccessError):
            own.action_approve()
        self.assertEqual(self.appraisal_1.state, "submitted")

    def test_a_supervisor_cannot_approve_their_own_appraisal(self):
        # The section head is an appraiser, but of others: his own goes to his supervisor.
        own = self._submit_appraisal(self.appraisal_sec)
        self._rate(own, "above", user=self.user_hr_officer)
        with self.assertRaises(AccessError):
            own.with_user(self.user_sec_head).action_approve()
        self.assertEqual(own.state, "submitted")

    def test_employee_cannot_return_own(self):
        own = self._submit_appraisal(self.appraisal_1).with_user(self.user_employee)
        with self.assertRaises(AccessError):
            own._action_return(feedback="Tarik kembali")

    # ------------------------------------------------------------------
    # Appraisers
    # ------------------------------------------------------------------
    def test_appraiser_sees_own_and_appraisees(self):
        self.assertEqual(
            self._visible(self.user_sec_head),
            self.appraisal_1 | self.appraisal_2 | self.appraisal_sec,
        )
        self.assertEqual(self._visible(self.user_sec2_head), self.appraisal_3)

    def test_appraiser_cannot_read_others(self):
        with self.assertRaises(AccessError):
            self.appraisal_3.with_user(self.user_sec_head).read(["achievement"])

    def test_appraiser_acts_only_on_those_appraised(self):
        a3 = self._submit_appraisal(self.appraisal_3)
        with self.assertRaises(AccessError):
            a3.behaviour_ids[0].with_user(self.user_sec_head).write({"rating": "above"})
        with self.assertRaises(AccessError):
            a3.with_user(self.user_sec_head).action_approve()
        with self.assertRaises(AccessError):
            a3.with_user(self.user_sec_head)._action_return(feedback="Perbaiki")
        self._approve_appraisal(a3, user=self.user_sec2_head)
        self.assertEqual(a3.state, "approved")

    def test_appraiser_does_not_enter_the_realisation(self):
        line = self.appraisal_1.line_ids[0].with_user(self.user_sec_head)
        with self.assertRaises(AccessError):
            line.write({"realization": 10.0})

    def test_appraiser_rates_only_once_submitted(self):
        with self.assertRaises(UserError):
            self.appraisal_1.behaviour_ids[0].with_user(self.user_sec_head).write(
                {"rating": "below"}
            )
        with self.assertRaises(UserError):
            self.appraisal_1.with_user(self.user_sec_head).write(
                {"work_rating_override": "below", "work_override_reason": "Terlambat"}
            )
        self.assertFalse(any(self.appraisal_1.behaviour_ids.mapped("rating")))

    def test_appraiser_comments_on_a_line(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        line = a1.line_ids[0]
        line.with_user(self.user_sec_head).write({"feedback": "Lampirkan daftar hadir"})
        self.assertEqual(line.feedback, "Lampirkan daftar hadir")
        with self.assertRaises(AccessError):
            line.with_user(self.user_employee).write({"feedback": "Sudah"})

    # ------------------------------------------------------------------
    # Agency administrators and HR
    # ------------------------------------------------------------------
    def test_agency_admin_sees_own_agency_only(self):
        self.assertEqual(
            self._visible(self.user_agency_admin),
            self.appraisal_1 | self.appraisal_2 | self.appraisal_3 | self.appraisal_sec,
        )
        with self.assertRaises(AccessError):
            self.appraisal_b.with_user(self.user_agency_admin).read(["achievement"])

    def test_agency_admin_enters_for_staff_of_the_agency(self):
        # staff_2 has no user: the agency administrator enters and submits on his behalf.
        a2 = self._submit_appraisal(self.appraisal_2, user=self.user_agency_admin)
        self.assertEqual(a2.state, "submitted")
        with self.assertRaises(AccessError):
            self.appraisal_b.line_ids.with_user(self.user_agency_admin).write({"realization": 1.0})

    def test_agency_admin_cannot_approve(self):
        a2 = self._submit_appraisal(self.appraisal_2, user=self.user_agency_admin)
        self._rate(a2, "meets")
        with self.assertRaises(AccessError):
            a2.with_user(self.user_agency_admin).action_approve()

    def test_hr_sees_the_whole_company(self):
        self.assertEqual(self._visible(self.user_hr_officer), self.period.appraisal_ids)

    def test_months_opened_and_closed_by_hr_only(self):
        with self.assertRaises(AccessError):
            self.env["iki.period"].with_user(self.user_employee).create(
                {"year": YEAR, "month": MONTH + 1, "company_id": self.company.id}
            )
        with self.assertRaises(AccessError):
            self.period.with_user(self.user_agency_admin).write({"allow_late_submission": False})
        with self.assertRaises(UserError):
            self.period.with_user(self.user_agency_admin).action_close()
        # Everybody reads the month.
        self.assertEqual(self.period.with_user(self.user_employee).state, "open")

    def test_portal_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.appraisal_1.with_user(self.user_portal).read(["achievement"])

    # ------------------------------------------------------------------
    # Companies
    # ------------------------------------------------------------------
    def test_company_isolation(self):
        self.assertTrue(self.appraisal_c2)
        self.assertEqual(self._visible(self.user_c2), self.appraisal_c2)
        self.assertNotIn(self.appraisal_c2, self._visible(self.user_hr_officer))
        with self.assertRaises(AccessError):
            self.appraisal_c2.with_user(self.user_hr_officer).read(["achievement"])
        with self.assertRaises(AccessError):
            self.period_c2.with_user(self.user_hr_officer).read(["state"])
        with self.assertRaises(AccessError):
            self.appraisal_1.with_user(self.user_c2).read(["achievement"])
        with self.assertRaises(AccessError):
            self.period_c2.with_user(self.user_hr_officer).action_close()
        self.assertEqual(self.period_c2.state, "open")

    def test_months_are_per_company(self):
        self.assertEqual(self.period_c2.rule_set_id.company_id, self.company_2)
        self.assertEqual(self.period_c2.appraisal_ids, self.appraisal_c2)
        self.assertEqual(self.period.appraisal_ids.company_id, self.company)
