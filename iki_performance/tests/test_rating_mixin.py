"""What the monthly appraisal and the annual evaluation share through ``iki.rating.mixin``: the
SKP nilai of the rules of the record, and the refusal of an override without a reason.

One closed month (January of :data:`YEAR`): staff_1 realises 9 of the monthly target 10 (90 %)
and is rated "meets"; the annual evaluation is built from that month.
"""

import dataclasses

from odoo.exceptions import ValidationError

from .. import engine
from .common import YEAR
from .common_cycle import MONTH_TARGET, IkiCycleCommon

REALISATION = 9.0
ACHIEVEMENT = REALISATION / MONTH_TARGET * 100  # 90 %
# A conversion other than the brief's: nilai == capaian (one band from 0, slope 1).
LINEAR_BANDS = (engine.NilaiBand(0.0, 0.0, 1.0),)
SKP_W, BEHAVIOUR_W = 0.7, 0.3  # numeric method, supervisor rates behaviour
MEETS_SCORE = 100.0  # numeric behaviour score of "meets" (our documented default)


class TestRatingMixin(IkiCycleCommon):
    def _close_january(self):
        """staff_1's January appraisal, submitted, approved ("meets") and closed."""
        period = self._open_month(1)
        monthly = self._appraisal(self.staff_1, period)
        self._submit_month(monthly, REALISATION)
        self._approve_month(monthly, "meets")
        self._close(period)
        return monthly

    def _annual(self):
        annuals = (
            self.env["iki.appraisal.annual"]
            .with_user(self.user_hr_officer)
            ._iki_generate_for_year(self.company, YEAR)
            .sudo()
        )
        return annuals.filtered(lambda a: a.employee_id == self.staff_1)

    def test_rule_set_conversion_gives_the_same_nilai_monthly_and_annual(self):
        # The rules of the record (not the engine's defaults) convert the achievement to the
        # SKP nilai, for the month as for the year.
        RuleSet = type(self.env["iki.rule.set"])
        engine_rules = RuleSet._iki_engine_rules

        def linear_rules(rule_set):
            return dataclasses.replace(engine_rules(rule_set), nilai_bands=LINEAR_BANDS)

        self.patch(RuleSet, "_iki_engine_rules", linear_rules)
        self.rule_set.predicate_method = "numeric"
        monthly = self._close_january()
        annual = self._annual()
        self.assertAlmostEqual(annual.achievement, ACHIEVEMENT)
        for record in (monthly, annual):
            with self.subTest(model=record._name):
                self.assertAlmostEqual(record.skp_score, ACHIEVEMENT)  # linear: nilai == capaian
                final = ACHIEVEMENT * SKP_W + MEETS_SCORE * BEHAVIOUR_W  # 93: Baik (>= 90)
                self.assertAlmostEqual(record.final_score, final)
                self.assertEqual(record.predicate, "baik")
        # The brief's conversion would give 70 + (90 - 80) = 80, a final score of 86 and
        # Butuh Perbaikan: the rule set changed both figures the same way.
        self.assertAlmostEqual(engine.nilai_capaian(ACHIEVEMENT), 70 + (ACHIEVEMENT - 80))
        self.assertNotAlmostEqual(engine.nilai_capaian(ACHIEVEMENT), ACHIEVEMENT)

    def test_override_without_reason_refused_naming_the_record(self):
        self._close_january()
        annual = self._annual()
        annual.with_user(self.user_employee).action_submit()
        monthly = self._appraisal(self.staff_1, self._open_month(2))
        self._submit_month(monthly, MONTH_TARGET)
        for record, label in ((monthly, "Appraisal"), (annual, "Annual evaluation")):
            before = record.read(["work_rating", "behaviour_rating", "predicate"])
            for rating in ("work", "behaviour"):
                override = f"{rating}_rating_override"
                with self.subTest(model=record._name, rating=rating):
                    with self.assertRaises(ValidationError) as caught:
                        record.with_user(self.user_sec_head).write(
                            {override: "above", f"{rating}_override_reason": "  "}
                        )
                    self.assertEqual(
                        str(caught.exception),
                        f"{label} {record.name}: overriding the {rating} rating needs a written "
                        "reason.",
                    )
                    self.assertFalse(record[override])
                    self.assertEqual(
                        record.read(["work_rating", "behaviour_rating", "predicate"]), before
                    )
            # With a reason, the same override is accepted.
            record.with_user(self.user_sec_head).write(
                {"work_rating_override": "above", "work_override_reason": "Beban kerja tambahan."}
            )
            self.assertEqual(record.work_rating, "above")
