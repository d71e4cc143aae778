"""The cascade tree: parent store, structural constraints, target rules, tracing to the RPJMD and
the spread of the annual target over the months."""

from odoo.exceptions import UserError, ValidationError

from ..models.iki_target_mixin import MONTH_TARGET_FIELDS
from .common import YEAR, IkiCommon


class TestIndicatorTree(IkiCommon):
    def test_parent_store_and_child_of(self):
        Indicator = self.env["iki.indicator"]
        below_opd = Indicator.search([("id", "child_of", self.ind_opd.id)])
        self.assertEqual(
            below_opd,
            self.ind_opd
            | self.ind_e3
            | self.ind_e4
            | self.ind_e4_2
            | self.ind_staff_a
            | self.ind_staff_b
            | self.ind_staff_c
            | self.ind_staff2
            | self.ind_staff3,
        )
        self.assertNotIn(self.ind_opd_b, below_opd)
        self.assertEqual(
            Indicator.search([("id", "parent_of", self.ind_staff_a.id)]),
            self.ind_rpjmd | self.ind_opd | self.ind_e3 | self.ind_e4 | self.ind_staff_a,
        )
        chain = [self.ind_rpjmd, self.ind_opd, self.ind_e3, self.ind_e4, self.ind_staff_a]
        self.assertEqual(self.ind_staff_a.parent_path, "".join(f"{ind.id}/" for ind in chain))
        self.assertEqual(self.ind_e4.child_count, 3 + 1)

    def test_moving_a_branch_updates_parent_paths(self):
        new_e3 = self._make_indicator(
            "Program A2", "eselon_3", self.ind_opd, self.division, self.div_head
        )
        self.ind_e4_2.parent_id = new_e3
        self.assertTrue(self.ind_staff3.parent_path.startswith(new_e3.parent_path))
        self.assertIn(
            self.ind_staff3, self.env["iki.indicator"].search([("id", "child_of", new_e3.id)])
        )

    def test_cycle_refused(self):
        # Raised by the parent store ("Recursion Detected") or the constraints, both UserErrors.
        with self.assertRaises(UserError):
            self.ind_opd.parent_id = self.ind_staff_a
        with self.assertRaises(UserError):
            self.ind_e3.parent_id = self.ind_e3
        self.assertEqual(self.ind_opd.parent_id, self.ind_rpjmd)

    def test_parent_at_a_lower_level_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._make_indicator(
                "Program terbalik", "eselon_3", self.ind_e4, self.division, self.div_head
            )
        self.assertIn("Program terbalik", str(caught.exception))

    def test_parent_at_the_same_level_refused(self):
        with self.assertRaises(ValidationError):
            self._make_indicator(
                "Kegiatan sejajar", "eselon_4", self.ind_e4_2, self.section_2, self.sec2_head
            )

    def test_level_change_below_the_parent_refused(self):
        with self.assertRaises(ValidationError):
            self.ind_e3.level = "rpjmd_target"

    def test_parent_of_another_year_refused(self):
        last_year = self._make_indicator(
            "Tujuan RPJMD lalu", "rpjmd_goal", department=self.province, year=YEAR - 1
        )
        with self.assertRaises(ValidationError) as caught:
            self._make_indicator("IKU baru", "opd", last_year, self.agency_a, self.head_a)
        self.assertIn(str(YEAR), str(caught.exception))

    def test_parent_of_another_company_refused(self):
        with self.assertRaises(ValidationError):
            self._make_indicator(
                "IKU campur", "opd", self.ind_c2_rpjmd, self.agency_a, company_id=self.company.id
            )

    def test_parent_owned_by_a_unit_outside_the_chain_refused(self):
        programme_b = self._make_indicator(
            "Program Dinas B", "eselon_3", self.ind_opd_b, self.agency_b
        )
        with self.assertRaises(ValidationError) as caught:
            self._make_indicator("Kegiatan salah unit", "eselon_4", programme_b, self.section)
        self.assertIn(self.agency_b.display_name, str(caught.exception))
        # The same unit, or any unit above, is fine.
        self._make_indicator("Kegiatan unit sendiri", "eselon_4", self.ind_e3, self.division)

    def test_parent_owned_by_a_non_supervisor_refused(self):
        # Owned by a unit above (the division) but by the head of the other section, who does not
        # supervise staff_1.
        other_activity = self._make_indicator(
            "Kegiatan seksi lain", "eselon_4", self.ind_e3, self.division, self.sec2_head
        )
        with self.assertRaises(ValidationError) as caught:
            self._make_indicator(
                "IKI salah atasan", "individual", other_activity, self.section, self.staff_1
            )
        self.assertIn(self.sec2_head.name, str(caught.exception))
        # Any supervisor up the chain is fine (the division head, over the section head).
        self._make_indicator(
            "IKI dari bidang", "individual", self.ind_e3, self.section, self.staff_1
        )

    def test_parent_owned_by_the_same_employee_accepted(self):
        own = self._make_indicator(
            "Kegiatan pribadi", "eselon_4", self.ind_e3, self.section, self.staff_1
        )
        child = self._make_indicator("IKI pribadi", "individual", own, self.section, self.staff_1)
        self.assertEqual(child.parent_id, own)


