from odoo import api, models

from ..engine.constants import BERAKHLAK


class IkiAppraisalGeneration(models.AbstractModel):
    """The appraisals of an opened month, created set-based.

    A month of a province is 10,000 appraisals, 50,000 indicator lines and 70,000 behaviour
    rows: ``create()`` inserts them 100 a statement and fills their related columns with as
    many UPDATEs (24 to 35 seconds). Here the values are gathered in bulk and each model's rows
    go in with one COPY (``iki.bulk._iki_create``, which does what ``create()`` does), inside
    the workflow guard of the three models.
    """

    _name = "iki.appraisal.generation"
    _description = "Monthly Appraisal Generation"

    @api.model
    def _iki_create_for_plans(self, vals_list):
        """Create the appraisals of ``vals_list`` (``{'period_id', 'plan_id'}`` each, months
        that are open) with their lines and behaviour rows, as the current user, untracked as
        the workflow creates them; return the appraisals in the order of ``vals_list``.

        Snapshots come from the employee (else the plan) and the appraiser resolved on the last
        day of the month; each line takes the monthly target of its plan line.
        """
        Appraisal = self.env["iki.appraisal"]
        if not vals_list:
            return Appraisal
        periods = self.env["iki.period"].browse({vals["period_id"] for vals in vals_list})
        # What the lines' and behaviour rows' create() checks.
        periods._iki_check_open()
        plans = self.env["iki.plan"].browse({vals["plan_id"] for vals in vals_list})
        # What the snapshots, the name, the appraisers' resolution and the lines read, one
        # query per model (the ORM reads 1,000 records a query).
        plans.fetch(["employee_id", "department_id", "job_title"])
        plans.employee_id.fetch(["name", "department_id", "job_title", "parent_id", "company_id"])
        lines_of = {}  # plan id -> plan lines, in the order of the plan's line_ids
        for plan_line in self.env["iki.plan.line"].search_fetch(
            [("plan_id", "in", plans.ids)],
            ["plan_id", "polarity", "target_max", *self._iki_month_fields(periods)],
        ):
            lines_of.setdefault(plan_line.plan_id.id, []).append(plan_line)
        Bulk = self.env["iki.bulk"]
        with Appraisal._iki_workflow("iki.appraisal.line", "iki.appraisal.behaviour"):
            appraisals = Bulk._iki_create(
                Appraisal, self._iki_appraisal_values(vals_list, periods, plans)
            )
            line_vals, behaviour_vals = self._iki_child_values(
                appraisals, vals_list, periods, lines_of
            )
            Bulk._iki_create(self.env["iki.appraisal.line"], line_vals)
            Bulk._iki_create(self.env["iki.appraisal.behaviour"], behaviour_vals)
        return appraisals

    @api.model
    def _iki_month_fields(self, periods):
        """The monthly target fields of the plan lines read for ``periods``."""
        return sorted({f"target_{period.month:02d}" for period in periods})

    @api.model
    def _iki_appraisal_values(self, vals_list, periods, plans):
        """The values of the new appraisals: month, plan, snapshots, appraisers, and their name
        as ``iki.appraisal._compute_name`` makes it."""
        resolved = {
            period.id: plans.employee_id._iki_get_appraisers(period.date_end) for period in periods
        }
        period_names = {period.id: period.name or "" for period in periods}
        result = []
        for vals in vals_list:
            plan = plans.browse(vals["plan_id"])
            employee = plan.employee_id
            appraiser, above = resolved[vals["period_id"]][employee.id]
            result.append(
                {
                    "period_id": vals["period_id"],
                    "plan_id": plan.id,
                    "department_id": employee.department_id.id or plan.department_id.id,
                    "job_title": employee.job_title or plan.job_title,
                    "appraiser_id": appraiser.id,
                    "appraiser_parent_id": above.id,
                    "name": f"{period_names[vals['period_id']]} - {employee.name or ''}",
                }
            )
        return result

    @api.model
    def _iki_child_values(self, appraisals, vals_list, periods, lines_of):
        """The values of the lines (one per plan line of ``lines_of[plan id]``, with its
        monthly target) and behaviour rows (one per BerAKHLAK value) of ``appraisals``, created
        from ``vals_list`` in this order; the lines' computed fields as their compute methods
        give them for a new line without evidence."""
        month_of = {period.id: period.month for period in periods}
        line_vals, behaviour_vals = [], []
        for appraisal_id, vals in zip(appraisals.ids, vals_list, strict=True):
            month = month_of[vals["period_id"]]
            for plan_line in lines_of.get(vals["plan_id"], ()):
                target = plan_line.monthly_target(month)
                line_vals.append(
                    {
                        "appraisal_id": appraisal_id,
                        "plan_line_id": plan_line.id,
                        "target": target,
                        "target_max": plan_line.target_max,
                        # iki.appraisal.line._compute_is_measured, _compute_evidence
                        "is_measured": plan_line.polarity == "negative" or bool(target),
                        "evidence_count": 0,
                        "evidence_duplicate": False,
                        "evidence_duplicate_info": False,
                    }
                )
            behaviour_vals += [
                {"appraisal_id": appraisal_id, "value_key": key} for key in BERAKHLAK
            ]
        return line_vals, behaviour_vals
