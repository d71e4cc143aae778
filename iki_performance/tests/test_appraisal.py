"""Monthly appraisal: opening a month, realisation and achievements, evidence, submission,
return, approval (single, bulk, acting appraiser, HR), ratings and predicates.

Expected numbers are written as the brief's formulas (domain brief sections 3 and 4) with its
default parameters, never copied from the engine.
"""

import base64
import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time
from odoo.tools import mute_logger

from .common import YEAR
from .common_appraisal import (
    BERAKHLAK_KEYS,
    CUTOFF,
    MONTH,
    MONTH_END,
    MONTH_FIELD,
    PLAN_1,
    IkiAppraisalCommon,
    pdf_bytes,
)

# Defaults of the brief (section 3 and 4).
CAP = 120.0  # achievement cap, percent
BONUS_MAX = 10.0  # at most this many points from tambahan lines
ABOVE, MEETS = 110.0, 90.0  # work rating thresholds
SKP_W, BEHAVIOUR_W = 0.7, 0.3  # numeric method, supervisor rates behaviour
RATING_SCORE = {"above": 120.0, "meets": 100.0, "below": 60.0}  # our documented defaults
W_A, W_B = 60.0, 40.0  # utama weights of plan_1
T_A, T_B, T_C = (spec[3] for spec in PLAN_1)  # March targets of plan_1

# The brief's quadrant (section 4): (hasil kerja, perilaku) -> predicate.
QUADRANT_TABLE = {
    ("above", "below"): "kurang",
    ("above", "meets"): "baik",
    ("above", "above"): "sangat_baik",
    ("meets", "below"): "kurang",
    ("meets", "meets"): "baik",
    ("meets", "above"): "baik",
    ("below", "below"): "sangat_kurang",
    ("below", "meets"): "butuh_perbaikan",
    ("below", "above"): "butuh_perbaikan",
}


def positive(r, t):
    return min(r / t * 100, CAP)


def negative(r, t):
    return min(max(0.0, (2 - r / t) * 100), CAP)


def plan_1_achievement(r_a, r_b, r_c):
    """Weighted average of the capped utama lines + the tambahan bonus (brief section 3)."""
    base = (W_A * positive(r_a, T_A) + W_B * positive(r_b, T_B)) / (W_A + W_B)
    return base + min(BONUS_MAX, BONUS_MAX * positive(r_c, T_C) / 100)


def nilai(c):
    """The brief's capaian -> nilai conversion (PermenPAN-RB 8/2021)."""
    if c > 110:
        return 120.0
    if c >= 101:
        return 110 + (c - 101) * 10 / 9
    if c >= 100:
        return 109.0
    if c >= 80:
        return 70 + (c - 80) * 19 / 19
    if c >= 60:
        return 50 + (c - 60) * 19 / 19
    return c * 49 / 59


class AppraisalCase(IkiAppraisalCommon):
    def assertPercent(self, actual, expected, msg=None):
        # Stored values are rounded to 2 decimals, line by line and then per appraisal.
        self.assertAlmostEqual(actual, expected, delta=0.011, msg=msg)

    def _plan_1_values(self, r_a, r_b, r_c):
        return {self.ind_staff_a: r_a, self.ind_staff_b: r_b, self.ind_staff_c: r_c}


class TestMonthOpening(AppraisalCase):
    def test_appraisals_created_for_approved_plans(self):
        appraisals = self.period.appraisal_ids
        self.assertEqual(
            appraisals.employee_id,
            self.staff_1 | self.staff_2 | self.staff_3 | self.sec_head | self.staff_b,
        )
        # sec2_head's plan is a draft: no appraisal.
        self.assertNotIn(self.sec2_head, appraisals.employee_id)
        self.assertEqual(self.period.appraisal_count, 5)
        self.assertEqual(set(appraisals.mapped("state")), {"draft"})
        self.assertEqual(self.period.name, f"{YEAR}-{MONTH:02d}")
        self.assertEqual(self.period.date_end, MONTH_END)
        self.assertEqual(self.period.rule_set_id, self.rule_set)
        self.assertEqual(self.period.cutoff_date, CUTOFF)

    def test_monthly_targets_copied_from_the_plan(self):
        for appraisal in self.period.appraisal_ids:
            plan_lines = appraisal.plan_id.line_ids
            self.assertEqual(appraisal.line_ids.plan_line_id, plan_lines)
            for line in appraisal.line_ids:
                with self.subTest(employee=appraisal.employee_id.name, line=line.name):
                    self.assertEqual(line.target, line.plan_line_id[MONTH_FIELD])
                    self.assertEqual(line.target_max, line.plan_line_id.target_max)
                    self.assertTrue(line.is_measured)
                    self.assertFalse(line.realization_entered)
        line_b = self._line(self.appraisal_1, self.ind_staff_b)
        self.assertEqual((line_b.target, line_b.weight, line_b.kind), (T_B, W_B, "utama"))
        self.assertEqual(
            sorted(self.appraisal_1.behaviour_ids.mapped("value_key")), sorted(BERAKHLAK_KEYS)
        )

    def test_snapshots(self):
        self.assertEqual(self.appraisal_1.appraiser_id, self.sec_head)
        self.assertEqual(self.appraisal_1.appraiser_parent_id, self.div_head)
        self.assertEqual(self.appraisal_1.department_id, self.section)
        self.assertEqual(self.appraisal_1.agency_id, self.agency_a)
        self.assertEqual(self.appraisal_1.job_title, "Pengelola Data")
        self.assertEqual(self.appraisal_b.agency_id, self.agency_b)

    def test_generate_again_adds_only_the_missing_appraisals(self):
        self._approve(self.plan_draft)
        self.period.with_user(self.user_hr_officer).action_generate_appraisals()
        self.assertEqual(self.period.appraisal_count, 6)
        new = self._appraisal(self.sec2_head)
        self.assertEqual(new.line_ids.target, self.plan_draft.line_ids[MONTH_FIELD])
        self.period.with_user(self.user_hr_officer).action_generate_appraisals()
        self.assertEqual(self.period.appraisal_count, 6)

    def test_month_without_target_is_not_measured(self):
        # The plans carry March targets only: in April their positive lines are not measured.
        april = self._open_month(MONTH + 1)
        appraisal = self._appraisal(self.staff_1, april)
        self.assertFalse(any(appraisal.line_ids.mapped("is_measured")))
        self.assertEqual(appraisal.line_ids.mapped("target"), [0.0, 0.0, 0.0])

    def test_same_month_twice_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._open_month(MONTH)

    def test_opening_a_month_needs_hr(self):
        with self.assertRaises(AccessError):
            self.env["iki.period"].with_user(self.user_agency_admin).create(
                {"year": YEAR, "month": MONTH + 1, "company_id": self.company.id}
            )

    def test_generating_appraisals_needs_hr(self):
        with self.assertRaises(UserError):
            self.period.with_user(self.user_agency_admin).action_generate_appraisals()


