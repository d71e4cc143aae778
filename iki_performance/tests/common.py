"""Shared fixtures of the ``iki_performance`` tests (and of the addons built on it).

:class:`IkiCommon` builds, once per test class and without any demo data:

* two companies (``company``, ``company_2``), each with its default rule set;
* the organisation of ``company``::

      province (Sekretariat Daerah)
      +-- agency_a (iki_is_agency, code "DA")
      |   +-- division (Bidang)
      |       +-- section (Seksi)      head sec_head, staff staff_1 (user) and staff_2
      |       +-- section_2 (Seksi 2)  head sec2_head (user), staff staff_3
      +-- agency_b (iki_is_agency, code "DB")      head head_b, staff staff_b

  with the reporting chain ``head_a -> div_head -> sec_head -> staff_1, staff_2`` and
  ``head_a -> div_head -> sec2_head -> staff_3``; ``emp_c2`` works for ``company_2``.
  Every employee has a valid NIP built by :func:`make_nip` (matching birthday and gender).
* users created with explicit groups (never demo users):

  ========================  ===============================================================
  ``user_employee``         ``base.group_user`` only, linked to ``staff_1``
  ``user_sec_head``         ``base.group_user``, linked to ``sec_head``: appraiser (derived)
  ``user_sec2_head``        ``base.group_user``, linked to ``sec2_head``: appraiser (derived)
  ``user_agency_admin``     agency administrator with ``iki_agency_ids`` = ``agency_a``
  ``user_hr_officer``       HR officer of ``company``
  ``user_hr_manager``       HR manager of ``company``
  ``user_c2``               ``base.group_user`` of ``company_2``, linked to ``emp_c2``
  ``user_portal``           ``base.group_portal``
  ========================  ===============================================================

* the cascade of year :data:`YEAR` (time is frozen at :data:`TODAY`, inside that year)::

      ind_rpjmd (rpjmd_goal, province)
      +-- ind_opd (opd, agency_a, head_a)
          +-- ind_e3 (eselon_3, division, div_head)
              +-- ind_e4 (eselon_4, section, sec_head)
              |   +-- ind_staff_a, ind_staff_b, ind_staff_c (individual, staff_1)
              |   +-- ind_staff2 (individual, staff_2)
              +-- ind_e4_2 (eselon_4, section_2, sec2_head)
                  +-- ind_staff3 (individual, staff_3)
      ind_opd_b (opd, agency_b, head_b) -> ind_rpjmd;  ind_b_staff (individual, staff_b)
      ind_c2_rpjmd -> ind_c2 (individual, emp_c2) in company_2

Helpers build plans (:meth:`_make_plan`, :meth:`_make_standard_plan`) and move them through
the workflow (:meth:`_submit`, :meth:`_approve`) as the right users; the monthly cycle
helpers (:meth:`_open_month`, :meth:`_appraisal`, :meth:`_employee_user_of`,
:meth:`_appraiser_user_of`, :meth:`_close`) serve the appraisal fixtures built on this class
(``common_appraisal``: explicit monthly targets and evidence; ``common_cycle``: one-line plans
for the annual, reminder and move tests).
"""

import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user

from ..engine.nip import SEX_FEMALE, SEX_MALE, make_nip

YEAR = 2025
# Every test of a class inheriting IkiCommon runs at this instant (TransactionCase.freeze_time).
NOW = f"{YEAR}-03-15 09:00:00"
TODAY = datetime.date(YEAR, 3, 15)

# The seven BerAKHLAK core values rated every month (PermenPAN-RB 6/2022), written out here
# rather than imported from the code under test.
BERAKHLAK_KEYS = (
    "berorientasi_pelayanan",
    "akuntabel",
    "kompeten",
    "harmonis",
    "loyal",
    "adaptif",
    "kolaboratif",
)

# Context of the fixture environment: no chatter noise, no password reset mails.
QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


