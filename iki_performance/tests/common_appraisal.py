"""Fixtures of the monthly appraisal tests: approved plans with explicit monthly targets and an
open month (March of :data:`YEAR`, time frozen on the 15th by :class:`IkiCommon`).

:class:`IkiAppraisalCommon` adds to :class:`IkiCommon`:

* unit heads on file: ``section.manager_id = sec_head``, ``section_2.manager_id = sec2_head``,
  ``division.manager_id = div_head`` (the head of a unit takes the unit's achievement);
* evidence rules: only ``ind_staff_a`` needs evidence (:data:`EVIDENCE_TYPES`, at most
  :data:`EVIDENCE_MAX_MB`); the other indicators need none;
* approved plans, with the March targets given explicitly on the plan lines
  (:data:`PLAN_1` ... :data:`PLAN_B`):

  ==============  ========================================================================
  ``plan_1``      staff_1: ``ind_staff_a`` utama 60 (target 10), ``ind_staff_b`` utama 40
                  (target 20), ``ind_staff_c`` tambahan (target 4)
  ``plan_2``      staff_2: ``ind_staff2`` utama 100 (target 5)
  ``plan_3``      staff_3: ``ind_staff3`` utama 100 (target 8)
  ``plan_sec``    sec_head: ``ind_e4`` utama 100 (target 10), approved by HR (no user above)
  ``plan_b``      staff_b (agency B): ``ind_b_staff`` utama 100 (target 6)
  ``plan_draft``  sec2_head: a draft plan, which gets no appraisal
  ==============  ========================================================================

* ``period``: March opened by the HR officer, which creates one appraisal per approved plan
  (``appraisal_1``, ``appraisal_2``, ``appraisal_3``, ``appraisal_sec``, ``appraisal_b``).

Helpers enter realisations, attach evidence, submit, rate behaviour, approve and close as the
right users.
"""

import base64
import datetime

from .common import BERAKHLAK_KEYS, YEAR, IkiCommon

MONTH = 3
MONTH_FIELD = f"target_{MONTH:02d}"
MONTH_END = datetime.date(YEAR, MONTH, 31)
CUTOFF_DAY = 5  # default of the rule set: the 5th of the next month
CUTOFF = datetime.date(YEAR, MONTH + 1, CUTOFF_DAY)
EVIDENCE_TYPES = "pdf,jpg"
EVIDENCE_MAX_MB = 0.01  # 10 KiB, so that a too large file stays small
PDF = b"%PDF-1.4\n% IKI evidence\n"

# (indicator attribute, weight, kind, March target) per plan.
PLAN_1 = (
    ("ind_staff_a", 60.0, "utama", 10.0),
    ("ind_staff_b", 40.0, "utama", 20.0),
    ("ind_staff_c", 0.0, "tambahan", 4.0),
)
PLAN_2 = (("ind_staff2", 100.0, "utama", 5.0),)
PLAN_3 = (("ind_staff3", 100.0, "utama", 8.0),)
PLAN_SEC = (("ind_e4", 100.0, "utama", 10.0),)
PLAN_B = (("ind_b_staff", 100.0, "utama", 6.0),)


def pdf_bytes(tag, size=0):
    """A small PDF-looking content, distinct per ``tag``, padded to ``size`` bytes."""
    content = PDF + f"% {tag}\n".encode()
    return content + b"0" * max(0, size - len(content))