class TestLineAchievement(AppraisalCase):
    """One line per polarity (brief section 3) on the plan of a fourth staff member."""

    @classmethod
    def _setup_plans(cls):  # pylint: disable=missing-return
        super()._setup_plans()
        cls.staff_4 = cls._make_employee("Staf Empat", cls.section, cls.sec_head)

        def ind(name, **vals):
            return cls._make_indicator(
                name, "individual", cls.ind_e4, cls.section, cls.staff_4, **vals
            )

        cls.ind_neg = ind("Waktu tunggu", polarity="negative", target=7.0)
        cls.ind_zero = ind("Temuan audit", polarity="negative", target=0.0)
        cls.ind_range = ind("Suhu ruang", polarity="range", target=80.0, target_max=90.0)
        cls.ind_bool = ind("Peluncuran aplikasi", polarity="boolean", target=1.0)
        cls.ind_growth = ind("Pertumbuhan", target=5.0, allow_negative=True)
        cls.plan_4 = cls._approve(
            cls._make_month_plan(
                cls.staff_4,
                [
                    (cls.ind_neg, 20.0, "utama", 7.0),
                    (cls.ind_zero, 20.0, "utama", 0.0),
                    (cls.ind_range, 20.0, "utama", 80.0),
                    (cls.ind_bool, 20.0, "utama", 1.0),
                    (cls.ind_growth, 20.0, "utama", 5.0),
                ],
            )
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appraisal_4 = cls._appraisal(cls.staff_4)

    def _achievement(self, appraisal, indicator, value):
        self._realise(appraisal, {indicator: value})
        return self._line(appraisal, indicator).achievement

    def test_positive(self):
        a1 = self.appraisal_1
        for r in (0.0, 5.0, 9.0, 10.0, 11.0, 12.0):
            with self.subTest(r=r):
                self.assertPercent(self._achievement(a1, self.ind_staff_a, r), positive(r, T_A))

    def test_positive_capped(self):
        a1 = self.appraisal_1
        self.assertEqual(self._achievement(a1, self.ind_staff_a, 13.0), CAP)
        self.assertEqual(self._achievement(a1, self.ind_staff_a, 100.0), CAP)

    def test_negative(self):
        a4 = self.appraisal_4
        # Brief example: target 7, realisation 6.5 -> 107.1.
        self.assertPercent(self._achievement(a4, self.ind_neg, 6.5), (2 - 6.5 / 7) * 100)
        self.assertPercent(self._achievement(a4, self.ind_neg, 7.0), 100.0)
        self.assertPercent(self._achievement(a4, self.ind_neg, 10.0), (2 - 10 / 7) * 100)
        # Floored at 0, capped at the cap.
        self.assertEqual(self._achievement(a4, self.ind_neg, 15.0), 0.0)
        self.assertEqual(self._achievement(a4, self.ind_neg, 0.0), CAP)

    def test_negative_with_zero_target(self):
        # "Zero findings": none -> 100, any -> 0; never a division by zero.
        a4 = self.appraisal_4
        self.assertEqual(self._achievement(a4, self.ind_zero, 0.0), 100.0)
        self.assertEqual(self._achievement(a4, self.ind_zero, 1.0), 0.0)

    def test_range(self):
        a4 = self.appraisal_4
        # Brief example: range 80-90, realisation 70 -> 87.5.
        self.assertPercent(self._achievement(a4, self.ind_range, 70.0), 70 / 80 * 100)
        self.assertEqual(self._achievement(a4, self.ind_range, 80.0), 100.0)
        self.assertEqual(self._achievement(a4, self.ind_range, 85.0), 100.0)
        self.assertEqual(self._achievement(a4, self.ind_range, 90.0), 100.0)
        self.assertPercent(self._achievement(a4, self.ind_range, 99.0), 99 / 90 * 100)
        self.assertEqual(self._achievement(a4, self.ind_range, 200.0), CAP)

    def test_boolean(self):
        a4 = self.appraisal_4
        self.assertEqual(self._achievement(a4, self.ind_bool, 1.0), 100.0)
        self.assertEqual(self._achievement(a4, self.ind_bool, 0.0), 0.0)

    def test_negative_realisation_refused(self):
        line = self._line(self.appraisal_1, self.ind_staff_a)
        with self.assertRaises(ValidationError) as caught:
            line.with_user(self.user_employee).write({"realization": -1.0})
        self.assertIn(self.ind_staff_a.name, str(caught.exception))
        self.assertFalse(line.realization_entered)

    def test_negative_realisation_allowed_by_the_indicator(self):
        # A growth rate may fall: accepted, and it achieves nothing of a positive target.
        line = self._line(self.appraisal_4, self.ind_growth)
        self._realise(self.appraisal_4, {self.ind_growth: -2.0})
        self.assertEqual(line.realization, -2.0)
        self.assertEqual(line.achievement, 0.0)

    def test_plan_achievement_of_all_polarities(self):
        values = {
            self.ind_neg: 6.5,
            self.ind_zero: 0.0,
            self.ind_range: 70.0,
            self.ind_bool: 1.0,
            self.ind_growth: 6.0,
        }
        self._realise(self.appraisal_4, values)
        lines = (
            negative(6.5, 7.0),
            100.0,
            70 / 80 * 100,
            100.0,
            positive(6.0, 5.0),
        )
        self.assertPercent(self.appraisal_4.achievement, sum(20.0 * v for v in lines) / 100)

    def test_plan_achievement_weighted_with_tambahan_bonus(self):
        self._realise(self.appraisal_1, self._plan_1_values(9.0, 25.0, 2.0))
        self.assertEqual(
            self.appraisal_1.line_ids.sorted("id").mapped("achievement"),
            [positive(9, T_A), CAP, positive(2, T_C)],
        )
        # (60 x 90 + 40 x 120) / 100 + 10 x 50 / 100 = 107
        self.assertPercent(self.appraisal_1.achievement, plan_1_achievement(9.0, 25.0, 2.0))
        self.assertPercent(self.appraisal_1.achievement, 107.0)

    def test_tambahan_never_lowers_and_is_bounded(self):
        a1 = self.appraisal_1
        self._realise(a1, self._plan_1_values(9.0, 20.0, 0.0))
        base = (W_A * positive(9, T_A) + W_B * positive(20, T_B)) / 100
        self.assertPercent(a1.achievement, base)
        self._realise(a1, {self.ind_staff_c: 40.0})  # 1000%, capped at 120: full bonus only
        self.assertPercent(a1.achievement, base + BONUS_MAX)

    def test_results_follow_every_realisation(self):
        a1 = self.appraisal_1
        self._realise(a1, self._plan_1_values(9.0, 20.0, 0.0))
        self.assertEqual(a1.work_rating_auto, "meets")
        self._realise(a1, {self.ind_staff_a: 5.0})
        self.assertPercent(a1.achievement, plan_1_achievement(5.0, 20.0, 0.0))
        self.assertEqual(a1.work_rating_auto, "below")


class TestRatingsAndPredicates(AppraisalCase):
    def _submitted(self, values):
        return self._submit_appraisal(self.appraisal_1, self._plan_1_values(*values))

    def test_work_rating_thresholds(self):
        cases = [
            # (realisations a, b, c), expected rating
            ((9.0, 20.0, 0.0), "meets"),  # 94
            ((8.0, 20.0, 0.0), "below"),  # 88
            ((9.0, 21.0, 0.0), "meets"),  # 96
            ((9.0, 24.0, 4.0), "above"),  # 54 + 48 + 10 = 112
            ((8.9, 24.0, 4.0), "meets"),  # 111.4 but a main line at 89 < 90
        ]
        for values, expected in cases:
            with self.subTest(values=values):
                self._realise(self.appraisal_1, self._plan_1_values(*values))
                achievement = plan_1_achievement(*values)
                self.assertPercent(self.appraisal_1.achievement, achievement)
                lowest_utama = min(positive(values[0], T_A), positive(values[1], T_B))
                if achievement >= ABOVE and lowest_utama >= MEETS:
                    rating = "above"
                elif achievement >= MEETS:
                    rating = "meets"
                else:
                    rating = "below"
                self.assertEqual(rating, expected)
                self.assertEqual(self.appraisal_1.work_rating_auto, expected)
                self.assertEqual(self.appraisal_1.work_rating, expected)

    def test_behaviour_majority(self):
        a1 = self._submitted((9.0, 20.0, 0.0))
        keys = BERAKHLAK_KEYS
        cases = [
            (dict.fromkeys(keys, "meets"), "meets"),
            ({**dict.fromkeys(keys[:4], "above"), **dict.fromkeys(keys[4:], "meets")}, "above"),
            ({**dict.fromkeys(keys[:4], "below"), **dict.fromkeys(keys[4:], "above")}, "below"),
            # No strict majority: meets.
            (
                {
                    **dict.fromkeys(keys[:3], "above"),
                    **dict.fromkeys(keys[3:6], "below"),
                    keys[6]: "meets",
                },
                "meets",
            ),
            # A majority above, but one value below: meets.
            (
                {**dict.fromkeys(keys[:6], "above"), keys[6]: "below"},
                "meets",
            ),
        ]
        for ratings, expected in cases:
            with self.subTest(ratings=ratings):
                self._rate(a1, ratings)
                self.assertEqual(a1.behaviour_rating_auto, expected)
                self.assertEqual(a1.behaviour_rating, expected)

    def test_no_predicate_until_the_seven_values_are_rated(self):
        a1 = self._submitted((9.0, 20.0, 0.0))
        self._rate(a1, dict.fromkeys(BERAKHLAK_KEYS[:6], "meets"))
        self.assertFalse(a1.behaviour_rating)
        self.assertFalse(a1.predicate)
        self._rate(a1, {BERAKHLAK_KEYS[6]: "meets"})
        self.assertEqual((a1.behaviour_rating, a1.predicate), ("meets", "baik"))

    def test_quadrant(self):
        a1 = self._submitted((9.0, 20.0, 0.0)).with_user(self.user_sec_head)
        for (work, behaviour), predicate in QUADRANT_TABLE.items():
            with self.subTest(work=work, behaviour=behaviour):
                a1.write(
                    {
                        "work_rating_override": work,
                        "work_override_reason": "Hasil kerja dinilai ulang",
                        "behaviour_rating_override": behaviour,
                        "behaviour_override_reason": "Perilaku dinilai ulang",
                    }
                )
                self.assertEqual((a1.work_rating, a1.behaviour_rating), (work, behaviour))
                self.assertEqual(a1.predicate, predicate)
        # The computed work rating is kept next to the override.
        self.assertEqual(a1.work_rating_auto, "meets")

    def test_quadrant_from_the_computed_ratings(self):
        a1 = self._submitted((9.0, 24.0, 4.0))  # 112: above
        self._rate(a1, "above")
        self.assertEqual((a1.work_rating, a1.behaviour_rating), ("above", "above"))
        self.assertEqual(a1.predicate, QUADRANT_TABLE["above", "above"])
        self.assertEqual(a1.final_score, 0.0)  # the numeric score is not used

    def test_work_override_needs_a_reason(self):
        a1 = self._submitted((9.0, 20.0, 0.0)).with_user(self.user_sec_head)
        with self.assertRaises(ValidationError):
            a1.write({"work_rating_override": "above"})
        with self.assertRaises(ValidationError):
            a1.write({"work_rating_override": "above", "work_override_reason": "  "})
        self.assertFalse(a1.work_rating_override)

    def test_behaviour_override_needs_a_reason(self):
        a1 = self._submitted((9.0, 20.0, 0.0)).with_user(self.user_sec_head)
        with self.assertRaises(ValidationError):
            a1.write({"behaviour_rating_override": "below"})

    def test_removing_an_override_restores_the_computed_rating(self):
        a1 = self._submitted((9.0, 20.0, 0.0)).with_user(self.user_sec_head)
        a1.write({"work_rating_override": "below", "work_override_reason": "Terlambat"})
        self.assertEqual(a1.work_rating, "below")
        a1.write({"work_rating_override": False})
        self.assertEqual(a1.work_rating, "meets")

    def test_numeric_method_70_30(self):
        self.rule_set.predicate_method = "numeric"
        a1 = self._submitted((9.8, 19.6, 0.0))  # 98%
        self._rate(a1, "meets")
        self.assertPercent(a1.achievement, 98.0)
        self.assertPercent(a1.skp_score, nilai(98.0))  # brief example: 98% -> 88
        self.assertPercent(a1.skp_score, 88.0)
        expected = nilai(98.0) * SKP_W + RATING_SCORE["meets"] * BEHAVIOUR_W  # 91.6
        self.assertPercent(a1.final_score, expected)
        self.assertEqual(a1.predicate, "baik")  # 90-120

    def test_numeric_method_60_40(self):
        self.rule_set.write({"predicate_method": "numeric", "numeric_weights": "60_40"})
        a1 = self._submitted((9.8, 19.6, 0.0))
        self._rate(a1, "meets")
        self.assertPercent(a1.final_score, nilai(98.0) * 0.6 + RATING_SCORE["meets"] * 0.4)

    def test_numeric_sangat_baik_needs_an_innovation(self):
        self.rule_set.predicate_method = "numeric"
        a1 = self._submitted((12.0, 24.0, 4.0))  # 120 + 10
        self._rate(a1, "above")
        self.assertPercent(a1.skp_score, nilai(130.0))  # 115% -> 120 in the brief
        self.assertPercent(a1.final_score, 120.0 * SKP_W + RATING_SCORE["above"] * BEHAVIOUR_W)
        self.assertEqual(a1.predicate, "baik")
        a1.with_user(self.user_sec_head).has_innovation = True
        self.assertEqual(a1.predicate, "sangat_baik")

    def test_numeric_bands(self):
        self.rule_set.predicate_method = "numeric"
        a1 = self._submitted((9.8, 19.6, 0.0))
        cases = [
            # (realisations, behaviour), achievement, predicate
            (((8.0, 16.0, 0.0), "meets"), 80.0, "butuh_perbaikan"),  # 70 x .7 + 30 = 79
            (((5.0, 10.0, 0.0), "meets"), 50.0, "kurang"),  # 41.53 x .7 + 30 = 59.07
            (((3.0, 6.0, 0.0), "below"), 30.0, "sangat_kurang"),  # 24.92 x .7 + 18 = 35.44
        ]
        for (values, behaviour), achievement, predicate in cases:
            with self.subTest(achievement=achievement, behaviour=behaviour):
                self.env["iki.appraisal.return.wizard"].with_user(self.user_sec_head).create(
                    {"appraisal_ids": [(6, 0, a1.ids)], "feedback": "Perbaiki"}
                ).action_confirm()
                self._submitted(values)
                self._rate(a1, behaviour)
                self.assertPercent(a1.achievement, achievement)
                score = nilai(achievement) * SKP_W + RATING_SCORE[behaviour] * BEHAVIOUR_W
                self.assertPercent(a1.final_score, score)
                self.assertEqual(a1.predicate, predicate)


class TestEvidence(AppraisalCase):
    def setUp(self):
        super().setUp()
        self.line_a = self._line(self.appraisal_1, self.ind_staff_a)
        self._realise(self.appraisal_1, self._plan_1_values(9.0, 20.0, 0.0))

    def _submit_a1(self):
        self.appraisal_1.with_user(self.user_employee).action_submit()

    def test_evidence_required(self):
        with self.assertRaises(UserError) as caught:
            self._submit_a1()
        self.assertIn("evidence", str(caught.exception))
        self.assertIn(self.ind_staff_a.name, str(caught.exception))
        self.assertEqual(self.appraisal_1.state, "draft")

    def test_evidence_attached_then_submitted(self):
        attachment = self._attach(self.line_a)
        self.assertEqual(self.line_a.evidence_count, 1)
        self.assertFalse(self.line_a.evidence_duplicate)
        self._submit_a1()
        self.assertEqual(self.appraisal_1.state, "submitted")
        # The appraiser reads the evidence.
        self.assertTrue(attachment.with_user(self.user_sec_head).datas)

    def test_minimum_number_of_files(self):
        # The rules frozen on the plan line when the plan is approved count: as if approved
        # with two files required.
        self.ind_staff_a.evidence_min_files = 2
        self.line_a.plan_line_id._iki_snapshot_evidence_rules()
        self._attach(self.line_a, "bukti-1.pdf")
        with self.assertRaises(UserError) as caught:
            self._submit_a1()
        self.assertIn("at least 2", str(caught.exception))
        self._attach(self.line_a, "bukti-2.pdf")
        self._submit_a1()
        self.assertEqual(self.appraisal_1.state, "submitted")

    def test_file_type_refused(self):
        # At upload, not first at submission.
        with self.assertRaises(UserError) as caught:
            self._attach(self.line_a, "bukti.docx")
        self.assertIn("bukti.docx", str(caught.exception))
        self.assertIn("jpg, pdf", str(caught.exception))
        self.assertFalse(self.line_a.attachment_ids)

    def test_file_type_is_case_insensitive(self):
        self._attach(self.line_a, "BUKTI.PDF")
        self._submit_a1()
        self.assertEqual(self.appraisal_1.state, "submitted")

    def test_file_size_limit(self):
        limit = int(self.ind_staff_a.evidence_max_size_mb * 1024 * 1024)
        # At upload, not first at submission.
        with self.assertRaises(UserError) as caught:
            self._attach(self.line_a, "besar.pdf", pdf_bytes("besar", limit + 1))
        self.assertIn("besar.pdf", str(caught.exception))
        self.assertIn("larger than", str(caught.exception))
        self.assertFalse(self.line_a.attachment_ids)

    def test_file_at_the_size_limit_accepted(self):
        limit = int(self.ind_staff_a.evidence_max_size_mb * 1024 * 1024)
        self._attach(self.line_a, "pas.pdf", pdf_bytes("pas", limit))
        self._submit_a1()
        self.assertEqual(self.appraisal_1.state, "submitted")

    def test_file_reused_in_another_month_flagged(self):
        february = self._open_month(MONTH - 1)
        feb_line = self._line(self._appraisal(self.staff_1, february), self.ind_staff_a)
        content = pdf_bytes("laporan-februari")
        self._attach(feb_line, "laporan-februari.pdf", content)
        self.assertFalse(feb_line.evidence_duplicate)
        # Same content (same checksum) under another name in March.
        self._attach(self.line_a, "laporan-maret.pdf", content)
        self.assertTrue(self.line_a.evidence_duplicate)
        self.assertIn("laporan-maret.pdf", self.line_a.evidence_duplicate_info)
        self.assertEqual(self.appraisal_1.evidence_warning_count, 1)
        # Flagged, not refused.
        self._submit_a1()
        self.assertEqual(self.appraisal_1.state, "submitted")

    def test_file_of_another_employee_flagged(self):
        content = pdf_bytes("laporan-bersama")
        line_2 = self._line(self.appraisal_2, self.ind_staff2)
        self._attach(line_2, "laporan.pdf", content, user=self.user_hr_officer)
        self._attach(self.line_a, "laporan-saya.pdf", content)
        self.assertTrue(self.line_a.evidence_duplicate)

    def test_same_file_on_two_lines_of_one_appraisal_not_flagged(self):
        content = pdf_bytes("satu-berkas")
        self._attach(self.line_a, "berkas.pdf", content)
        line_b = self._line(self.appraisal_1, self.ind_staff_b)
        self._attach(line_b, "berkas.pdf", content)
        self.assertFalse(self.line_a.evidence_duplicate)
        self.assertFalse(line_b.evidence_duplicate)
        self.assertEqual(self.appraisal_1.evidence_warning_count, 0)

    def test_different_files_not_flagged(self):
        february = self._open_month(MONTH - 1)
        feb_line = self._line(self._appraisal(self.staff_1, february), self.ind_staff_a)
        self._attach(feb_line, "laporan.pdf", pdf_bytes("februari"))
        self._attach(self.line_a, "laporan.pdf", pdf_bytes("maret"))
        self.assertFalse(self.line_a.evidence_duplicate)

    def test_attachment_content_is_stored(self):
        attachment = self._attach(self.line_a, "bukti.pdf", pdf_bytes("isi"))
        self.assertEqual(base64.b64decode(attachment.datas), pdf_bytes("isi"))
        self.assertEqual(attachment.mimetype, "application/pdf")


class TestWorkflow(AppraisalCase):
    def test_submit(self):
        a1 = self._submit_appraisal(self.appraisal_1, self._plan_1_values(9.0, 25.0, 2.0))
        self.assertEqual(a1.state, "submitted")
        self.assertEqual(a1.submitted_date.date(), datetime.date(YEAR, MONTH, 15))
        self.assertFalse(a1.is_late)
        self.assertEqual(a1.appraiser_id, self.sec_head)
        self.assertPercent(a1.achievement, plan_1_achievement(9.0, 25.0, 2.0))
        activity = a1.activity_ids
        self.assertEqual(activity.user_id, self.user_sec_head)
        self.assertEqual(activity.date_deadline, CUTOFF)

    def test_submit_needs_every_realisation(self):
        self._realise(self.appraisal_1, {self.ind_staff_a: 9.0, self.ind_staff_b: 20.0})
        self._attach(self._line(self.appraisal_1, self.ind_staff_a))
        with self.assertRaises(UserError) as caught:
            self.appraisal_1.with_user(self.user_employee).action_submit()
        self.assertIn(self.ind_staff_c.name, str(caught.exception))

    def test_a_realisation_of_zero_counts_as_entered(self):
        a1 = self._submit_appraisal(self.appraisal_1, self._plan_1_values(0.0, 0.0, 0.0))
        self.assertEqual((a1.state, a1.achievement, a1.work_rating), ("submitted", 0.0, "below"))

    def test_submit_twice_refused(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            a1.with_user(self.user_employee).action_submit()

    def test_submitted_appraisal_locked_for_the_employee(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        line = self._line(a1, self.ind_staff_a).with_user(self.user_employee)
        with self.assertRaises(UserError):
            line.write({"realization": 1.0})
        with self.assertRaises(UserError):
            line.write({"note": "Koreksi"})
        self.assertEqual(line.realization, T_A)

    def test_return_with_feedback_keeps_everything(self):
        a1 = self._submit_appraisal(self.appraisal_1, self._plan_1_values(9.0, 25.0, 2.0))
        attachments = a1.line_ids.attachment_ids
        achievement = a1.achievement
        wizard = (
            self.env["iki.appraisal.return.wizard"]
            .with_user(self.user_sec_head)
            .create({"appraisal_ids": [(6, 0, a1.ids)], "feedback": "Lengkapi bukti dukung"})
        )
        wizard.action_confirm()
        self.assertEqual(a1.state, "returned")
        self.assertEqual(a1.feedback, "Lengkapi bukti dukung")
        self.assertEqual(a1.line_ids.sorted("id").mapped("realization"), [9.0, 25.0, 2.0])
        self.assertEqual(a1.line_ids.attachment_ids, attachments)
        self.assertEqual(a1.achievement, achievement)
        self.assertFalse(a1.activity_ids)
        self.assertIn("Lengkapi bukti dukung", a1.message_ids[0].body)
        # The employee corrects and resubmits.
        self._realise(a1, {self.ind_staff_a: 10.0})
        a1.with_user(self.user_employee).action_submit()
        self.assertEqual(a1.state, "submitted")
        self.assertPercent(a1.achievement, plan_1_achievement(10.0, 25.0, 2.0))

    def test_return_needs_feedback(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            a1.with_user(self.user_sec_head).action_return()
        self.assertEqual(a1.state, "submitted")

    def test_return_with_feedback_written_on_the_form(self):
        a1 = self._submit_appraisal(self.appraisal_1).with_user(self.user_sec_head)
        a1.feedback = "Target B belum tercapai"
        a1.action_return()
        self.assertEqual(a1.state, "returned")

    def test_return_a_draft_refused(self):
        with self.assertRaises(UserError):
            self.appraisal_1.with_user(self.user_sec_head)._action_return(feedback="Perbaiki")

    def test_approve(self):
        a1 = self._submit_appraisal(self.appraisal_1, self._plan_1_values(9.0, 25.0, 2.0))
        self._approve_appraisal(a1, "meets")
        self.assertEqual(a1.state, "approved")
        self.assertEqual(a1.approved_by_id, self.user_sec_head)
        self.assertEqual(a1.approved_date.date(), datetime.date(YEAR, MONTH, 15))
        # 107%: meets; behaviour meets: Baik.
        self.assertEqual(
            (a1.work_rating, a1.behaviour_rating, a1.predicate), ("meets",) * 2 + ("baik",)
        )
        self.assertFalse(a1.activity_ids)

    def test_approve_needs_the_seven_values(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        self._rate(a1, dict.fromkeys(BERAKHLAK_KEYS[:6], "meets"))
        with self.assertRaises(UserError) as caught:
            a1.with_user(self.user_sec_head).action_approve()
        self.assertIn("BerAKHLAK", str(caught.exception))
        self.assertEqual(a1.state, "submitted")

    def test_approve_with_a_behaviour_override(self):
        a1 = self._submit_appraisal(self.appraisal_1).with_user(self.user_sec_head)
        a1.write(
            {
                "behaviour_rating_override": "above",
                "behaviour_override_reason": "Teladan bagi rekan kerja",
            }
        )
        a1.action_approve()
        self.assertEqual((a1.state, a1.behaviour_rating), ("approved", "above"))

    def test_approve_twice_refused(self):
        a1 = self._approve_appraisal(self._submit_appraisal(self.appraisal_1))
        with self.assertRaises(UserError):
            a1.with_user(self.user_sec_head).action_approve()

    def test_approve_a_draft_refused(self):
        with self.assertRaises(UserError):
            self.appraisal_1.with_user(self.user_sec_head).action_approve()

    def test_approval_by_a_non_appraiser_refused(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        self._rate(a1, "meets")
        # The agency administrator sees the appraisal but does not appraise.
        with self.assertRaises(AccessError):
            a1.with_user(self.user_agency_admin).action_approve()
        # Another section head (an appraiser, of other staff).
        with self.assertRaises(AccessError):
            a1.with_user(self.user_sec2_head).action_approve()
        self.assertEqual(a1.state, "submitted")

    def test_hr_may_approve(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(a1, "meets", user=self.user_hr_officer)
        self.assertEqual(a1.state, "approved")
        self.assertEqual(a1.approved_by_id, self.user_hr_officer)
        # HR approves on behalf: the appraiser on record stays the supervisor.
        self.assertEqual(a1.appraiser_id, self.sec_head)

    def test_acting_appraiser_may_approve(self):
        # sec2_head is Plt of the section head for March.
        self.env["iki.appraiser.assignment"].with_user(self.user_hr_officer).create(
            {
                "kind": "plt",
                "appraiser_id": self.sec2_head.id,
                "replaced_employee_id": self.sec_head.id,
                "date_from": datetime.date(YEAR, MONTH, 1),
                "date_to": MONTH_END,
                "reason": "Kepala seksi cuti besar",
            }
        )
        a1 = self._submit_appraisal(self.appraisal_1)
        self.assertEqual(a1.appraiser_id, self.sec2_head)
        self._rate(a1, "meets", user=self.user_sec2_head)
        # The replaced official no longer decides.
        with self.assertRaises(AccessError):
            a1.with_user(self.user_sec_head).action_approve()
        a1.with_user(self.user_sec2_head).action_approve()
        self.assertEqual((a1.state, a1.approved_by_id), ("approved", self.user_sec2_head))
        self.assertEqual(a1.appraiser_id, self.sec2_head)

    def test_bulk_approve(self):
        a1 = self._submit_appraisal(self.appraisal_1, self._plan_1_values(9.0, 25.0, 2.0))
        # staff_2 has no user: the agency administrator submits on his behalf.
        a2 = self._submit_appraisal(
            self.appraisal_2, {self.ind_staff2: 4.0}, user=self.user_agency_admin
        )
        self.assertEqual(a2.appraiser_id, self.sec_head)
        self._rate(a1, "meets")
        self._rate(a2, "above")
        (a1 | a2).with_user(self.user_sec_head).action_approve()
        self.assertEqual((a1 | a2).mapped("state"), ["approved", "approved"])
        self.assertEqual(a1.predicate, QUADRANT_TABLE["meets", "meets"])
        # staff_2: 4 of 5 = 80%: below.
        self.assertPercent(a2.achievement, positive(4.0, 5.0))
        self.assertEqual(a2.predicate, QUADRANT_TABLE["below", "above"])

    def test_bulk_approve_is_all_or_nothing(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        self._rate(a1, "meets")
        with self.assertRaises(UserError):
            (a1 | self.appraisal_2).with_user(self.user_sec_head).action_approve()
        self.assertEqual(a1.state, "submitted")

    def test_bulk_return_with_the_wizard(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        a2 = self._submit_appraisal(self.appraisal_2, user=self.user_hr_officer)
        action = (a1 | a2).with_user(self.user_sec_head).action_return_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_sec_head)
            .with_context(**action["context"])
            .create({"feedback": "Bukti dukung kurang jelas"})
        )
        self.assertEqual(wizard.appraisal_ids, a1 | a2)
        wizard.action_confirm()
        self.assertEqual((a1 | a2).mapped("state"), ["returned", "returned"])
        self.assertEqual(set((a1 | a2).mapped("feedback")), {"Bukti dukung kurang jelas"})

    @freeze_time("2025-04-05 09:00:00")
    def test_submission_on_the_cutoff_day_is_on_time(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        self.assertFalse(a1.is_late)

    @freeze_time("2025-04-06 09:00:00")
    def test_late_submission_marked_when_allowed(self):
        self.assertTrue(self.period.allow_late_submission)
        a1 = self._submit_appraisal(self.appraisal_1)
        self.assertEqual((a1.state, a1.is_late), ("submitted", True))

    @freeze_time("2025-04-06 09:00:00")
    def test_late_submission_refused_when_not_allowed(self):
        self.period.with_user(self.user_hr_officer).allow_late_submission = False
        self._fill(self.appraisal_1)
        with self.assertRaises(UserError) as caught:
            self.appraisal_1.with_user(self.user_employee).action_submit()
        self.assertIn(str(CUTOFF), str(caught.exception))
        self.assertEqual(self.appraisal_1.state, "draft")

    def test_late_rules_follow_the_rule_set(self):
        self.rule_set.write({"cutoff_day": 10, "allow_late_submission": False})
        april = self._open_month(MONTH + 1)
        self.assertEqual(april.cutoff_date, datetime.date(YEAR, MONTH + 2, 10))
        self.assertFalse(april.allow_late_submission)

    def test_cutoff_before_the_month_end_refused(self):
        with self.assertRaises(ValidationError):
            self.period.with_user(self.user_hr_officer).cutoff_date = datetime.date(YEAR, MONTH, 20)

    def test_draft_appraisal_of_an_open_month_can_be_regenerated(self):
        # HR may remove a draft appraisal (e.g. created by mistake) and generate it again.
        self.appraisal_3.with_user(self.user_hr_officer).unlink()
        self.period.with_user(self.user_hr_officer).action_generate_appraisals()
        self.assertTrue(self._appraisal(self.staff_3))

    def test_submitted_appraisal_cannot_be_deleted(self):
        a1 = self._submit_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            a1.with_user(self.user_hr_officer).unlink()


class TestBulkApproval(AppraisalCase):
    """An appraiser approves a whole list at once."""

    EXTRA = 10

    @classmethod
    def _setup_plans(cls):  # pylint: disable=missing-return
        super()._setup_plans()
        cls.extra = cls.env["hr.employee"]
        for i in range(cls.EXTRA):
            employee = cls._make_employee(f"Staf Tambahan {i}", cls.section, cls.sec_head)
            indicator = cls._make_indicator(
                f"Keluaran {i}", "individual", cls.ind_e4, cls.section, employee,
                evidence_required=False,
            )  # fmt: skip
            cls._approve(cls._make_month_plan(employee, [(indicator, 100.0, "utama", 5.0)]))
            cls.extra |= employee

    def test_approve_a_list(self):
        appraisals = self.period.appraisal_ids.filtered(lambda a: a.employee_id in self.extra)
        self.assertEqual(len(appraisals), self.EXTRA)
        for index, appraisal in enumerate(appraisals):
            self._realise(appraisal, {appraisal.line_ids.indicator_id: float(index)})
        appraisals.with_user(self.user_agency_admin).action_submit()
        self.assertEqual(set(appraisals.mapped("appraiser_id")), {self.sec_head})
        for appraisal in appraisals:
            self._rate(appraisal, "meets")
        appraisals.with_user(self.user_sec_head).action_approve()
        self.assertEqual(set(appraisals.mapped("state")), {"approved"})
        self.assertEqual(set(appraisals.mapped("approved_by_id")), {self.user_sec_head})
        for index, appraisal in enumerate(appraisals):
            achievement = positive(float(index), 5.0)
            self.assertPercent(appraisal.achievement, achievement)
            rating = (
                "above" if achievement >= ABOVE else "meets" if achievement >= MEETS else "below"
            )
            self.assertEqual(appraisal.predicate, QUADRANT_TABLE[rating, "meets"])
        self.assertFalse(appraisals.activity_ids)
