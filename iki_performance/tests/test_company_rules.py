"""Company isolation of the performance records and the reach of the organisation results.

* every stored model of the addon has a global rule keeping users to their companies, and the
  check names a model that has none;
* an HR officer of ``company_2`` finds and reads nothing of ``company`` (behaviour rows,
  appraisals and lines, plans and lines, months, organisation results, indicators, rule sets,
  appraiser assignments), whatever companies his context claims;
* organisation results: an employee reads those of his unit and the units above it, not of a
  sibling unit; an agency administrator those of his agencies; HR all of the company.
"""

from odoo.exceptions import AccessError

from .common import TODAY, IkiCommon
from .company_rules import (
    SENTINEL_COMPANY_IDS,
    CompanyIsolationMixin,
    addon_models,
    domain_restricts_by_company,
    models_without_company_rule,
)

MONTH = 3
# What a hostile client adds to its calls: workflow keys, archived records, its own company.
HOSTILE_CONTEXT = {
    "iki_period_workflow": True,
    "iki_appraisal_workflow": True,
    "active_test": False,
}


class CompanyRulesCommon(IkiCommon, CompanyIsolationMixin):
    """IkiCommon plus staff_1's approved plan, March opened in both companies (staff_1's
    appraisal with its lines and behaviour rows), an appraiser assignment and one organisation
    result per unit of each company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._approve(cls._make_standard_plan())
        cls.period = cls._open_month(MONTH)
        cls.period_c2 = cls._open_month(MONTH, cls.company_2)
        cls.appraisal = cls._appraisal(cls.staff_1)
        cls.assignment = cls.env["iki.appraiser.assignment"].create(
            {
                "kind": "plt",
                "appraiser_id": cls.div_head.id,
                "replaced_employee_id": cls.sec_head.id,
                "date_from": TODAY,
                "reason": "Dinas luar",
                "company_id": cls.company.id,
            }
        )
        units = (
            cls.province,
            cls.agency_a,
            cls.division,
            cls.section,
            cls.section_2,
            cls.agency_b,
        )
        cls.results = cls._org_results(cls.period, units)
        cls.result_of = {result.department_id: result for result in cls.results}
        cls.result_c2 = cls._org_results(cls.period_c2, [cls.agency_c2])
        cls.user_hr_c2 = cls._new_user(
            "iki_hr_officer_c2",
            "base.group_user,iki_performance.group_iki_hr_officer",
            company=cls.company_2,
            iki_agency_ids=[(6, 0, cls.agency_c2.ids)],
        )

    @classmethod
    def _org_results(cls, period, departments):
        """One result per unit of ``departments`` in ``period``, created the way the month
        close creates them (the results are created by the close only)."""
        Result = cls.env["iki.org.result"]
        with Result._iki_workflow():
            return Result.create(
                [
                    {
                        "period_id": period.id,
                        "department_id": department.id,
                        "achievement": 90.0,
                        "predicate": "baik",
                    }
                    for department in departments
                ]
            )

    def setUp(self):
        super().setUp()
        self.env.flush_all()
        self.env.invalidate_all()

    def _results_seen(self, user, **context):
        Result = self.env["iki.org.result"].with_user(user).with_context(**context)
        return Result.search([("id", "in", (self.results | self.result_c2).ids)])

    def _units(self, *departments):
        return self.env["iki.org.result"].union(*(self.result_of[d] for d in departments))


class TestCompanyRules(CompanyRulesCommon):
    def test_every_model_has_a_company_rule(self):
        models = addon_models(self.env, ("iki_performance",))
        self.assertIn("iki.appraisal.behaviour", models)
        self.assertIn("iki.org.result", models)
        self.assertEqual(models_without_company_rule(self.env, ("iki_performance",)), [])

    def test_check_names_a_model_without_company_rule(self):
        self.env.ref("iki_performance.iki_appraisal_behaviour_rule_company").active = False
        self.assertEqual(
            models_without_company_rule(self.env, ("iki_performance",)),
            ["iki.appraisal.behaviour"],
        )

    def test_check_reads_the_domains(self):
        companies = list(SENTINEL_COMPANY_IDS)
        for domain, restricts in (
            ([("company_id", "in", companies)], True),
            ([("appraisal_id.company_id", "in", companies)], True),
            (["|", ("company_id", "=", False), ("company_id", "in", companies)], True),
            ([("state", "=", "draft"), ("company_id", "in", companies)], True),
            (["|", ("state", "=", "draft"), ("company_id", "in", companies)], False),
            (["!", ("company_id", "in", companies)], False),
            ([("company_id", "in", [1])], False),
            ([(1, "=", 1)], False),
            ([], False),
        ):
            with self.subTest(domain=domain):
                self.assertEqual(domain_restricts_by_company(domain), restricts)

    def test_behaviour_rows_follow_their_appraisal(self):
        behaviours = self.appraisal.behaviour_ids
        self.assertEqual(len(behaviours), 7)
        self.assertEqual(behaviours.company_id, self.company)

    def test_hr_officer_of_company_2_reads_nothing_of_company_1(self):
        records = {
            "iki.appraisal.behaviour": self.appraisal.behaviour_ids,
            "iki.appraisal": self.appraisal,
            "iki.appraisal.line": self.appraisal.line_ids,
            "iki.plan": self.plan,
            "iki.plan.line": self.plan.line_ids,
            "iki.period": self.period,
            "iki.org.result": self.results,
            "iki.indicator": self.ind_staff_a | self.ind_opd | self.ind_rpjmd,
            "iki.rule.set": self.period.rule_set_id,
            "iki.appraiser.assignment": self.assignment,
        }
        self.assertIsolated(records, self.user_hr_c2, self.company)

    def test_hr_officer_of_company_1_reads_them(self):
        Behaviour = self.env["iki.appraisal.behaviour"].with_user(self.user_hr_officer)
        self.assertEqual(
            Behaviour.search([("appraisal_id", "=", self.appraisal.id)]),
            self.appraisal.behaviour_ids,
        )

    def test_user_of_both_companies_working_in_company_2_reads_only_company_2(self):
        user = self._new_user(
            "iki_hr_both",
            "base.group_user,iki_performance.group_iki_hr_officer",
            company=self.company_2,
        )
        user.company_ids = self.company | self.company_2
        Behaviour = self.env["iki.appraisal.behaviour"].with_user(user)
        in_company_2 = Behaviour.with_context(allowed_company_ids=self.company_2.ids)
        self.assertFalse(in_company_2.search([("appraisal_id", "=", self.appraisal.id)]))
        with self.assertRaises(AccessError):
            self.appraisal.behaviour_ids.with_user(user).with_context(
                allowed_company_ids=self.company_2.ids
            ).read(["rating"])


class TestOrgResultAccess(CompanyRulesCommon):
    def test_employee_reads_own_unit_and_the_units_above(self):
        self.assertEqual(
            self._results_seen(self.user_employee),
            self._units(self.section, self.division, self.agency_a, self.province),
        )

    def test_employee_reads_the_same_with_a_hostile_context(self):
        seen = self._results_seen(
            self.user_employee, allowed_company_ids=self.company.ids, **HOSTILE_CONTEXT
        )
        self.assertEqual(
            seen, self._units(self.section, self.division, self.agency_a, self.province)
        )

    def test_employee_cannot_read_a_sibling_unit(self):
        sibling = self.result_of[self.section_2].with_user(self.user_employee)
        with self.assertRaises(AccessError):
            sibling.with_context(**HOSTILE_CONTEXT).read(["achievement"])

    def test_employee_cannot_read_another_agency(self):
        other = self.result_of[self.agency_b].with_user(self.user_employee)
        with self.assertRaises(AccessError):
            other.read(["achievement"])

    def test_employee_cannot_claim_company_2(self):
        Result = self.env["iki.org.result"].with_user(self.user_employee)
        with self.assertRaises(AccessError):
            Result.with_context(
                allowed_company_ids=(self.company | self.company_2).ids, **HOSTILE_CONTEXT
            ).search([("id", "=", self.result_c2.id)])

    def test_appraiser_of_the_sibling_unit_reads_his_own_chain(self):
        self.assertEqual(
            self._results_seen(self.user_sec2_head),
            self._units(self.section_2, self.division, self.agency_a, self.province),
        )

    def test_agency_admin_reads_his_agency(self):
        self.assertEqual(
            self._results_seen(self.user_agency_admin),
            self._units(self.agency_a, self.division, self.section, self.section_2),
        )

    def test_hr_reads_all_of_the_company(self):
        self.assertEqual(self._results_seen(self.user_hr_officer), self.results)

    def test_employee_of_company_2_reads_his_unit_only(self):
        self.assertEqual(self._results_seen(self.user_c2), self.result_c2)
