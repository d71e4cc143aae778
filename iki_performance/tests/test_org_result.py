"""Organisation results at the month close: unit achievement rolled up the cascade, unit
predicate, the head of a unit, and the distribution check of the staff predicates
(SE MenPAN-RB 3/2023, domain brief section 5)."""

from odoo.exceptions import AccessError, UserError

from .common_appraisal import MONTH_FIELD, IkiAppraisalCommon

CAP = 120.0
# Indicator weights used by the roll-up (the plan line weights are the employees' business).
W_STAFF_A, W_STAFF_B, W_STAFF_C, W_STAFF2 = 3.0, 1.0, 0.0, 2.0
W_E4, W_E4_2 = 2.0, 1.0


def pct(r, t):
    return min(r / t * 100, CAP)


def weighted(pairs):
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total


def unit_predicate(achievement):
    """Our documented defaults: Istimewa >= 110, Baik >= 90, Butuh Perbaikan >= 70,
    Kurang >= 50, else Sangat Kurang."""
    for threshold, code in (
        (110, "istimewa"),
        (90, "baik"),
        (70, "butuh_perbaikan"),
        (50, "kurang"),
    ):
        if achievement >= threshold:
            return code
    return "sangat_kurang"


class OrgResultCase(IkiAppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for indicator, weight in (
            (cls.ind_staff_a, W_STAFF_A),
            (cls.ind_staff_b, W_STAFF_B),
            (cls.ind_staff_c, W_STAFF_C),
            (cls.ind_staff2, W_STAFF2),
            (cls.ind_e4, W_E4),
            (cls.ind_e4_2, W_E4_2),
            (cls.ind_e3, 1.0),
            (cls.ind_opd, 1.0),
            (cls.ind_opd_b, 1.0),
        ):
            indicator.weight = weight
        cls.Result = cls.env["iki.org.result"]
        # The fixture's units have one to five staff: check the distribution whatever the size
        # (the tests of the minimum size set it themselves).
        cls.rule_set.distribution_min_staff = 1

    def assertPercent(self, actual, expected, msg=None):
        self.assertAlmostEqual(actual, expected, delta=0.011, msg=msg)

    def _month(self, r_a, r_b, r_c, r_2, r_3, r_sec, r_b_staff, behaviour="meets"):
        """Submit and approve the five appraisals of the month with these realisations."""
        cases = (
            (
                self.appraisal_1,
                {self.ind_staff_a: r_a, self.ind_staff_b: r_b, self.ind_staff_c: r_c},
            ),
            (self.appraisal_2, {self.ind_staff2: r_2}),
            (self.appraisal_3, {self.ind_staff3: r_3}),
            (self.appraisal_sec, {self.ind_e4: r_sec}),
            (self.appraisal_b, {self.ind_b_staff: r_b_staff}),
        )
        for appraisal, values in cases:
            self._submit_appraisal(appraisal, values)
            self._approve_appraisal(appraisal, behaviour)

    def _result(self, department):
        return self.Result.search(
            [("period_id", "=", self.period.id), ("department_id", "=", department.id)]
        )


class TestUnitAchievement(OrgResultCase):
    def test_units_rolled_up_the_cascade(self):
        # March targets: staff_a 10, staff_b 20, staff_c 4, staff2 5, staff3 8, e4 10, b_staff 6
        self._month(9.0, 25.0, 2.0, 4.0, 8.0, 10.0, 3.0)
        self._close()
        section = weighted(
            [
                (pct(9, 10), W_STAFF_A),
                (pct(25, 20), W_STAFF_B),
                (pct(2, 4), W_STAFF_C),
                (pct(4, 5), W_STAFF2),
            ]
        )  # (3 x 90 + 1 x 120 + 0 x 50 + 2 x 80) / 6 = 91.67
        section_2 = pct(8, 8)  # one child of weight 0: its own value
        division = weighted([(section, W_E4), (section_2, W_E4_2)])
        agency_a = division
        agency_b = pct(3, 6)
        province = (agency_a + agency_b) / 2
        expected = {
            self.section: section,
            self.section_2: section_2,
            self.division: division,
            self.agency_a: agency_a,
            self.agency_b: agency_b,
            self.province: province,
        }
        results = self.Result.search([("period_id", "=", self.period.id)])
        self.assertEqual(set(results.department_id.ids), {d.id for d in expected})
        for department, achievement in expected.items():
            with self.subTest(unit=department.name):
                result = self._result(department)
                self.assertPercent(result.achievement, achievement)
                self.assertEqual(result.predicate, unit_predicate(achievement))
                self.assertEqual(result.indicator_count, 1)
        self.assertEqual(self._result(self.section).head_id, self.sec_head)
        self.assertEqual(self._result(self.division).head_id, self.div_head)
        self.assertEqual(self._result(self.section).predicate, "baik")  # 91.67
        self.assertEqual(self._result(self.agency_b).predicate, "kurang")  # 50
        self.assertEqual(self._result(self.province).predicate, "butuh_perbaikan")  # 72.2

    def test_sum_roll_up_against_the_unit_target(self):
        # The section measures the sum of its staff's outputs against its own March target.
        self.ind_e4.write({"rollup_method": "sum", MONTH_FIELD: 50.0})
        self._month(9.0, 25.0, 2.0, 4.0, 8.0, 10.0, 3.0)
        self._close()
        self.assertPercent(self._result(self.section).achievement, pct(9 + 25 + 2 + 4, 50))

    def test_month_without_submissions(self):
        # Nothing entered: every measured line counts 0, and so does every unit.
        self._close()
        self.assertPercent(self._result(self.agency_b).achievement, 0.0)
        self.assertEqual(self._result(self.agency_b).predicate, "sangat_kurang")

    def test_head_takes_the_unit_achievement(self):
        # Everybody in the section above target; the head's own line only half done.
        self._month(12.0, 24.0, 4.0, 6.0, 8.0, 5.0, 6.0, behaviour="above")
        sec = self.appraisal_sec
        self.assertPercent(sec.achievement, pct(5, 10))
        self.assertEqual(sec.work_rating, "below")  # before the close: his own 50%
        self._close()
        section = weighted(
            [(pct(12, 10), W_STAFF_A), (pct(24, 20), W_STAFF_B), (pct(6, 5), W_STAFF2)]
            + [(pct(4, 4), W_STAFF_C)]
        )
        self.assertPercent(section, CAP)
        self.assertTrue(sec.is_unit_head)
        self.assertPercent(sec.unit_achievement, section)
        self.assertPercent(sec.achievement, pct(5, 10))  # his own plan, kept
        self.assertEqual(sec.work_rating, "above")  # from the unit: >= 110
        self.assertEqual(sec.predicate, "sangat_baik")
        self.assertPercent(sec.skp_score, 120.0)  # nilai of C > 110
        self.assertFalse(self.appraisal_1.is_unit_head)


class TestDistribution(OrgResultCase):
    def _setup_month(self):
        # staff_1 107% meets -> Baik; staff_2 80% below -> Butuh Perbaikan; staff_3 100% ->
        # Baik; sec_head (head of the section, 91.67%) -> Baik; staff_b 50% -> Butuh Perbaikan.
        self._month(9.0, 25.0, 2.0, 4.0, 8.0, 10.0, 3.0)
        predicates = {a.employee_id: a.predicate for a in self.period.appraisal_ids}
        self.assertEqual(
            predicates,
            {
                self.staff_1: "baik",
                self.staff_2: "butuh_perbaikan",
                self.staff_3: "baik",
                self.sec_head: "baik",
                self.staff_b: "butuh_perbaikan",
            },
        )

    def test_warnings_stored_with_counts(self):
        self._setup_month()
        self._close()
        self.assertEqual(self.period.state, "closed")
        expected = {
            # unit: (staff, sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang, messages)
            # Section (Baik), head excluded: 1 Baik of 2 (50%) and 1 Butuh Perbaikan: fine.
            self.section: (2, 0, 1, 1, 0, 0, []),
            # Section 2 (Baik): its only staff is Baik, nobody below.
            self.section_2: (
                1, 0, 1, 0, 0, 0,
                [
                    "At most 70% Baik allowed, found 1 of 1 (100.0%)",
                    "At least 1 Butuh Perbaikan or Kurang required, found 0 of 1 (0.0%)",
                ],
            ),
            # Division (Baik), its sub-units included, its head excluded: 3 Baik of 4.
            self.division: (4, 0, 3, 1, 0, 0, ["At most 70% Baik allowed, found 3 of 4 (75.0%)"]),
            # Agency A (Baik), no head on file: the same staff.
            self.agency_a: (4, 0, 3, 1, 0, 0, ["At most 70% Baik allowed, found 3 of 4 (75.0%)"]),
            # Agency B (Kurang): at least 60% Kurang.
            self.agency_b: (
                1, 0, 0, 1, 0, 0, ["At least 60% Kurang required, found 0 of 1 (0.0%)"]
            ),
            # Province (Butuh Perbaikan): at least 60% Butuh Perbaikan, 2 of 5.
            self.province: (
                5, 0, 3, 2, 0, 0,
                ["At least 60% Butuh Perbaikan required, found 2 of 5 (40.0%)"],
            ),
        }  # fmt: skip
        for department, (staff, sb, b, bp, k, sk, messages) in expected.items():
            with self.subTest(unit=department.name):
                result = self._result(department)
                self.assertEqual(
                    (
                        result.staff_count,
                        result.count_sangat_baik,
                        result.count_baik,
                        result.count_butuh_perbaikan,
                        result.count_kurang,
                        result.count_sangat_kurang,
                    ),
                    (staff, sb, b, bp, k, sk),
                )
                self.assertEqual(result.violation_count, len(messages))
                self.assertEqual((result.violations or "").splitlines(), messages)

    def test_small_units_not_checked_by_default(self):
        self.assertEqual(
            self.env["iki.rule.set"].default_get(["distribution_min_staff"]),
            {"distribution_min_staff": 10},
        )
        self.rule_set.distribution_min_staff = 10
        self._setup_month()
        self._close()
        results = self.Result.search([("period_id", "=", self.period.id)])
        self.assertTrue(results)
        # The largest group, the province, has 5 appraised staff: nobody is checked.
        self.assertEqual(max(results.mapped("staff_count")), 5)
        self.assertEqual(set(results.mapped("violation_count")), {0})
        self.assertEqual(set(results.mapped("distribution_checked")), {False})

    def test_units_checked_from_the_minimum_size(self):
        self.rule_set.distribution_min_staff = 2
        self._setup_month()
        self._close()
        expected = {
            # unit: (staff, checked, warnings)
            self.section: (2, True, 0),  # complies
            self.section_2: (1, False, 0),  # one person: counted in the agency only
            self.division: (4, True, 1),
            self.agency_a: (4, True, 1),  # the agency as a whole: its units' staff together
            self.agency_b: (1, False, 0),
            self.province: (5, True, 1),
        }
        for department, values in expected.items():
            with self.subTest(unit=department.name):
                result = self._result(department)
                self.assertEqual(
                    (result.staff_count, result.distribution_checked, result.violation_count),
                    values,
                )

    def test_blocking_ignores_the_units_below_the_minimum(self):
        self.rule_set.write({"distribution_blocking": True, "distribution_min_staff": 2})
        self._setup_month()
        with self.assertRaises(UserError) as caught:
            self._close()
        message = str(caught.exception)
        self.assertIn(self.division.name, message)
        self.assertNotIn(self.section_2.name, message)
        self.assertEqual(self.period.state, "open")

    def test_missing_appraisals_are_not_counted(self):
        self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(self.appraisal_1)
        self._close()
        section = self._result(self.section)
        self.assertEqual((section.staff_count, section.count_baik), (1, 1))

    def test_blocking_distribution_refuses_the_close(self):
        self.rule_set.distribution_blocking = True
        self._setup_month()
        with self.assertRaises(UserError) as caught:
            self._close()
        message = str(caught.exception)
        self.assertIn(self.section_2.name, message)
        self.assertIn("At most 70% Baik allowed, found 1 of 1 (100.0%)", message)
        self.assertIn(self.province.name, message)
        self.assertNotIn(self.section.name, message)  # the section complies
        # Nothing half-written: the month is open, without results, nobody marked.
        self.assertEqual(self.period.state, "open")
        self.assertFalse(self.period.closed_date)
        self.assertFalse(self.Result.search([("period_id", "=", self.period.id)]))
        self.assertFalse(self.appraisal_sec.is_unit_head)

    def test_blocking_distribution_lets_a_compliant_month_close(self):
        self.rule_set.distribution_blocking = True
        # No unit breaks the rules (nobody is rated yet): the month closes.
        self._close()
        self.assertEqual(self.period.state, "closed")
        self.assertFalse(
            sum(self.Result.search([("period_id", "=", self.period.id)]).mapped("violation_count"))
        )


class TestOrgResultAccess(OrgResultCase):
    def test_read_by_staff_written_by_nobody(self):
        self._close()
        result = self._result(self.section)
        self.assertTrue(result.with_user(self.user_employee).read(["achievement", "predicate"]))
        # A closed month's results are history, even for HR.
        with self.assertRaises(UserError):
            result.with_user(self.user_hr_officer).write({"achievement": 100.0})
        # Staff never write them (the month reopened, the results still there).
        self._reopen("Koreksi")
        with self.assertRaises(AccessError):
            result.with_user(self.user_employee).write({"achievement": 100.0})

    def test_other_company_cannot_read(self):
        self._close()
        result = self._result(self.section)
        with self.assertRaises(AccessError):
            result.with_user(self.user_c2).read(["achievement"])
        self.assertFalse(self.Result.with_user(self.user_c2).search([]))