class IkiAppraisalCommon(IkiCommon):
    """Approved plans of :data:`YEAR` and the open month :data:`MONTH` with its appraisals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_set = cls.env["iki.rule.set"].search([("company_id", "=", cls.company.id)])
        cls.section.manager_id = cls.sec_head
        cls.section_2.manager_id = cls.sec2_head
        cls.division.manager_id = cls.div_head
        cls._setup_evidence_rules()
        cls._setup_plans()
        cls.period = cls._open_month(MONTH)
        cls.appraisal_1 = cls._appraisal(cls.staff_1)
        cls.appraisal_2 = cls._appraisal(cls.staff_2)
        cls.appraisal_3 = cls._appraisal(cls.staff_3)
        cls.appraisal_sec = cls._appraisal(cls.sec_head)
        cls.appraisal_b = cls._appraisal(cls.staff_b)

    @classmethod
    def _setup_evidence_rules(cls):
        indicators = cls.env["iki.indicator"].search([("year", "=", YEAR)])
        indicators.write({"evidence_required": False})
        cls.ind_staff_a.write(
            {
                "evidence_required": True,
                "evidence_min_files": 1,
                "evidence_file_types": EVIDENCE_TYPES,
                "evidence_max_size_mb": EVIDENCE_MAX_MB,
            }
        )

    @classmethod
    def _setup_plans(cls):
        cls.plan_1 = cls._approve(cls._make_month_plan(cls.staff_1, PLAN_1))
        cls.plan_2 = cls._approve(cls._make_month_plan(cls.staff_2, PLAN_2))
        cls.plan_3 = cls._approve(cls._make_month_plan(cls.staff_3, PLAN_3))
        cls.plan_sec = cls._approve(cls._make_month_plan(cls.sec_head, PLAN_SEC))
        cls.plan_b = cls._approve(cls._make_month_plan(cls.staff_b, PLAN_B))
        cls.plan_draft = cls._make_plan(cls.sec2_head, [(cls.ind_e4_2, 100.0)])

    # ------------------------------------------------------------------
    # Builders
    # ------------------------------------------------------------------
    @classmethod
    def _make_month_plan(cls, employee, specs, month=MONTH):
        """A draft plan whose lines carry an explicit target for ``month``.

        ``specs``: ``(indicator or attribute name, weight, kind, month target)`` tuples.
        """
        lines = []
        for indicator, weight, kind, target in specs:
            if isinstance(indicator, str):
                indicator = getattr(cls, indicator)
            lines.append(
                (
                    0,
                    0,
                    {
                        "indicator_id": indicator.id,
                        "weight": weight,
                        "kind": kind,
                        f"target_{month:02d}": target,
                    },
                )
            )
        return cls.env["iki.plan"].create(
            {"employee_id": employee.id, "year": YEAR, "line_ids": lines}
        )

    # ------------------------------------------------------------------
    # Acting as the users
    # ------------------------------------------------------------------
    @staticmethod
    def _line(appraisal, indicator):
        return appraisal.line_ids.filtered(lambda line: line.indicator_id == indicator)

    def _realise(self, appraisal, values, user=None):
        """Enter realisations ``{indicator: value}`` as the employee (or ``user``)."""
        user = user or self._employee_user_of(appraisal)
        for indicator, value in values.items():
            self._line(appraisal, indicator).with_user(user).write({"realization": value})

    def _attach(self, line, name="bukti.pdf", content=None, user=None):
        """Attach one evidence file to ``line`` as the employee (or ``user``)."""
        user = user or self._employee_user_of(line.appraisal_id)
        attachment = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(content or pdf_bytes(name)),
                    "res_model": "iki.appraisal.line",
                    "res_id": line.id,
                }
            )
        )
        line.with_user(user).write({"attachment_ids": [(4, attachment.id)]})
        return attachment

    def _fill(self, appraisal, values=None, user=None):
        """Enter every measured line (given values, else the target) and attach the required
        evidence."""
        values = values or {}
        for line in appraisal.line_ids.filtered("is_measured"):
            value = values.get(line.indicator_id, line.target)
            self._realise(appraisal, {line.indicator_id: value}, user=user)
            if line.indicator_id.evidence_required and not line.attachment_ids:
                self._attach(line, name=f"bukti-{line.id}.pdf", user=user)

    def _submit_appraisal(self, appraisal, values=None, user=None):
        self._fill(appraisal, values, user=user)
        appraisal.with_user(user or self._employee_user_of(appraisal)).action_submit()
        return appraisal

    def _rate(self, appraisal, ratings, user=None):
        """Rate the seven BerAKHLAK values as the appraiser (or ``user``).

        ``ratings``: one rating for all, or ``{value_key: rating}``.
        """
        user = user or self._appraiser_user_of(appraisal)
        if isinstance(ratings, str):
            ratings = dict.fromkeys(BERAKHLAK_KEYS, ratings)
        by_rating = {}
        for key, rating in ratings.items():
            by_rating.setdefault(rating, []).append(key)
        for rating, keys in by_rating.items():
            rows = appraisal.behaviour_ids.filtered(lambda b, keys=keys: b.value_key in keys)
            rows.with_user(user).write({"rating": rating})

    def _approve_appraisal(self, appraisal, behaviour="meets", user=None):
        """Rate the behaviour and approve as the appraiser (or ``user``)."""
        self._rate(appraisal, behaviour, user=user)
        appraisal.with_user(user or self._appraiser_user_of(appraisal)).action_approve()
        return appraisal

    def _reopen(self, reason, period=None):
        wizard = (
            self.env["iki.period.reopen.wizard"]
            .with_user(self.user_hr_officer)
            .create({"period_id": (period or self.period).id, "reason": reason})
        )
        wizard.action_confirm()
