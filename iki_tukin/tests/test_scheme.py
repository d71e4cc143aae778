import datetime
from decimal import Decimal

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .. import engine
from ..engine import constants as C
from ..models.iki_tukin_scheme import DEFAULT_BASE_TABLE
from .common import IkiTukinCommon


class TestScheme(IkiTukinCommon):
    """Versioned schemes: shipped defaults, engine scheme, lookup, overlaps, bad values."""

    def test_default_scheme_has_the_brief_defaults(self):
        scheme = self.scheme
        self.assertEqual(len(scheme), 1)
        self.assertEqual(scheme.date_from, datetime.date(2020, 1, 1))
        self.assertFalse(scheme.date_to)
        rules = scheme._iki_engine_scheme()
        self.assertEqual(rules.rounding, C.ROUNDING_HALF_UP)
        self.assertEqual(rules.split_mode, C.SPLIT_SPLIT)
        self.assertEqual((rules.performance_share_pct, rules.discipline_share_pct), (60, 40))
        self.assertEqual(rules.performance_mode, C.PERFORMANCE_PROPORTIONAL)
        self.assertEqual(rules.deduction_target, C.DEDUCTION_ON_DISCIPLINE)
        self.assertEqual(rules.late_bands, engine.DEFAULT_LATE_BANDS)
        self.assertEqual(rules.early_bands, engine.DEFAULT_EARLY_BANDS)
        self.assertEqual((rules.absent_pct, rules.absent_streak_days), (4, 10))
        self.assertEqual(dict(rules.predicate_pct), dict(engine.DEFAULT_PREDICATE_PCT))
        self.assertEqual(
            [b.pct for b in rules.leave_table[C.LEAVE_SICK]],
            [Decimal(100), Decimal(75), Decimal(50)],
        )
        self.assertEqual(dict(rules.base_table), DEFAULT_BASE_TABLE)
        self.assertEqual(sorted(rules.base_table), list(range(1, 18)))
        self.assertGreater(rules.base_table[17], 25_000_000)
        self.assertLess(rules.base_table[1], 2_000_000)
        sick_rule = scheme.leave_rule_ids.filtered(lambda r: r.leave_kind == C.LEAVE_SICK)[:1]
        self.assertEqual(sick_rule.leave_type_ids, self.sick_type)

    def test_every_company_gets_its_own_default(self):
        self.assertEqual(
            self.Scheme.search([("company_id", "=", self.company_2.id)]).date_from,
            datetime.date(2020, 1, 1),
        )
        # Idempotent: companies with a scheme are left alone.
        self.assertFalse(self.Scheme._iki_create_company_defaults(self.company))
        # A company created later starts with the default scheme too.
        later = self.env["res.company"].create({"name": "Pemerintah Kabupaten Baru"})
        scheme = self.Scheme.search([("company_id", "=", later.id)])
        self.assertEqual(len(scheme), 1)
        self.assertEqual(scheme.date_from, datetime.date(2020, 1, 1))

    def test_new_scheme_starts_with_default_tables(self):
        self.scheme.date_to = datetime.date(2024, 12, 31)
        scheme = self.Scheme.create(
            {"name": "TPP 2025", "company_id": self.company.id, "date_from": "2025-01-01"}
        )
        self.assertEqual(len(scheme.band_ids), 8)
        self.assertEqual(len(scheme.predicate_rate_ids), 5)
        self.assertTrue(scheme.leave_rule_ids)

    def test_lookup_by_dates(self):
        self.scheme.date_to = datetime.date(2024, 12, 31)
        new = self.Scheme.create(
            {"name": "TPP 2025", "company_id": self.company.id, "date_from": "2025-01-01"}
        )
        march, old_day = datetime.date(2025, 3, 1), datetime.date(2024, 6, 1)
        found = self.Scheme._iki_get_for_dates([self.company.id], [march, old_day])
        self.assertEqual(found[(self.company.id, march)], new)
        self.assertEqual(found[(self.company.id, old_day)], self.scheme)

    def test_no_scheme_for_the_month(self):
        with self.assertRaisesRegex(UserError, "No Tukin scheme is in force"):
            self.Scheme._iki_get_for_dates([self.company.id], [datetime.date(2019, 12, 1)])

    def test_overlap_names_both_schemes(self):
        with self.assertRaises(ValidationError) as caught:
            self.Scheme.create(
                {"name": "TPP 2025", "company_id": self.company.id, "date_from": "2025-01-01"}
            )
        message = str(caught.exception)
        self.assertIn("TPP 2025", message)
        self.assertIn("Default Tukin scheme", message)

    def test_overlap_when_reopening_an_old_scheme(self):
        self.scheme.date_to = datetime.date(2024, 12, 31)
        self.Scheme.create(
            {"name": "TPP 2025", "company_id": self.company.id, "date_from": "2025-01-01"}
        )
        with self.assertRaisesRegex(ValidationError, "overlap"):
            self.scheme.date_to = False

    def test_schemes_of_other_companies_do_not_overlap(self):
        default_2 = self.Scheme.search([("company_id", "=", self.company_2.id)])
        default_2.date_to = datetime.date(2024, 12, 31)
        other = self.Scheme.create(
            {"name": "Other", "company_id": self.company_2.id, "date_from": "2025-01-01"}
        )
        found = self.Scheme._iki_get_for_dates(
            [self.company.id, self.company_2.id], [datetime.date(2025, 3, 1)]
        )
        self.assertEqual(found[(self.company.id, datetime.date(2025, 3, 1))], self.scheme)
        self.assertEqual(found[(self.company_2.id, datetime.date(2025, 3, 1))], other)

    def test_negative_percentage_on_write(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.scheme.absent_pct = -1.0

    def test_negative_percentage_sql(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["iki.tukin.criterion"].create(
                {"scheme_id": self.scheme.id, "name": "Workload", "pct": -5.0}
            )
            self.env.flush_all()

    def test_shares_must_add_up(self):
        with self.assertRaisesRegex(ValidationError, "must add up to 100"):
            self.scheme.performance_share_pct = 70.0

    def test_band_gap_is_refused(self):
        tl2 = self.scheme.band_ids.filtered(lambda b: b.code == C.TL2)
        with self.assertRaisesRegex(ValidationError, "contiguous"):
            self.scheme.write({"band_ids": [Command.update(tl2.id, {"min_minutes": 35})]})

    def test_leave_type_mapped_twice_is_refused(self):
        annual = self.scheme.leave_rule_ids.filtered(lambda r: r.leave_kind == C.LEAVE_ANNUAL)
        with self.assertRaisesRegex(ValidationError, "mapped to two kinds"):
            self.scheme.write(
                {
                    "leave_rule_ids": [
                        Command.update(annual.id, {"leave_type_ids": self.sick_type.ids})
                    ]
                }
            )

    def test_criteria_by_class_range_post_type_and_employee(self):
        self.scheme.write(
            {
                "criterion_ids": [
                    Command.create(
                        {"name": "Workload", "pct": 50.0, "min_class": 1, "max_class": 2}
                    ),
                    Command.create(
                        {"name": "Workload", "pct": 40.0, "min_class": 3, "max_class": 4}
                    ),
                    Command.create({"name": "Workload", "pct": 25.0, "min_class": 5}),
                    Command.create(
                        {"name": "Work condition", "pct": 20.0, "employee_ids": self.emp_b.ids}
                    ),
                    Command.create({"name": "Supervision", "pct": 10.0, "post_type": "pengawas"}),
                ]
            }
        )
        rules = self.scheme._iki_engine_criteria_rules()

        def criteria(employee, job_class, post_type="pelaksana"):
            found = self.scheme._iki_criteria_for(rules, employee, job_class, post_type)
            return sorted((c.name, c.pct) for c in found)

        self.assertEqual(criteria(self.emp_a, 2), [("Workload", 50)])
        self.assertEqual(criteria(self.emp_a, 4), [("Workload", 40)])
        self.assertEqual(criteria(self.emp_b, 12), [("Work condition", 20), ("Workload", 25)])
        self.assertEqual(
            criteria(self.emp_c, 7, "pengawas"), [("Supervision", 10), ("Workload", 25)]
        )

    def test_ambiguous_criteria_are_named(self):
        self.scheme.write(
            {
                "criterion_ids": [
                    Command.create({"name": "Workload", "pct": 40.0, "min_class": 3}),
                    Command.create({"name": "Workload", "pct": 25.0, "min_class": 5}),
                ]
            }
        )
        rules = self.scheme._iki_engine_criteria_rules()
        with self.assertRaisesRegex(UserError, self.emp_a.name):
            self.scheme._iki_criteria_for(rules, self.emp_a, 9, "pelaksana")

    def test_index_mode_rounding(self):
        national = 6_795_000
        index = 0.59112978
        self.scheme.write(
            {
                "base_mode": C.BASE_INDEX,
                "regional_index": index,
                "class_ids": [
                    Command.update(row.id, {"national_amount": national})
                    for row in self.scheme.class_ids
                ],
            }
        )
        exact = Decimal(national) * Decimal(str(index))  # 4,016,726.8551
        half_up = engine.base_amount(9, self.scheme._iki_engine_scheme())
        self.assertEqual(half_up, exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
        self.assertEqual(half_up, 4_016_727)
        self.scheme.rounding = C.ROUNDING_DOWN
        down = engine.base_amount(9, self.scheme._iki_engine_scheme())
        self.assertEqual(down, exact.quantize(Decimal(1), rounding="ROUND_DOWN"))
        self.assertEqual(down, 4_016_726)

    def test_employees_read_payroll_officers_write(self):
        self.assertTrue(self.Scheme.with_user(self.user_employee).search([]))
        self.assertFalse(
            self.Scheme.with_user(self.user_c2).search([("company_id", "=", self.company.id)])
        )
        self.Scheme.browse(self.scheme.id).with_user(self.user_payroll).write({"lag_months": 1})
        with self.assertRaises(AccessError):
            self.Scheme.browse(self.scheme.id).with_user(self.user_hr_officer).write(
                {"lag_months": 1}
            )