class TestIndicatorTargets(IkiCommon):
    def _individual(self, name, **vals):
        return self._make_indicator(
            name, "individual", self.ind_e4, self.section, self.staff_1, **vals
        )

    def test_positive_polarity_with_zero_target_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._individual("Target nol", polarity="positive", target=0.0)
        self.assertIn("Target nol", str(caught.exception))

    def test_positive_polarity_with_monthly_targets_only_accepted(self):
        indicator = self._individual("Target bulanan", target=0.0, target_03=5.0)
        self.assertEqual(indicator.monthly_target(3), 5.0)

    def test_negative_polarity_with_zero_target_accepted(self):
        indicator = self._individual("Temuan audit nihil", polarity="negative", target=0.0)
        self.assertEqual(indicator.target, 0.0)

    def test_range_with_min_above_max_refused(self):
        with self.assertRaises(ValidationError):
            self._individual("Rentang terbalik", polarity="range", target=90.0, target_max=80.0)
        indicator = self._individual("Rentang", polarity="range", target=80.0, target_max=90.0)
        with self.assertRaises(ValidationError):
            indicator.target_max = 70.0

    def test_negative_targets_refused_unless_allowed(self):
        with self.assertRaises(ValidationError):
            self._individual("Pertumbuhan", polarity="negative", target=-5.0)
        indicator = self._individual("Penurunan", polarity="negative", target=0.0)
        with self.assertRaises(ValidationError):
            indicator.target_06 = -1.0
        allowed = self._individual(
            "Pertumbuhan boleh negatif", polarity="negative", target=-5.0, allow_negative=True
        )
        allowed.target_06 = -1.0
        self.assertEqual(allowed.monthly_target(6), -1.0)

    def test_spread_sum(self):
        annual = 100.0
        indicator = self._individual("Dokumen", target=annual)
        indicator.action_spread_targets()
        share = round(annual / 12, 2)
        months = indicator.monthly_targets()
        self.assertEqual(months[:11], [share] * 11)
        self.assertAlmostEqual(months[11], round(annual - share * 11, 2))
        self.assertAlmostEqual(sum(months), annual)

    def test_spread_sum_uneven(self):
        annual = 1000.0
        indicator = self._individual("Berkas", target=annual)
        indicator.action_spread_targets()
        share = round(annual / 12, 2)  # 83.33
        self.assertEqual(indicator.target_01, share)
        self.assertAlmostEqual(indicator.target_12, round(annual - share * 11, 2))  # 83.37
        self.assertAlmostEqual(sum(indicator.monthly_targets()), annual)

    def test_spread_equal(self):
        annual = 95.0
        indicator = self._individual("Kepuasan", target=annual, target_spread="equal", unit="%")
        indicator.action_spread_targets()
        self.assertEqual(indicator.monthly_targets(), [annual] * len(MONTH_TARGET_FIELDS))

    def test_spread_range_repeats_the_bounds_each_month(self):
        indicator = self._individual("Rentang", polarity="range", target=80.0, target_max=90.0)
        indicator.action_spread_targets()
        self.assertEqual(indicator.monthly_targets(), [80.0] * 12)


class TestIndicatorTracing(IkiCommon):
    def test_fixture_chain_is_traced(self):
        for indicator in (self.ind_rpjmd, self.ind_opd, self.ind_e4, self.ind_staff_a):
            self.assertTrue(indicator.is_traced, indicator.name)

    def test_is_traced_computed_searchable_and_updated(self):
        Indicator = self.env["iki.indicator"]
        programme = self._make_indicator("Program lepas", "eselon_3", department=self.division)
        activity = self._make_indicator("Kegiatan lepas", "eselon_4", programme, self.section)
        individual = self._make_indicator(
            "IKI lepas", "individual", activity, self.section, self.staff_1
        )
        orphans = programme | activity | individual
        self.assertFalse(any(orphans.mapped("is_traced")))
        untraced = Indicator.search([("is_traced", "=", False), ("year", "=", YEAR)])
        self.assertEqual(untraced & (orphans | self.ind_staff_a), orphans)
        self.assertEqual(
            Indicator.search([("is_traced", "=", True), ("id", "in", orphans.ids)]), Indicator
        )
        # Completing the chain at its top traces every descendant.
        programme.parent_id = self.ind_opd
        self.assertTrue(all(orphans.mapped("is_traced")))
        self.assertFalse(Indicator.search([("is_traced", "=", False), ("id", "in", orphans.ids)]))
        # Cutting it again un-traces them.
        programme.parent_id = False
        self.assertEqual(
            Indicator.search([("is_traced", "=", False), ("id", "in", orphans.ids)]), orphans
        )
