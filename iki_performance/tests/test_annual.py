"""Annual evaluation: built from the closed months, engine figures, overrides, rights, freeze.

Three closed months (January to March of :data:`YEAR`), monthly target 10:

==========  ==========================  ==============================
month       staff_1 (R, behaviour)      staff_2 (R, behaviour)
==========  ==========================  ==============================
January     9  -> 90 %, meets           10 -> 100 %, meets
February    11 -> 110 %, above          not submitted: missing
March       10 -> 100 %, meets          8  -> 80 %, above
==========  ==========================  ==============================
"""

import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .. import engine
from .common import YEAR
from .common_cycle import MONTH_TARGET, IkiCycleCommon

R1 = {1: 9.0, 2: 11.0, 3: 10.0}  # staff_1's realisations
R2 = {1: 10.0, 3: 8.0}  # staff_2's (February missing)


def pct(realisation):
    return realisation / MONTH_TARGET * 100


class TestAnnual(IkiCycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        behaviour_1 = {1: "meets", 2: "above", 3: "meets"}
        behaviour_2 = {1: "meets", 3: "above"}
        cls.periods = cls.env["iki.period"]
        for month in (1, 2, 3):
            period = cls._open_month(month)
            cls.periods |= period
            first = cls._appraisal(cls.staff_1, period)
            cls._submit_month(first, R1[month])
            cls._approve_month(first, behaviour_1[month])
            if month in R2:
                second = cls._appraisal(cls.staff_2, period)
                cls._submit_month(second, R2[month])
                cls._approve_month(second, behaviour_2[month])
            cls._close(period)
        cls.Annual = cls.env["iki.appraisal.annual"]

    def _generate(self, user=None):
        annuals = self.Annual.with_user(user or self.user_hr_officer)._iki_generate_for_year(
            self.company, YEAR
        )
        return {a.employee_id: a for a in annuals.sudo()}

    def _submitted_annual_1(self):
        annual = self._generate()[self.staff_1]
        annual.with_user(self.user_employee).action_submit()
        return annual

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def test_annual_figures_from_closed_months(self):
        annuals = self._generate()
        self.assertEqual(set(annuals), {self.staff_1, self.staff_2})
        first = annuals[self.staff_1]
        expected = (pct(9) + pct(11) + pct(10)) / 3  # (90 + 110 + 100) / 3 == 100
        self.assertAlmostEqual(first.achievement, expected)
        self.assertAlmostEqual(first.achievement, 100.0)
        self.assertEqual((first.month_count, first.missing_count), (3, 0))
        self.assertEqual(first.appraisal_ids.period_id, self.periods)
        # 90 <= 100 < 110: meets expectation.
        self.assertEqual(first.work_rating, "meets")
        # Monthly behaviour meets, above, meets: the most frequent is suggested.
        self.assertEqual(first.behaviour_rating_auto, "meets")
        self.assertEqual(first.behaviour_rating, "meets")
        # Quadrant: work meets x behaviour meets = Baik.
        self.assertEqual(first.predicate, "baik")
        self.assertEqual(first.rule_set_id, self.rule_set)
        # Nilai of a capaian of 100 (PermenPAN-RB 8/2021): 109.
        self.assertAlmostEqual(first.skp_score, 109.0)
        self.assertEqual(first.appraiser_id, self.sec_head)
        self.assertEqual(first.appraiser_parent_id, self.div_head)
        self.assertEqual(first.state, "draft")

    def test_missing_month_counts_zero(self):
        # February was missing under the default policy "achievement 0": its frozen monthly
        # achievement (0) is averaged.
        second = self._generate()[self.staff_2]
        february = second.appraisal_ids.filtered("is_missing")
        self.assertEqual(february.period_id.month, 2)
        self.assertEqual(february.achievement, 0.0)
        expected = (pct(10) + 0.0 + pct(8)) / 3  # 60
        self.assertAlmostEqual(second.achievement, round(expected, 2))
        self.assertEqual((second.month_count, second.missing_count), (3, 1))
        self.assertEqual(second.work_rating, "below")  # 60 < 90
        # Behaviour meets (January) and above (March): a tie goes to the latest month.
        self.assertEqual(second.behaviour_rating_auto, "above")
        # Quadrant: work below x behaviour above = Butuh Perbaikan.
        self.assertEqual(second.predicate, "butuh_perbaikan")

    def test_missing_month_excluded_by_policy(self):
        self.rule_set.missing_submission_policy = "exclude"
        second = self._generate()[self.staff_2]
        expected = (pct(10) + pct(8)) / 2  # 90: the excluded month is left out
        self.assertAlmostEqual(second.achievement, expected)
        self.assertEqual((second.month_count, second.missing_count), (2, 1))
        self.assertEqual(second.work_rating, "meets")
        self.assertEqual(second.predicate, "baik")  # meets x above

    def test_numeric_method_of_the_rules_in_force_at_year_end(self):
        # A rule set from July switches the company to the numeric method: the months keep
        # theirs, the annual evaluation follows the rules in force on 31 December.
        numeric = self.env["iki.rule.set"].create(
            {
                "name": "Numeric from July",
                "date_from": datetime.date(YEAR, 7, 1),
                "company_id": self.company.id,
                "predicate_method": "numeric",
            }
        )
        first = self._generate()[self.staff_1]
        self.assertEqual(first.rule_set_id, numeric)
        # SKP nilai of 100 = 109; behaviour meets = 100; weights 70 / 30.
        expected = 109 * 70 / 100 + 100 * 30 / 100  # 106.3: Baik (90 <= score < 110)
        self.assertAlmostEqual(first.final_score, expected)
        self.assertEqual(first.predicate, "baik")
        first.with_user(self.user_employee).action_submit()
        first.with_user(self.user_sec_head).write(
            {
                "behaviour_rating_override": "above",
                "behaviour_override_reason": "Teladan pelayanan sepanjang tahun.",
                "has_innovation": True,
            }
        )
        expected = 109 * 70 / 100 + 120 * 30 / 100  # 112.3 >= 110 with an innovation
        self.assertAlmostEqual(first.final_score, expected)
        self.assertEqual(first.predicate, "sangat_baik")

    def test_unit_head_takes_the_unit_achievement(self):
        months = self.env["iki.appraisal"].search(
            [("employee_id", "=", self.staff_1.id), ("year", "=", YEAR)], order="date_start"
        )
        for month, unit in zip(months, (95.0, 85.0, 105.0), strict=True):
            month._iki_workflow_write({"is_unit_head": True, "unit_achievement": unit})
        first = self._generate()[self.staff_1]
        expected = (95 + 85 + 105) / 3  # 95
        self.assertTrue(first.is_unit_head)
        self.assertAlmostEqual(first.unit_achievement, expected)
        self.assertEqual(first.work_rating, "meets")
        self.assertAlmostEqual(first.skp_score, 70 + (95 - 80) * 19 / 19)  # 85
        # The personal achievement is still shown.
        self.assertAlmostEqual(first.achievement, 100.0)

    def test_generation_is_idempotent_and_keeps_approved(self):
        first = self._generate()[self.staff_1]
        again = self._generate()
        self.assertEqual(again[self.staff_1], first)
        self.assertEqual(self.Annual.search_count([("year", "=", YEAR)]), 2)
        # Approved: later changes of the rules do not touch it.
        first.with_user(self.user_employee).action_submit()
        first.with_user(self.user_sec_head).action_approve()
        self.rule_set.write({"work_meets_threshold": 101.0, "work_above_threshold": 120.0})
        refreshed = self._generate()
        self.assertNotIn(self.staff_1, refreshed)
        self.assertEqual(first.work_rating, "meets")
        # A draft is brought up to date: 60 is below 101.
        self.assertEqual(refreshed[self.staff_2].work_rating, "below")

    def test_open_months_are_not_counted(self):
        april = self._open_month(4)
        self._submit_month(self._appraisal(self.staff_1, april), 12.0)
        first = self._generate()[self.staff_1]
        self.assertEqual(first.month_count, 3)
        self.assertNotIn(april, first.appraisal_ids.period_id)

    # ------------------------------------------------------------------
    # Workflow and rights
    # ------------------------------------------------------------------
    def test_submit_and_approve(self):
        first = self._submitted_annual_1()
        self.assertEqual(first.state, "submitted")
        activity = first.activity_ids
        self.assertEqual(activity.user_id, self.user_sec_head)
        first.with_user(self.user_sec_head).write(
            {"work_rating_override": "above", "work_override_reason": "Beban kerja tambahan."}
        )
        # Quadrant: above x meets = Baik; the work override is tracked with its reason.
        self.assertEqual((first.work_rating_auto, first.work_rating), ("meets", "above"))
        self.assertEqual(first.predicate, "baik")
        first.with_user(self.user_sec_head).action_approve()
        self.assertEqual(first.state, "approved")
        self.assertEqual(first.approved_by_id, self.user_sec_head)
        self.assertFalse(first.activity_ids)

    def test_override_needs_a_reason(self):
        first = self._submitted_annual_1()
        with self.assertRaises(ValidationError):
            first.with_user(self.user_sec_head).write({"behaviour_rating_override": "above"})
        with self.assertRaises(ValidationError):
            first.with_user(self.user_sec_head).write(
                {"work_rating_override": "below", "work_override_reason": "  "}
            )

    def test_behaviour_override_changes_the_predicate(self):
        first = self._submitted_annual_1()
        first.with_user(self.user_sec_head).write(
            {
                "behaviour_rating_override": "below",
                "behaviour_override_reason": "Pelanggaran disiplin berulang.",
            }
        )
        self.assertEqual(first.behaviour_rating, "below")
        self.assertEqual(first.predicate, engine.quadrant_predicate("meets", "below"))
        self.assertEqual(first.predicate, "kurang")

    def test_only_the_appraiser_or_hr_approves(self):
        first = self._submitted_annual_1()
        # The agency administrator sees the evaluation but does not appraise.
        self.assertTrue(first.with_user(self.user_agency_admin).name)
        with self.assertRaises(AccessError):
            first.with_user(self.user_agency_admin).action_approve()
        with self.assertRaises(AccessError):
            first.with_user(self.user_employee).action_approve()
        # Another section head does not even see it.
        with self.assertRaises(AccessError):
            first.with_user(self.user_sec2_head).action_approve()
        self.assertEqual(first.state, "submitted")
        first.with_user(self.user_hr_officer).action_approve()
        self.assertEqual(first.state, "approved")

    def test_only_the_employee_submits(self):
        first = self._generate()[self.staff_1]
        with self.assertRaises(AccessError):
            first.with_user(self.user_sec2_head).action_submit()
        with self.assertRaises(UserError):
            first.with_user(self.user_sec_head).action_approve()  # still a draft
        first.with_user(self.user_employee).action_submit()
        self.assertEqual(first.state, "submitted")

    def test_appraiser_rates_only_once_submitted(self):
        first = self._generate()[self.staff_1]
        with self.assertRaises(UserError):
            first.with_user(self.user_sec_head).write({"has_innovation": True})

    def test_employee_cannot_write_results_nor_create(self):
        first = self._generate()[self.staff_1]
        with self.assertRaises(UserError):
            first.with_user(self.user_employee).write({"achievement": 120.0})
        with self.assertRaises(UserError):
            first.with_user(self.user_employee).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.Annual.with_user(self.user_employee).create(
                {"employee_id": self.staff_1.id, "year": YEAR - 1}
            )
        # The workflow context key alone is no way around the checks.
        with self.assertRaises(UserError):
            first.with_user(self.user_employee).with_context(iki_annual_workflow=True).write(
                {"predicate": "sangat_baik"}
            )

    def test_approved_is_frozen(self):
        first = self._submitted_annual_1()
        first.with_user(self.user_sec_head).action_approve()
        with self.assertRaises(UserError):
            first.with_user(self.user_hr_officer).write({"feedback": "Koreksi"})
        with self.assertRaises(UserError):
            first.with_user(self.user_sec_head).write(
                {"work_rating_override": "above", "work_override_reason": "Terlambat"}
            )
        with self.assertRaises(UserError):
            first.write({"has_innovation": True})  # not even the superuser
        with self.assertRaises(UserError):
            first.with_user(self.user_hr_officer).unlink()
        self.assertEqual(first.predicate, "baik")

    def test_return_needs_feedback(self):
        first = self._submitted_annual_1()
        with self.assertRaises(UserError):
            first.with_user(self.user_sec_head).action_return()
        first.with_user(self.user_sec_head).write({"feedback": "Lengkapi catatan inovasi."})
        first.with_user(self.user_sec_head).action_return()
        self.assertEqual(first.state, "draft")

    def test_unique_per_employee_and_year(self):
        first = self._generate()[self.staff_1]
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.Annual._iki_workflow(),
        ):
            self.Annual.create({"employee_id": first.employee_id.id, "year": YEAR})

    def test_generate_wizard_is_for_hr(self):
        wizard = (
            self.env["iki.appraisal.annual.generate.wizard"]
            .with_user(self.user_hr_officer)
            .create({"year": YEAR, "company_id": self.company.id})
        )
        action = wizard.action_confirm()
        self.assertEqual(action["res_model"], "iki.appraisal.annual")
        self.assertEqual(self.Annual.search_count(action["domain"]), 2)
        with self.assertRaises(AccessError):
            self.env["iki.appraisal.annual.generate.wizard"].with_user(self.user_employee).create(
                {"year": YEAR}
            )

    def test_employee_sees_only_own(self):
        self._generate()
        visible = self.Annual.with_user(self.user_employee).search([("year", "=", YEAR)])
        self.assertEqual(visible.employee_id, self.staff_1)
        visible = self.Annual.with_user(self.user_sec_head).search([("year", "=", YEAR)])
        self.assertEqual(visible.employee_id, self.staff_1 | self.staff_2)

    # ------------------------------------------------------------------
    # Monthly history of an employee (employee form smart button)
    # ------------------------------------------------------------------
    def test_performance_history_of_an_employee(self):
        action = self.env.ref("iki_performance.iki_appraisal_action_employee_performance")
        self.assertEqual(action.view_ids[0].view_mode, "graph")
        arch = self.env["hr.employee"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn(f"{action.id}", arch)
        domain = safe_eval(action.domain, {"active_id": self.staff_1.id})
        Appraisal = self.env["iki.appraisal"].with_user(self.user_hr_officer)
        groups = Appraisal.read_group(
            domain, ["achievement:avg"], ["date_start:month"], orderby="date_start:month"
        )
        expected = [pct(9), pct(11), pct(10)]  # 90, 110, 100
        for group, value in zip(groups, expected, strict=True):
            self.assertAlmostEqual(group["achievement"], value)
        # The employee sees the same history of his own, and nobody else's.
        own = self.env["iki.appraisal"].with_user(self.user_employee).search(domain)
        self.assertEqual(len(own), 3)
        domain_2 = safe_eval(action.domain, {"active_id": self.staff_2.id})
        self.assertFalse(self.env["iki.appraisal"].with_user(self.user_employee).search(domain_2))
