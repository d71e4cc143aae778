"""Company isolation of every model of both addons.

* every stored model of ``iki_performance`` and ``iki_tukin`` (enumerated from the registry
  and the modules owning them, transient and abstract models left out) has a global rule
  keeping users to the records of their companies;
* with one record or more of each of those models in ``company`` (a closed month with its
  appraisals, behaviour rows, annual evaluations, organisation results, Tukin sheets, lines
  and discipline days, punishments, stops, the scheme and its tables ...), an HR officer of
  ``company_2`` and a user holding every role of ``company_2`` find and read none of them,
  whatever companies their context claims; the same roles in ``company`` read them all.
"""

from odoo.addons.iki_performance.tests.company_rules import (
    CompanyIsolationMixin,
    addon_models,
    models_without_company_rule,
)

from .common import YEAR, IkiTukinCommon, working_days

ADDONS = ("iki_performance", "iki_tukin")
ALL_ROLES = (
    "base.group_user,iki_performance.group_iki_hr_manager,iki_tukin.group_iki_payroll_officer"
)
MARCH = working_days(YEAR, 3)


class TestCompanyRules(IkiTukinCommon, CompanyIsolationMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_plan()
        cls._attend_days(cls.emp_a, MARCH)
        cls.march = cls._closed_period(
            3,
            {
                cls.emp_a: {"achievement": 95.5, "predicate": "baik"},
                cls.emp_d: {"achievement": 100.0, "predicate": "baik"},
            },
        )
        cls.annuals = (
            cls.env["iki.appraisal.annual"]
            .with_user(cls.user_hr_officer)
            ._iki_generate_for_year(cls.company, YEAR)
        )
        cls.sheets = (
            cls.env["iki.tukin.sheet"]
            .with_user(cls.user_payroll)
            ._iki_generate_for_period(cls.march)
        )
        cls._setup_records()
        cls.user_hr_c2 = cls._new_user(
            "tukin_hr_c2",
            "base.group_user,iki_performance.group_iki_hr_officer",
            company=cls.company_2,
        )
        cls.user_all_c2 = cls._new_user(
            "tukin_all_c2",
            ALL_ROLES,
            company=cls.company_2,
            iki_agency_ids=[(6, 0, cls.agency_c2.ids)],
        )
        cls.user_all = cls._new_user(
            "tukin_all",
            ALL_ROLES,
            iki_agency_ids=[(6, 0, (cls.agency_a | cls.agency_b).ids)],
        )

    @classmethod
    def _setup_plan(cls):
        """emp_a's plan with one line on her individual indicator of IkiCommon's cascade."""
        cls._make_plan(cls.emp_a, [(cls.ind_staff_a, 100.0)])

    @classmethod
    def _setup_records(cls):
        """The records no workflow of the fixture creates: a criterion of the scheme, a
        punishment, a stop, an appraiser assignment and the organisation result of agency A
        (inserted the way the month close inserts it)."""
        cls.env["iki.tukin.criterion"].create(
            {"scheme_id": cls.scheme.id, "name": "Beban kerja", "pct": 10.0}
        )
        cls.env["iki.tukin.punishment"].create(
            {"name": "SK-1/2025", "employee_id": cls.emp_b.id, "date_start": "2025-03-01"}
        )
        cls.env["iki.tukin.stop"].create(
            {"employee_id": cls.emp_c.id, "reason": "suspension", "date_from": "2025-03-01"}
        )
        cls.env["iki.appraiser.assignment"].create(
            {
                "kind": "plt",
                "appraiser_id": cls.emp_b.id,
                "employee_ids": [(6, 0, cls.emp_a.ids)],
                "date_from": "2025-03-01",
                "reason": "Tugas belajar",
                "company_id": cls.company.id,
            }
        )
        Result = cls.env["iki.org.result"]
        with Result._iki_workflow():
            Result.create(
                {"period_id": cls.march.id, "department_id": cls.agency_a.id, "achievement": 95.5}
            )

    def _records_of_company(self):
        """``{model: records of company}`` for every model of both addons."""
        return {
            name: self.env[name]
            .with_context(active_test=False)
            .search([("company_id", "=", self.company.id)])
            for name in addon_models(self.env, ADDONS)
        }

    def test_every_model_of_both_addons_has_a_company_rule(self):
        models = addon_models(self.env, ADDONS)
        for name in ("iki.appraisal.behaviour", "iki.tukin.sheet.line", "iki.discipline.day"):
            self.assertIn(name, models)
        for name in ("iki.workflow.mixin", "iki.tukin.simulation", "hr.employee"):
            self.assertNotIn(name, models)
        self.assertEqual(models_without_company_rule(self.env, ADDONS), [])

    def test_the_fixture_holds_every_model(self):
        empty = [name for name, records in self._records_of_company().items() if not records]
        self.assertEqual(empty, [], "Give the fixture a record of these models")

    def test_hr_officer_of_company_2_reads_nothing_of_company_1(self):
        self.assertIsolated(self._records_of_company(), self.user_hr_c2, self.company)

    def test_every_role_of_company_2_reads_nothing_of_company_1(self):
        self.assertIsolated(self._records_of_company(), self.user_all_c2, self.company)

    def test_every_role_of_company_1_reads_them_all(self):
        for name, records in self._records_of_company().items():
            with self.subTest(model=name):
                found = (
                    self.env[name]
                    .with_user(self.user_all)
                    .with_context(active_test=False)
                    .search([("id", "in", records.ids)])
                )
                self.assertEqual(found, records)
                self.assertEqual(len(found.read(["company_id"])), len(records))
