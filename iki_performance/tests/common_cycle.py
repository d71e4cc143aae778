"""Fixtures of the annual evaluation, reminder and move tests: one-indicator plans with a
monthly target every month, and helpers that run a month's cycle as the right users.

:class:`IkiCycleCommon` adds to :class:`IkiCommon`:

* ``ind_cycle_1`` (staff_1) and ``ind_cycle_2`` (staff_2): individual indicators supporting
  ``ind_e4``, with the monthly target :data:`MONTH_TARGET` in every month;
* ``plan_1`` (staff_1) and ``plan_2`` (staff_2): approved plans with that one utama line
  (weight 100), so a month's achievement is ``realisation / MONTH_TARGET x 100``.

Nothing else of the company has an approved plan, so opening a month creates exactly the two
appraisals of staff_1 (user ``user_employee``, appraiser ``sec_head`` / ``user_sec_head``) and
staff_2 (no user: HR acts for the employee).
"""

from .common import IkiCommon

MONTH_TARGET = 10.0
MONTH_FIELDS = [f"target_{m:02d}" for m in range(1, 13)]


class IkiCycleCommon(IkiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        monthly = dict.fromkeys(MONTH_FIELDS, MONTH_TARGET)
        cls.ind_cycle_1 = cls._make_indicator(
            "Laporan kegiatan",
            "individual",
            cls.ind_e4,
            cls.section,
            cls.staff_1,
            target=MONTH_TARGET * 12,
            evidence_required=False,
            **monthly,
        )
        cls.ind_cycle_2 = cls._make_indicator(
            "Arsip digital",
            "individual",
            cls.ind_e4,
            cls.section,
            cls.staff_2,
            target=MONTH_TARGET * 12,
            evidence_required=False,
            **monthly,
        )
        cls.plan_1 = cls._approve(cls._make_plan(cls.staff_1, [(cls.ind_cycle_1, 100.0)]))
        cls.plan_2 = cls._approve(cls._make_plan(cls.staff_2, [(cls.ind_cycle_2, 100.0)]))
        cls.rule_set = cls.env["iki.rule.set"].search([("company_id", "=", cls.company.id)])

    # ------------------------------------------------------------------
    # One month's cycle, as the right users
    # ------------------------------------------------------------------
    @classmethod
    def _submit_month(cls, appraisal, realisation):
        """Enter ``realisation`` on every measured line and submit, as the employee."""
        user = cls._employee_user_of(appraisal)
        appraisal.line_ids.filtered("is_measured").with_user(user).write(
            {"realization": realisation}
        )
        appraisal.with_user(user).action_submit()
        return appraisal

    @classmethod
    def _approve_month(cls, appraisal, behaviour="meets"):
        """Rate the seven BerAKHLAK values ``behaviour`` and approve, as the appraiser."""
        user = cls._appraiser_user_of(appraisal)
        appraisal.behaviour_ids.with_user(user).write({"rating": behaviour})
        appraisal.with_user(user).action_approve()
        return appraisal