class IkiCommon(TransactionCase):
    """Companies, organisation, employees, users per role and the cascade of :data:`YEAR`."""

    freeze_time = NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET_CONTEXT))
        cls._serial = 0
        cls.group_employee = cls.env.ref("iki_performance.group_iki_employee")
        cls.group_appraiser = cls.env.ref("iki_performance.group_iki_appraiser")
        cls.group_agency_admin = cls.env.ref("iki_performance.group_iki_agency_admin")
        cls.group_hr_officer = cls.env.ref("iki_performance.group_iki_hr_officer")
        cls.group_hr_manager = cls.env.ref("iki_performance.group_iki_hr_manager")
        cls._setup_companies()
        cls._setup_departments()
        cls._setup_users()
        cls._setup_employees()
        cls._setup_admin_users()
        cls._setup_cascade()

    # ------------------------------------------------------------------
    # Organisation
    # ------------------------------------------------------------------
    @classmethod
    def _setup_companies(cls):
        cls.company = cls.env["res.company"].create({"name": "Pemprov Test"})
        cls.company_2 = cls.env["res.company"].create({"name": "Pemprov Lain"})

    @classmethod
    def _setup_departments(cls):
        Department = cls.env["hr.department"]
        cls.province = Department.create(
            {
                "name": "Sekretariat Daerah",
                "company_id": cls.company.id,
                "iki_org_level": "province",
            }
        )
        cls.agency_a = Department.create(
            {
                "name": "Dinas A",
                "parent_id": cls.province.id,
                "company_id": cls.company.id,
                "iki_is_agency": True,
                "iki_agency_code": "DA",
                "iki_org_level": "agency",
            }
        )
        cls.agency_b = Department.create(
            {
                "name": "Dinas B",
                "parent_id": cls.province.id,
                "company_id": cls.company.id,
                "iki_is_agency": True,
                "iki_agency_code": "DB",
                "iki_org_level": "agency",
            }
        )
        cls.division = Department.create(
            {
                "name": "Bidang A1",
                "parent_id": cls.agency_a.id,
                "company_id": cls.company.id,
                "iki_org_level": "division",
            }
        )
        cls.section = Department.create(
            {
                "name": "Seksi A1a",
                "parent_id": cls.division.id,
                "company_id": cls.company.id,
                "iki_org_level": "section",
            }
        )
        cls.section_2 = Department.create(
            {
                "name": "Seksi A1b",
                "parent_id": cls.division.id,
                "company_id": cls.company.id,
                "iki_org_level": "section",
            }
        )
        cls.agency_c2 = Department.create(
            {
                "name": "Dinas C2",
                "company_id": cls.company_2.id,
                "iki_is_agency": True,
                "iki_agency_code": "DA",
                "iki_org_level": "agency",
            }
        )
        Job = cls.env["hr.job"]
        cls.job_head_section = Job.create({"name": "Kepala Seksi", "company_id": cls.company.id})
        cls.job_staff = Job.create({"name": "Pengelola Data", "company_id": cls.company.id})

    @classmethod
    def _new_user(cls, login, groups, company=None, **vals):
        """A user of ``company`` (default: ``cls.company``) with exactly ``groups`` (xml ids),
        in English unless ``lang`` is given (a database with Indonesian installed makes it the
        default language of new users; the tests read English messages)."""
        company = company or cls.company
        vals.setdefault("lang", "en_US")
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            name=vals.pop("name", login.replace("_", " ").title()),
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            context=QUIET_CONTEXT,
            **vals,
        )

    @classmethod
    def _setup_users(cls):
        cls.user_employee = cls._new_user("iki_employee", "base.group_user")
        cls.user_sec_head = cls._new_user("iki_sec_head", "base.group_user")
        cls.user_sec2_head = cls._new_user("iki_sec2_head", "base.group_user")
        cls.user_c2 = cls._new_user("iki_c2", "base.group_user", company=cls.company_2)
        cls.user_portal = cls._new_user("iki_portal", "base.group_portal")

    @classmethod
    def _setup_admin_users(cls):
        cls.user_agency_admin = cls._new_user(
            "iki_agency_admin",
            "base.group_user,iki_performance.group_iki_agency_admin",
            iki_agency_ids=[(6, 0, cls.agency_a.ids)],
        )
        cls.user_hr_officer = cls._new_user(
            "iki_hr_officer", "base.group_user,iki_performance.group_iki_hr_officer"
        )
        cls.user_hr_manager = cls._new_user(
            "iki_hr_manager", "base.group_user,iki_performance.group_iki_hr_manager"
        )

    @classmethod
    def _make_employee(cls, name, department, parent=None, *, sex=SEX_MALE, birth=None, **vals):
        """An employee of ``department``'s company with a valid NIP, birthday and gender.

        ``birth`` defaults to a distinct date per employee; the appointment is March 2010 and the
        serial a counter, so NIPs never collide.
        """
        cls._serial += 1
        birth = birth or datetime.date(1980, 1, 1) + datetime.timedelta(days=97 * cls._serial)
        values = {
            "name": name,
            "department_id": department.id,
            "company_id": department.company_id.id,
            "parent_id": parent.id if parent else False,
            "birthday": birth,
            "gender": "male" if sex == SEX_MALE else "female",
            "iki_nip": make_nip(birth, 2010, 3, sex, cls._serial),
            "iki_asn_status": "pns",
        }
        values.update(vals)
        return cls.env["hr.employee"].create(values)

    @classmethod
    def _setup_employees(cls):
        emp = cls._make_employee
        cls.head_a = emp("Kepala Dinas A", cls.agency_a, iki_post_type="jpt", iki_eselon="II.a")
        cls.div_head = emp(
            "Kepala Bidang A1", cls.division, cls.head_a, iki_post_type="administrator"
        )
        cls.sec_head = emp(
            "Kepala Seksi A1a",
            cls.section,
            cls.div_head,
            sex=SEX_FEMALE,
            user_id=cls.user_sec_head.id,
            job_id=cls.job_head_section.id,
            iki_post_type="pengawas",
        )
        cls.staff_1 = emp(
            "Staf Satu",
            cls.section,
            cls.sec_head,
            user_id=cls.user_employee.id,
            job_id=cls.job_staff.id,
            job_title="Pengelola Data",
            iki_post_type="pelaksana",
        )
        cls.staff_2 = emp("Staf Dua", cls.section, cls.sec_head, sex=SEX_FEMALE)
        cls.sec2_head = emp(
            "Kepala Seksi A1b", cls.section_2, cls.div_head, user_id=cls.user_sec2_head.id
        )
        cls.staff_3 = emp("Staf Tiga", cls.section_2, cls.sec2_head)
        cls.head_b = emp("Kepala Dinas B", cls.agency_b)
        cls.staff_b = emp("Staf Dinas B", cls.agency_b, cls.head_b)
        cls.emp_c2 = emp("Pegawai Lain", cls.agency_c2, user_id=cls.user_c2.id)

    # ------------------------------------------------------------------
    # Cascade
    # ------------------------------------------------------------------
    @classmethod
    def _make_indicator(cls, name, level, parent=None, department=None, employee=None, **vals):
        """An indicator of :data:`YEAR` (target 12, positive) in the owner's company."""
        owner = department or employee or parent
        company = owner.company_id if owner else cls.company
        values = {
            "name": name,
            "code": vals.pop("code", name.upper().replace(" ", "-")),
            "level": level,
            "year": YEAR,
            "company_id": company.id,
            "parent_id": parent.id if parent else False,
            "department_id": department.id if department else False,
            "employee_id": employee.id if employee else False,
            "unit": "dokumen",
            "target": 12.0,
        }
        values.update(vals)
        return cls.env["iki.indicator"].create(values)

    @classmethod
    def _setup_cascade(cls):
        ind = cls._make_indicator
        cls.ind_rpjmd = ind("Tujuan RPJMD", "rpjmd_goal", department=cls.province, unit="%")
        cls.ind_opd = ind("IKU Dinas A", "opd", cls.ind_rpjmd, cls.agency_a, cls.head_a)
        cls.ind_e3 = ind("Program A1", "eselon_3", cls.ind_opd, cls.division, cls.div_head)
        cls.ind_e4 = ind("Kegiatan A1a", "eselon_4", cls.ind_e3, cls.section, cls.sec_head)
        cls.ind_e4_2 = ind("Kegiatan A1b", "eselon_4", cls.ind_e3, cls.section_2, cls.sec2_head)
        cls.ind_staff_a = ind("Laporan bulanan", "individual", cls.ind_e4, cls.section, cls.staff_1)
        cls.ind_staff_b = ind(
            "Data terverifikasi", "individual", cls.ind_e4, cls.section, cls.staff_1, target=240.0
        )
        cls.ind_staff_c = ind("Tugas tambahan", "individual", cls.ind_e4, cls.section, cls.staff_1)
        cls.ind_staff2 = ind("Arsip tertata", "individual", cls.ind_e4, cls.section, cls.staff_2)
        cls.ind_staff3 = ind(
            "Surat terkirim", "individual", cls.ind_e4_2, cls.section_2, cls.staff_3
        )
        cls.ind_opd_b = ind("IKU Dinas B", "opd", cls.ind_rpjmd, cls.agency_b, cls.head_b)
        cls.ind_b_staff = ind(
            "Layanan Dinas B", "individual", cls.ind_opd_b, cls.agency_b, cls.staff_b
        )
        cls.ind_c2_rpjmd = ind("Tujuan Lain", "rpjmd_goal", department=cls.agency_c2)
        cls.ind_c2 = ind("IKI Lain", "individual", cls.ind_c2_rpjmd, cls.agency_c2, cls.emp_c2)

    # ------------------------------------------------------------------
    # Plans
    # ------------------------------------------------------------------
    @classmethod
    def _make_plan(cls, employee, lines, *, user=None, year=YEAR, **vals):
        """A draft plan of ``employee`` for ``year``.

        ``lines``: ``(indicator, weight)`` or ``(indicator, weight, kind)`` tuples (kind
        defaults to ``"utama"``). Created as ``user`` when given (access tests), else as the
        superuser.
        """
        env = cls.env(user=user) if user else cls.env
        line_cmds = []
        for spec in lines:
            indicator, weight, kind = (*spec, "utama")[:3]
            line_cmds.append((0, 0, {"indicator_id": indicator.id, "weight": weight, "kind": kind}))
        values = {"employee_id": employee.id, "year": year, "line_ids": line_cmds}
        values.update(vals)
        return env["iki.plan"].create(values)

    @classmethod
    def _make_standard_plan(cls, user=None):
        """staff_1's plan: two utama lines weighing 60 + 40 and one tambahan line."""
        return cls._make_plan(
            cls.staff_1,
            [
                (cls.ind_staff_a, 60.0),
                (cls.ind_staff_b, 40.0),
                (cls.ind_staff_c, 0.0, "tambahan"),
            ],
            user=user,
        )

    @classmethod
    def _as_user(cls, records, user):
        """``records`` bound to ``user`` with an empty cache, as in a new request: values cached
        while building the fixture as superuser would hide access errors."""
        cls.env.flush_all()
        cls.env.invalidate_all()
        return records.with_user(user)

    @classmethod
    def _employee_user(cls, plan):
        """Who submits ``plan``: the employee's user, else the HR officer."""
        return plan.employee_id.user_id or cls.user_hr_officer

    @classmethod
    def _submit(cls, plan):
        """Submit ``plan`` as its employee (or HR when the employee has no user)."""
        cls._as_user(plan, cls._employee_user(plan)).action_submit()
        return plan

    @classmethod
    def _approve(cls, plan):
        """Submit ``plan`` when still a draft, then approve it as its appraiser."""
        if plan.state == "draft":
            cls._submit(plan)
        cls._as_user(plan, plan.appraiser_id.user_id or cls.user_hr_officer).action_approve()
        return plan

    # ------------------------------------------------------------------
    # Monthly cycle, as the right users (the subclasses build the plans)
    # ------------------------------------------------------------------
    @classmethod
    def _open_month(cls, month, company=None):
        """Open ``month`` of :data:`YEAR` as HR (creates the appraisals of approved plans)."""
        company = company or cls.company
        user = cls.user_hr_officer if company == cls.company else cls.env.user
        period = (
            cls.env["iki.period"]
            .with_user(user)
            .create({"year": YEAR, "month": month, "company_id": company.id})
        )
        return cls.env["iki.period"].browse(period.id)

    @classmethod
    def _appraisal(cls, employee, period=None):
        """The appraisal of ``employee`` in ``period`` (default: the class's ``period``)."""
        period = period or cls.period
        return cls.env["iki.appraisal"].search(
            [("employee_id", "=", employee.id), ("period_id", "=", period.id)]
        )

    @classmethod
    def _employee_user_of(cls, appraisal):
        """Who acts for the employee: the employee's user, else the HR officer."""
        return appraisal.employee_id.user_id or cls.user_hr_officer

    @classmethod
    def _appraiser_user_of(cls, appraisal):
        """Who appraises: the appraiser's user, else the HR officer."""
        return appraisal.appraiser_id.user_id or cls.user_hr_officer

    @staticmethod
    def _after_cutoff(period):
        """The moment the helpers close ``period``: 09:00 UTC the day after its cut-off (a
        month closes only after its cut-off)."""
        return datetime.datetime.combine(
            period.cutoff_date + datetime.timedelta(days=1), datetime.time(9, 0)
        )

    @classmethod
    def _close(cls, period=None):
        """Close ``period`` (default: the class's ``period``) as the HR officer, the day after
        its cut-off (:meth:`_after_cutoff`); the clock returns to :data:`NOW` afterwards."""
        period = period or cls.period
        with freeze_time(cls._after_cutoff(period)):
            period.with_user(cls.user_hr_officer).action_close()
        return period
