"""Access rights per role: what each user may and may not read, write, create or approve.

Every check runs as the restricted user (``with_user``); one ORM call per ``assertRaises``.
"""

from odoo.exceptions import AccessError

from .common import TODAY, YEAR, IkiCommon


class IkiSecurityCommon(IkiCommon):
    """IkiCommon plus one draft plan per interesting employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_staff_1 = cls._make_standard_plan()
        cls.plan_staff_2 = cls._make_plan(cls.staff_2, [(cls.ind_staff2, 100.0)])
        cls.plan_staff_3 = cls._make_plan(cls.staff_3, [(cls.ind_staff3, 100.0)])
        cls.plan_sec_head = cls._make_plan(cls.sec_head, [(cls.ind_e4, 100.0)])
        cls.plan_staff_b = cls._make_plan(cls.staff_b, [(cls.ind_b_staff, 100.0)])
        cls.plan_c2 = cls._make_plan(cls.emp_c2, [(cls.ind_c2, 100.0)])
        cls.plans_company = (
            cls.plan_staff_1
            | cls.plan_staff_2
            | cls.plan_staff_3
            | cls.plan_sec_head
            | cls.plan_staff_b
        )

    def setUp(self):
        super().setUp()
        # Start every check from a cold cache, like a new request: values cached by the fixture
        # (read as superuser) would hide access errors raised when fetching.
        self.env.flush_all()
        self.env.invalidate_all()

    def _plans(self, user):
        """The plans ``user`` finds (record rules applied in SQL)."""
        return self._as_user(self.env["iki.plan"], user).search([])

    def _indicator_vals(self, name, level, parent, department, employee=None):
        return {
            "name": name,
            "level": level,
            "year": YEAR,
            "company_id": department.company_id.id,
            "parent_id": parent.id,
            "department_id": department.id,
            "employee_id": employee.id if employee else False,
            "target": 1.0,
        }


class TestEmployeeAccess(IkiSecurityCommon):
    def test_reads_own_plan(self):
        plan = self._as_user(self.plan_staff_1, self.user_employee)
        self.assertEqual(plan.read(["state"])[0]["state"], "draft")
        self.assertEqual(len(plan.line_ids.read(["target"])), 2 + 1)
        self.assertEqual(self._plans(self.user_employee), self.plan_staff_1)

    def test_reads_employee_records_through_the_public_profile(self):
        employee = self._as_user(self.staff_1, self.user_employee)
        self.assertEqual(employee.parent_id.parent_id, self.div_head)
        self.assertEqual(employee.department_id.iki_agency_id, self.agency_a)
        self.assertEqual(employee.parent_id.name, self.sec_head.name)

    def test_cannot_read_the_nip_nor_the_rank(self):
        with self.assertRaises(AccessError):
            self._as_user(self.staff_1, self.user_employee).read(["iki_nip"])

    def test_cannot_read_a_colleagues_plan(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_2, self.user_employee).read(["state"])

    def test_cannot_read_a_colleagues_plan_lines(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_2.line_ids, self.user_employee).read(["target"])

    def test_cannot_read_plans_of_another_company(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_c2, self.user_employee).read(["state"])

    def test_cannot_write_a_colleagues_plan(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_2, self.user_employee).write({"return_reason": "x"})

    def test_cannot_create_a_plan_for_a_colleague(self):
        with self.assertRaises(AccessError):
            self._make_plan(self.staff_2, [], year=YEAR + 1, user=self.user_employee)

    def test_creates_own_plan(self):
        plan = self._make_plan(
            self.staff_1, [(self.ind_staff_a, 100.0)], year=YEAR + 1, user=self.user_employee
        )
        self.assertEqual(plan.employee_id, self.staff_1)

    def test_cannot_approve_own_plan_by_writing_the_state(self):
        self._submit(self.plan_staff_1)
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_1, self.user_employee).write({"state": "approved"})
        self.assertEqual(self.plan_staff_1.state, "submitted")

    def test_cannot_choose_own_appraiser(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_1, self.user_employee).write(
                {"appraiser_id": self.sec2_head.id}
            )

    def test_cannot_create_an_approved_plan(self):
        with self.assertRaises(AccessError):
            self._make_plan(
                self.staff_1,
                [(self.ind_staff_a, 100.0)],
                year=YEAR + 1,
                user=self.user_employee,
                state="approved",
            )

    def test_workflow_context_does_not_unlock_an_approved_plan(self):
        # A context key is under the client's control: it must not open a locked plan.
        self._approve(self.plan_staff_1)
        plan = self._as_user(self.plan_staff_1, self.user_employee).with_context(
            iki_plan_workflow=True
        )
        with self.assertRaises(AccessError):
            plan.write({"year": YEAR + 1, "state": "draft"})
        self.assertEqual(self.plan_staff_1.state, "approved")

    def test_creates_own_individual_indicator(self):
        indicator = self._as_user(self.env["iki.indicator"], self.user_employee).create(
            self._indicator_vals(
                "IKI usulan sendiri", "individual", self.ind_e4, self.section, self.staff_1
            )
        )
        self.assertTrue(indicator.is_traced)
        indicator.write({"name": "IKI usulan sendiri (diperbaiki)"})
        self.assertEqual(indicator.name, "IKI usulan sendiri (diperbaiki)")
        # Once proposed, its target is set by the agency administrators or HR (issue 8).
        with self.assertRaises(AccessError):
            indicator.write({"target": 2.0})
        self.assertEqual(indicator.target, 1.0)

    def test_cannot_create_an_opd_indicator(self):
        vals = self._indicator_vals("IKU palsu", "opd", self.ind_rpjmd, self.agency_a, self.staff_1)
        with self.assertRaises(AccessError):
            self._as_user(self.env["iki.indicator"], self.user_employee).create(vals)

    def test_cannot_create_an_indicator_for_a_colleague(self):
        vals = self._indicator_vals(
            "IKI rekan", "individual", self.ind_e4, self.section, self.staff_2
        )
        with self.assertRaises(AccessError):
            self._as_user(self.env["iki.indicator"], self.user_employee).create(vals)

    def test_reads_the_chain_above(self):
        chain = self.ind_rpjmd | self.ind_opd | self.ind_e3 | self.ind_e4 | self.ind_staff_a
        self.assertEqual(len(self._as_user(chain, self.user_employee).read(["name"])), len(chain))

    def test_cannot_write_a_supervisors_indicator(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_e4, self.user_employee).write({"target": 1.0})

    def test_cannot_read_another_sections_indicator(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_staff3, self.user_employee).read(["name"])

    def test_cannot_read_indicators_of_another_company(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_c2, self.user_employee).read(["name"])

    def test_reads_but_cannot_write_rule_sets(self):
        rule_set = self.env["iki.rule.set"]._iki_get_for(self.company, TODAY)
        self.assertTrue(self._as_user(rule_set, self.user_employee).read(["achievement_cap"]))
        with self.assertRaises(AccessError):
            self._as_user(rule_set, self.user_employee).write({"cutoff_day": 6})

    def test_cannot_create_appraiser_assignments(self):
        with self.assertRaises(AccessError):
            self._as_user(self.env["iki.appraiser.assignment"], self.user_employee).create(
                {
                    "appraiser_id": self.staff_1.id,
                    "employee_ids": [(6, 0, self.staff_2.ids)],
                    "date_from": TODAY,
                    "reason": "Mengangkat diri sendiri",
                    "company_id": self.company.id,
                }
            )


class TestAppraiserAccess(IkiSecurityCommon):
    def test_reads_and_approves_the_staff_plans(self):
        self.assertEqual(
            self._plans(self.user_sec_head),
            self.plan_staff_1 | self.plan_staff_2 | self.plan_sec_head,
        )
        staff_plans = self._as_user(self.plan_staff_1 | self.plan_staff_2, self.user_sec_head)
        self.assertEqual(len(staff_plans.line_ids.read(["target"])), 3 + 1)
        for plan in self.plan_staff_1 | self.plan_staff_2:
            self._submit(plan)
        staff_plans.action_approve()
        self.assertEqual(staff_plans.mapped("state"), ["approved", "approved"])

    def test_reads_the_staff_indicators(self):
        indicators = self._as_user(self.ind_staff_a | self.ind_staff2, self.user_sec_head)
        self.assertEqual(len(indicators.read(["name"])), 2)

    def test_cannot_read_plans_of_another_section(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_3, self.user_sec_head).read(["state"])

    def test_cannot_approve_plans_of_another_section(self):
        self._submit(self.plan_staff_3)
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_3, self.user_sec_head).action_approve()
        self.assertEqual(self.plan_staff_3.state, "submitted")

    def test_cannot_read_the_supervisors_plan(self):
        plan_div = self._make_plan(self.div_head, [(self.ind_e3, 100.0)])
        with self.assertRaises(AccessError):
            self._as_user(plan_div, self.user_sec_head).read(["state"])

    def test_cannot_create_plans_for_the_staff(self):
        with self.assertRaises(AccessError):
            self._make_plan(self.staff_1, [], year=YEAR + 1, user=self.user_sec_head)

    def test_cannot_delete_the_staff_plans(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_2, self.user_sec_head).unlink()

    def test_loses_access_when_the_staff_moves_before_submission(self):
        self.staff_2.parent_id = self.sec2_head
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_2, self.user_sec_head).read(["state"])
        self.assertIn(self.plan_staff_2, self._plans(self.user_sec2_head))


class TestAgencyAdminAccess(IkiSecurityCommon):
    def test_manages_agency_a_indicators(self):
        Indicator = self._as_user(self.env["iki.indicator"], self.user_agency_admin)
        self._as_user(self.ind_e3, self.user_agency_admin).write({"target": 24.0})
        self.assertEqual(self.ind_e3.target, 24.0)
        programme = Indicator.create(
            self._indicator_vals("Program baru", "eselon_3", self.ind_opd, self.division)
        )
        self.assertEqual(programme.agency_id, self.agency_a)
        programme.unlink()
        self.assertFalse(programme.exists())

    def test_cannot_read_agency_b_indicators(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_b_staff, self.user_agency_admin).read(["name"])

    def test_cannot_write_agency_b_indicators(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_opd_b, self.user_agency_admin).write({"target": 1.0})

    def test_cannot_create_agency_b_indicators(self):
        vals = self._indicator_vals("Program B", "eselon_3", self.ind_opd_b, self.agency_b)
        with self.assertRaises(AccessError):
            self._as_user(self.env["iki.indicator"], self.user_agency_admin).create(vals)

    def test_cannot_write_the_rpjmd(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_rpjmd, self.user_agency_admin).write({"target": 1.0})

    def test_manages_agency_a_plans(self):
        self.assertEqual(
            self._plans(self.user_agency_admin),
            self.plan_staff_1 | self.plan_staff_2 | self.plan_staff_3 | self.plan_sec_head,
        )
        plan = self._make_plan(
            self.staff_2, [(self.ind_staff2, 100.0)], year=YEAR + 1, user=self.user_agency_admin
        )
        plan.action_submit()
        self.assertEqual(plan.state, "submitted")

    def test_cannot_read_agency_b_plans(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_b, self.user_agency_admin).read(["state"])

    def test_cannot_create_agency_b_plans(self):
        with self.assertRaises(AccessError):
            self._make_plan(self.staff_b, [], year=YEAR + 1, user=self.user_agency_admin)


class TestHrAccess(IkiSecurityCommon):
    def test_officer_sees_all_plans_of_the_company(self):
        self.assertEqual(self._plans(self.user_hr_officer), self.plans_company)
        self.assertEqual(
            len(self._as_user(self.plans_company, self.user_hr_officer).read(["state"])),
            len(self.plans_company),
        )

    def test_officer_sees_no_plan_of_company_2(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_c2, self.user_hr_officer).read(["state"])

    def test_officer_sees_no_indicator_of_company_2(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_c2, self.user_hr_officer).read(["name"])

    def test_officer_cannot_write_rule_sets(self):
        rule_set = self.env["iki.rule.set"]._iki_get_for(self.company, TODAY)
        with self.assertRaises(AccessError):
            self._as_user(rule_set, self.user_hr_officer).write({"cutoff_day": 6})

    def test_officer_cannot_create_rule_sets(self):
        with self.assertRaises(AccessError):
            self._as_user(self.env["iki.rule.set"], self.user_hr_officer).create(
                {"name": "Aturan baru", "date_from": TODAY, "company_id": self.company.id}
            )

    def test_officer_manages_appraiser_assignments(self):
        assignment = self._as_user(
            self.env["iki.appraiser.assignment"], self.user_hr_officer
        ).create(
            {
                "appraiser_id": self.sec2_head.id,
                "replaced_employee_id": self.sec_head.id,
                "date_from": TODAY,
                "reason": "Cuti",
                "company_id": self.company.id,
            }
        )
        self.assertEqual(self.staff_1._iki_get_appraiser(TODAY)[0], self.sec2_head)
        assignment.unlink()

    def test_manager_writes_rule_sets(self):
        rule_set = self.env["iki.rule.set"]._iki_get_for(self.company, TODAY)
        self._as_user(rule_set, self.user_hr_manager).write({"cutoff_day": 6})
        self.assertEqual(rule_set.cutoff_day, 6)
        new = self._as_user(self.env["iki.rule.set"], self.user_hr_manager).create(
            {"name": "Aturan 2025", "date_from": TODAY, "company_id": self.company.id}
        )
        self.assertEqual(self.env["iki.rule.set"]._iki_get_for(self.company, TODAY), new)

    def test_manager_cannot_write_rule_sets_of_company_2(self):
        rule_set = self.env["iki.rule.set"]._iki_get_for(self.company_2, TODAY)
        with self.assertRaises(AccessError):
            self._as_user(rule_set, self.user_hr_manager).write({"cutoff_day": 6})


class TestIsolation(IkiSecurityCommon):
    def test_portal_user_cannot_read_plans(self):
        with self.assertRaises(AccessError):
            self._as_user(self.env["iki.plan"], self.user_portal).search([])

    def test_portal_user_cannot_read_indicators(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_rpjmd, self.user_portal).read(["name"])

    def test_portal_user_cannot_create_plans(self):
        with self.assertRaises(AccessError):
            self._make_plan(self.staff_1, [], year=YEAR + 1, user=self.user_portal)

    def test_company_2_user_reads_own_plan_only(self):
        self.assertEqual(self._plans(self.user_c2), self.plan_c2)
        self.assertTrue(self._as_user(self.plan_c2, self.user_c2).read(["state"]))

    def test_company_2_user_cannot_read_company_1_plans(self):
        with self.assertRaises(AccessError):
            self._as_user(self.plan_staff_1, self.user_c2).read(["state"])

    def test_company_2_user_cannot_read_company_1_indicators(self):
        with self.assertRaises(AccessError):
            self._as_user(self.ind_rpjmd, self.user_c2).read(["name"])

    def test_company_2_user_cannot_read_company_1_rule_sets(self):
        rule_set = self.env["iki.rule.set"]._iki_get_for(self.company, TODAY)
        with self.assertRaises(AccessError):
            self._as_user(rule_set, self.user_c2).read(["achievement_cap"])
