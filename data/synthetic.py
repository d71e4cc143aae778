"""Synthetic province of N employees for benchmarks and load tests.

Deterministic (seeded ``random.Random``) and fast: records are created with the ORM in batches
(``create(vals_list)`` per level of the hierarchy, in chunks); workflow states that the
benchmarks do not measure are reached with bulk SQL, after which the ORM caches are invalidated.

Shape of the province (``n`` employees in total)::

    Provincial secretariat (root unit)        Sekda (top official, no supervisor)
    +-- agency 1 .. A (about 250 staff each)  head, Eselon II
        +-- 4 divisions                       heads, Eselon III, report to the agency head
            +-- 4 sections each               heads, Eselon IV, report to the division head
                                              staff (pelaksana / fungsional) report to them

Cascade of the year: 5 RPJMD goals -> the Sekda's 5 RPJMD targets -> each agency head's 5
agency (OPD) indicators -> each division head's 5 eselon_3 indicators -> each section head's 5
eselon_4 indicators -> each staff member's 5 individual indicators. Indicator ``k`` of an owner
supports indicator ``k`` of the owner's supervisor (direct cascade).

Every employee has an approved plan (SKP) with 5 lines: 4 main lines (positive 30, positive 30,
negative 20, range 20) and 1 additional milestone line.

Use inside ``odoo-bin shell`` or a test::

    import synthetic  # data/ on sys.path
    province = synthetic.build_province(env, 1000, year=2025, month=3, seed=1)
    province.appraisal_ids, province.period_id, province.timings

Steps can also be run one by one (``build_organisation``, ``build_cascade``, ``build_plans``,
``open_month``, ``submit_month``, ``rate_behaviour``); each takes and fills the
:class:`Province`.

With iki_tukin installed, the month's Tukin inputs and payroll (after the month is closed)::

    synthetic.ensure_tukin_scheme(env, company)   # the company's scheme in force
    attendance = synthetic.build_attendance(env, province)   # schedule, leaves, check-ins
    payroll = synthetic.build_payroll(env, province, attendance["calendar_id"])

``build_attendance`` gives every employee a Monday-to-Friday 07:30-16:00 schedule in
Asia/Jakarta, approved sick leaves to about 1% of them and, on the other working days, one
or two attendances a day: 0.5% of the days absent, 10% late (TL1 to TL4), 3% early leaves
(PSW1 to PSW4), 1% without check-out. ``build_payroll`` opens a contract per employee and
prepares two draft payslip batches of the month, with and without the Tukin rules.
"""

import datetime
import io
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytz

from odoo.addons.iki_performance.engine.constants import BERAKHLAK
from odoo.addons.iki_performance.engine.nip import SEX_FEMALE, SEX_MALE, make_nip

AGENCY_SIZE = 250
DIVISIONS_PER_AGENCY = 4
SECTIONS_PER_DIVISION = 4
CHUNK = 2000
# Context of every generator write: no chatter, no followers, no password mails.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
HR_LOGIN = "iki_bench_hr"

# The 5 lines of every plan (and the 5 indicators of every owner), index k.
# (kind, line weight, polarity, unit, annual target, annual upper bound, spread, label)
LINE_TEMPLATE = [
    ("utama", 30.0, "positive", "dokumen", 12.0, 0.0, "sum", "Dokumen kinerja tersusun"),
    ("utama", 30.0, "positive", "berkas", 240.0, 0.0, "sum", "Berkas layanan terselesaikan"),
    ("utama", 20.0, "negative", "temuan", 12.0, 0.0, "sum", "Temuan pemeriksaan"),
    ("utama", 20.0, "range", "%", 80.0, 90.0, "equal", "Tingkat kepuasan layanan"),
    ("tambahan", 0.0, "boolean", "kegiatan", 1.0, 0.0, "equal", "Inovasi tugas tambahan"),
]
LEVEL_OF_TIER = {
    "goal": "rpjmd_goal",
    "sekda": "rpjmd_target",
    "agency": "opd",
    "division": "eselon_3",
    "section": "eselon_4",
    "staff": "individual",
}
AGENCY_NAMES = [
    "Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pekerjaan Umum", "Dinas Sosial",
    "Dinas Perhubungan", "Dinas Pertanian", "Dinas Kelautan dan Perikanan", "Dinas Pariwisata",
    "Dinas Perindustrian", "Dinas Koperasi dan UKM", "Dinas Lingkungan Hidup", "Dinas Kehutanan",
    "Dinas Energi dan Sumber Daya Mineral", "Dinas Tenaga Kerja", "Dinas Perumahan",
    "Dinas Kependudukan", "Dinas Komunikasi dan Informatika", "Dinas Pemuda dan Olahraga",
    "Dinas Perpustakaan", "Dinas Penanaman Modal", "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelola Keuangan dan Aset Daerah", "Badan Pendapatan Daerah",
    "Badan Kepegawaian dan Pengembangan SDM", "Badan Penanggulangan Bencana Daerah",
    "Badan Kesatuan Bangsa dan Politik", "Inspektorat", "Satuan Polisi Pamong Praja",
    "Biro Organisasi", "Biro Hukum", "Biro Umum", "Biro Pemerintahan", "Rumah Sakit Umum Daerah",
]  # fmt: skip
FIRST_MALE = [
    "Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Gede", "Hendra", "Irfan", "Joko", "Komang",
    "Lalu", "Made", "Nyoman", "Putu", "Rizal", "Slamet", "Teguh", "Wahyu", "Yusuf", "Zainal",
]  # fmt: skip
FIRST_FEMALE = [
    "Ayu", "Baiq", "Citra", "Dewi", "Endang", "Fitri", "Hana", "Indah", "Kadek", "Lestari",
    "Maya", "Nur", "Putri", "Ratna", "Sari", "Tuti", "Wulan", "Yanti", "Rina", "Siti",
]  # fmt: skip
LAST_NAMES = [
    "Saputra", "Wijaya", "Hidayat", "Santoso", "Pratama", "Kurniawan", "Setiawan", "Nugroho",
    "Lestari", "Rahmawati", "Hakim", "Suryani", "Permana", "Utami", "Syahputra", "Maharani",
    "Firmansyah", "Handayani", "Gunawan", "Anggraini", "Susanto", "Wibowo", "Hasanah", "Putra",
]  # fmt: skip
# tier -> (post type, eselon, job classes, job title)
POSTS = {
    "sekda": ("jpt", "I.b", (16,), "Sekretaris Daerah"),
    "agency": ("jpt", "II.a", (14, 15), "Kepala"),
    "division": ("administrator", "III.a", (11, 12), "Kepala Bidang"),
    "section": ("pengawas", "IV.a", (8, 9), "Kepala Seksi"),
    "staff": ("pelaksana", False, (5, 6, 7), "Pelaksana"),
    "functional": ("fungsional", False, (7, 8, 9), "Pranata Fungsional"),
}
PNS_RANKS = {
    "sekda": ["IV/e"],
    "agency": ["IV/c", "IV/d"],
    "division": ["IV/a", "IV/b"],
    "section": ["III/c", "III/d"],
    "staff": ["II/c", "II/d", "III/a", "III/b"],
    "functional": ["III/a", "III/b", "III/c"],
}
PPPK_GRADES = ["pppk_V", "pppk_VII", "pppk_IX"]


@dataclass
class Province:
    """Ids of everything the generator built, plus the time of each step (seconds)."""

    n: int
    year: int
    seed: int
    company_id: int = 0
    hr_user_id: int = 0
    root_department_id: int = 0
    agency_ids: list = field(default_factory=list)
    division_ids: list = field(default_factory=list)
    section_ids: list = field(default_factory=list)
    job_ids: dict = field(default_factory=dict)
    # employees in creation order: sekda, agency heads, division heads, section heads, staff
    employee_ids: list = field(default_factory=list)
    employee_tier: dict = field(default_factory=dict)  # id -> tier
    supervisor_of: dict = field(default_factory=dict)  # id -> supervisor id (or False)
    department_of: dict = field(default_factory=dict)  # id -> department id
    head_user_ids: list = field(default_factory=list)
    indicator_ids: dict = field(default_factory=dict)  # level -> [ids]
    indicators_of: dict = field(default_factory=dict)  # owner employee id -> [5 ids]
    plan_ids: list = field(default_factory=list)
    month: int = 0
    period_id: int = 0
    appraisal_ids: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


@contextmanager
def _timed(province, step):
    start = time.perf_counter()
    yield
    province.timings[step] = round(time.perf_counter() - start, 2)


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _create(model, vals_list, size=CHUNK):
    """``model.create`` in chunks; return the ids in the order of ``vals_list``."""
    ids = []
    for chunk in _chunks(vals_list, size):
        ids.extend(model.create(chunk).ids)
    return ids


def _monthly_targets(target, spread, polarity):
    """The twelve monthly targets, the same rule as ``iki.target.mixin._iki_spread_values``."""
    if spread == "equal" or polarity in ("range", "boolean"):
        return {f"target_{m:02d}": target for m in range(1, 13)}
    share = round(target / 12.0, 2)
    values = {f"target_{m:02d}": share for m in range(1, 12)}
    values["target_12"] = round(target - share * 11, 2)
    return values


def _sizes(n):
    """Split ``n`` employees: one Sekda, then agencies of about AGENCY_SIZE people each.

    Returns a list of ``(divisions, sections per division, staff)`` per agency; the agency
    head, division and section heads come on top of the staff.
    """
    if n < 2:
        raise ValueError("A synthetic province needs at least 2 employees.")
    rest = n - 1
    agencies = max(1, round(rest / AGENCY_SIZE))
    shapes = []
    for index in range(agencies):
        size = rest // agencies + (1 if index < rest % agencies else 0)
        divisions = max(0, min(DIVISIONS_PER_AGENCY, (size - 1) // 60))
        sections = SECTIONS_PER_DIVISION if divisions else 0
        staff = size - 1 - divisions * (1 + sections)
        if staff < 0:
            divisions, sections, staff = 0, 0, size - 1
        shapes.append((divisions, sections, staff))
    return shapes


# ----------------------------------------------------------------------------------------------
# Organisation
# ----------------------------------------------------------------------------------------------
def ensure_hr_user(env, company):
    """The benchmark's HR officer (no settings rights), created once per database."""
    Users = env["res.users"].with_context(**QUIET)
    user = Users.search([("login", "=", HR_LOGIN)], limit=1)
    if user:
        return user
    groups = [
        env.ref("base.group_user").id,
        env.ref("hr.group_hr_user").id,
        env.ref("iki_performance.group_iki_hr_officer").id,
    ]
    return Users.create(
        {
            "name": "IKI Benchmark HR Officer",
            "login": HR_LOGIN,
            "email": f"{HR_LOGIN}@example.com",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, groups)],
        }
    )


def build_organisation(env, n, seed=1, company=None, province=None, with_users=True):
    """Units, jobs, ``n`` employees with valid NIPs, the supervisor chain and, when
    ``with_users``, a login for every head (the appraisers)."""
    rng = random.Random(f"org-{seed}")
    company = company or env.company
    province = province or Province(n=n, year=0, seed=seed)
    province.company_id = company.id
    env = env(context=dict(env.context, **QUIET))
    hr_user = ensure_hr_user(env, company)
    province.hr_user_id = hr_user.id
    shapes = _sizes(n)
    tag = f"S{seed}N{n}"

    with _timed(province, "organisation: units"):
        Department = env["hr.department"]
        root = Department.create(
            {
                "name": f"Sekretariat Daerah Provinsi Sintetis {tag}",
                "company_id": company.id,
                "iki_org_level": "province",
            }
        )
        province.root_department_id = root.id
        agency_vals = []
        for index in range(len(shapes)):
            base = AGENCY_NAMES[index % len(AGENCY_NAMES)]
            suffix = f" {index // len(AGENCY_NAMES) + 1}" if index >= len(AGENCY_NAMES) else ""
            agency_vals.append(
                {
                    "name": base + suffix,
                    "parent_id": root.id,
                    "company_id": company.id,
                    "iki_is_agency": True,
                    "iki_agency_code": f"{tag}-{index + 1:03d}",
                    "iki_org_level": "agency",
                }
            )
        province.agency_ids = _create(Department, agency_vals)
        division_vals, division_agency = [], []
        for agency_id, (divisions, _sections, _staff) in zip(province.agency_ids, shapes):
            for d in range(divisions):
                division_vals.append(
                    {
                        "name": f"Bidang {d + 1}",
                        "parent_id": agency_id,
                        "company_id": company.id,
                        "iki_org_level": "division",
                    }
                )
                division_agency.append(agency_id)
        province.division_ids = _create(Department, division_vals)
        section_vals = []
        divisions_of = {}
        for division_id, agency_id in zip(province.division_ids, division_agency):
            divisions_of.setdefault(agency_id, []).append(division_id)
            for s in range(SECTIONS_PER_DIVISION):
                section_vals.append(
                    {
                        "name": f"Seksi {len(divisions_of[agency_id])}.{s + 1}",
                        "parent_id": division_id,
                        "company_id": company.id,
                        "iki_org_level": "section",
                    }
                )
        province.section_ids = _create(Department, section_vals)
        sections_of = {}
        for section_id, vals in zip(province.section_ids, section_vals):
            sections_of.setdefault(vals["parent_id"], []).append(section_id)
        Job = env["hr.job"]
        for tier, (_post, _eselon, _classes, title) in POSTS.items():
            job = Job.search([("name", "=", title), ("company_id", "=", company.id)], limit=1)
            province.job_ids[tier] = (
                job or Job.create({"name": title, "company_id": company.id})
            ).id

    # Who is who: (tier, department, supervisor index) in creation order.
    people = [("sekda", root.id, None)]
    heads = {}
    for agency_id, (_divisions, _sections, staff) in zip(province.agency_ids, shapes):
        people.append(("agency", agency_id, 0))
        agency_head = len(people) - 1
        heads[agency_id] = agency_head
        units = []  # (department, head index) that take staff
        for division_id in divisions_of.get(agency_id, []):
            people.append(("division", division_id, agency_head))
            heads[division_id] = len(people) - 1
            for section_id in sections_of[division_id]:
                people.append(("section", section_id, heads[division_id]))
                heads[section_id] = len(people) - 1
                units.append((section_id, heads[section_id]))
        units = units or [(agency_id, agency_head)]
        for s in range(staff):
            department_id, head = units[s % len(units)]
            tier = "functional" if rng.random() < 0.2 else "staff"
            people.append((tier, department_id, head))
    assert len(people) == n, (len(people), n)
    # Heads first (creation order by tier) so that supervisors exist before their staff.
    tier_rank = {"sekda": 0, "agency": 1, "division": 2, "section": 3, "staff": 4}
    order = sorted(range(n), key=lambda i: tier_rank.get(people[i][0], 4))

    with _timed(province, "organisation: head users"):
        user_of = {}
        if with_users:
            group_user = env.ref("base.group_user").id
            head_indexes = [i for i in order if people[i][0] not in ("staff", "functional")]
            user_vals = [
                {
                    "name": f"Pejabat {tag} {i:05d}",
                    "login": f"syn.{tag.lower()}.{i:05d}",
                    "email": f"syn.{tag.lower()}.{i:05d}@example.com",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, [group_user])],
                }
                for i in head_indexes
            ]
            user_ids = _create(env["res.users"], user_vals, 500)
            user_of = dict(zip(head_indexes, user_ids))
            province.head_user_ids = user_ids

    with _timed(province, "organisation: employees"):
        used_nips = set()
        id_of = {}
        # As the HR officer (sudo): hr.employee.create generates an SVG avatar attachment per
        # employee for users who may write views; the HR officer may not, so none is made.
        # ``salary_simulation`` skips the per-employee onboarding notes and channel joins.
        Employee = (
            env["hr.employee"]
            .with_user(hr_user)
            .sudo()
            .with_context(salary_simulation=True, **QUIET)
        )
        for tier_value in range(5):
            batch = [i for i in order if tier_rank.get(people[i][0], 4) == tier_value]
            vals_list = []
            for i in batch:
                tier, department_id, boss = people[i]
                female = rng.random() < 0.45
                sex = SEX_FEMALE if female else SEX_MALE
                age = {"sekda": 55, "agency": 50, "division": 45, "section": 40}.get(tier)
                age = age or rng.randint(24, 56)
                birth = datetime.date(2025 - age, 1, 1) + datetime.timedelta(
                    days=rng.randint(0, 364)
                )
                appointed = max(birth.year + 21, 1990) + rng.randint(0, 8)
                appointed = min(appointed, 2024)
                month = rng.randint(1, 12)
                nip = make_nip(birth, appointed, month, sex, rng.randint(1, 999))
                while nip in used_nips:
                    nip = make_nip(birth, appointed, month, sex, rng.randint(1, 999))
                used_nips.add(nip)
                pppk = tier in ("staff", "functional") and rng.random() < 0.15
                post_type, eselon, classes, title = POSTS[tier]
                first = rng.choice(FIRST_FEMALE if female else FIRST_MALE)
                vals = {
                    "name": f"{first} {rng.choice(LAST_NAMES)} {i:05d}",
                    "company_id": company.id,
                    "department_id": department_id,
                    "parent_id": id_of[boss] if boss is not None else False,
                    "job_id": province.job_ids[tier],
                    "job_title": title,
                    "gender": "female" if female else "male",
                    "birthday": birth,
                    "iki_nip": nip,
                    "iki_asn_status": "pppk" if pppk else "pns",
                    "iki_rank": rng.choice(PPPK_GRADES if pppk else PNS_RANKS[tier]),
                    "iki_post_type": post_type,
                    "iki_eselon": eselon,
                    "iki_job_class": rng.choice(classes),
                }
                if i in user_of:
                    vals["user_id"] = user_of[i]
                vals_list.append(vals)
            for i, emp_id in zip(batch, _create(Employee, vals_list)):
                id_of[i] = emp_id
        for i in order:
            tier, department_id, boss = people[i]
            emp_id = id_of[i]
            province.employee_ids.append(emp_id)
            province.employee_tier[emp_id] = "staff" if tier == "functional" else tier
            province.supervisor_of[emp_id] = id_of[boss] if boss is not None else False
            province.department_of[emp_id] = department_id
        # Unit heads, in one statement (department.write would re-parent staff one by one).
        managers = [(dep, id_of[index]) for dep, index in heads.items()]
        managers.append((root.id, id_of[0]))
        env.cr.execute_values(
            """UPDATE hr_department d SET manager_id = v.manager
                 FROM (VALUES %s) AS v(id, manager) WHERE d.id = v.id""",
            sorted(managers),
        )
        env["hr.department"].invalidate_model(["manager_id"])
    return province


# ----------------------------------------------------------------------------------------------
# Cascade and plans
# ----------------------------------------------------------------------------------------------
def _indicator_vals(province, year, level, tier, k, department_id, employee_id, parent_id, code):
    kind, weight, polarity, unit, target, target_max, spread, label = LINE_TEMPLATE[k]
    vals = {
        "name": f"{label} ({tier} {code})",
        "code": code,
        "level": level,
        "year": year,
        "company_id": province.company_id,
        "department_id": department_id,
        "employee_id": employee_id,
        "parent_id": parent_id,
        "unit": unit,
        "polarity": polarity,
        "target": target,
        "target_max": target_max,
        "target_spread": spread,
        "weight": weight or 10.0,
        "cascade_type": "direct",
        "evidence_required": False,
    }
    vals.update(_monthly_targets(target, spread, polarity))
    return vals


def build_cascade(env, province, year):
    """The indicator tree of ``year``, level by level (parent paths need parents first)."""
    province.year = year
    env = env(context=dict(env.context, **QUIET))
    Indicator = env["iki.indicator"]
    with _timed(province, "cascade"):
        goal_ids = _create(
            Indicator,
            [
                _indicator_vals(
                    province,
                    year,
                    "rpjmd_goal",
                    "goal",
                    k,
                    province.root_department_id,
                    False,
                    False,
                    f"RPJMD-{year}-T{k + 1}",
                )
                for k in range(len(LINE_TEMPLATE))
            ],
        )
        province.indicator_ids["rpjmd_goal"] = goal_ids
        for tier in ("sekda", "agency", "division", "section", "staff"):
            level = LEVEL_OF_TIER[tier]
            owners = [e for e in province.employee_ids if province.employee_tier[e] == tier]
            vals_list, keys = [], []
            for emp_id in owners:
                boss = province.supervisor_of[emp_id]
                parents = goal_ids if tier == "sekda" else province.indicators_of[boss]
                for k in range(len(LINE_TEMPLATE)):
                    vals_list.append(
                        _indicator_vals(
                            province,
                            year,
                            level,
                            tier,
                            k,
                            province.department_of[emp_id],
                            emp_id,
                            parents[k],
                            f"{year}-E{emp_id}-{k + 1}",
                        )
                    )
                    keys.append(emp_id)
            ids = _create(Indicator, vals_list, 5000)
            province.indicator_ids.setdefault(level, []).extend(ids)
            for emp_id, ind_id in zip(keys, ids):
                province.indicators_of.setdefault(emp_id, []).append(ind_id)
    return province


def build_plans(env, province, year=None):
    """One plan per employee with 5 lines on the owner's own indicators, approved in bulk
    (state and snapshots written with SQL: the plan workflow is measured elsewhere)."""
    year = year or province.year
    env = env(context=dict(env.context, **QUIET))
    with _timed(province, "plans"):
        plan_ids = _create(
            env["iki.plan"],
            [
                {"employee_id": emp_id, "year": year, "company_id": province.company_id}
                for emp_id in province.employee_ids
            ],
        )
        line_vals = []
        for emp_id, plan_id in zip(province.employee_ids, plan_ids):
            for k, indicator_id in enumerate(province.indicators_of[emp_id]):
                kind, weight = LINE_TEMPLATE[k][:2]
                line_vals.append(
                    {
                        "plan_id": plan_id,
                        "indicator_id": indicator_id,
                        "kind": kind,
                        "weight": weight,
                        "sequence": k + 1,
                    }
                )
        _create(env["iki.plan.line"], line_vals, 5000)
        env.flush_all()
        env.cr.execute(
            """
            UPDATE iki_plan p
               SET state = 'approved',
                   submitted_date = %(submitted)s,
                   approved_date = %(approved)s,
                   approved_by_id = %(uid)s
             WHERE p.id = ANY(%(ids)s)
            """,
            {
                "submitted": datetime.date(year, 1, 10),
                "approved": datetime.date(year, 1, 20),
                "uid": province.hr_user_id,
                "ids": plan_ids,
            },
        )
        # The appraisers the workflow would snapshot at the submission: the resolution rule
        # (supervisor, acting officials, delegations, unit heads), not the bare parent_id.
        resolved = (
            env["hr.employee"]
            .browse(province.employee_ids)
            ._iki_get_appraisers(datetime.date(year, 1, 10))
        )
        rows = [
            (plan_id, resolved[emp_id][0].id or None, resolved[emp_id][1].id or None)
            for emp_id, plan_id in zip(province.employee_ids, plan_ids)
        ]
        for chunk in _chunks(rows, 10000):
            env.cr.execute_values(
                """UPDATE iki_plan p
                      SET appraiser_id = v.appraiser_id, appraiser_parent_id = v.above_id
                     FROM (VALUES %s) AS v(id, appraiser_id, above_id) WHERE p.id = v.id""",
                chunk,
                template="(%s, %s::int, %s::int)",
                page_size=10000,
            )
        env["iki.plan"].invalidate_model()
        province.plan_ids = plan_ids
    return province


# ----------------------------------------------------------------------------------------------
# The month
# ----------------------------------------------------------------------------------------------
def open_month(env, province, month):
    """Open the month with the real ``iki.period.create`` (appraisals generated in batch)."""
    province.month = month
    with _timed(province, "open month (generate appraisals)"):
        period = (
            env["iki.period"]
            .with_context(**QUIET)
            .create({"company_id": province.company_id, "year": province.year, "month": month})
        )
        env.flush_all()
        province.period_id = period.id
        province.appraisal_ids = (
            env["iki.appraisal"].search([("period_id", "=", period.id)], order="id").ids
        )
    return province


def _realisation(rng, polarity, target, target_max):
    """A plausible realisation: most people near their target, a few far below or above."""
    if polarity == "boolean":
        return 1.0 if rng.random() < 0.85 else 0.0
    if polarity == "negative":
        return float(rng.choice((0, 0, 1, 1, 1, 2)))
    if polarity == "range":
        return round(rng.uniform(target * 0.85, (target_max or target) * 1.05), 1)
    factor = rng.choice((rng.uniform(0.5, 0.9), rng.uniform(0.9, 1.1), rng.uniform(1.0, 1.3)))
    return round(target * factor, 2)


def submit_month(env, province, seed=None, schedule_reviews=True):
    """Every employee enters the realisation of every line and submits (bulk SQL), then the
    real compute path runs once (as after a submission) and the appraisers' review activities
    are created (``_iki_schedule_review``)."""
    seed = province.seed if seed is None else seed
    rng = random.Random(f"month-{seed}-{province.year}-{province.month}")
    period = env["iki.period"].browse(province.period_id)
    env.flush_all()
    with _timed(province, "submit month (bulk SQL)"):
        env.cr.execute(
            """
            SELECT l.id, pl.polarity, l.target, l.target_max
              FROM iki_appraisal_line l
              JOIN iki_plan_line pl ON pl.id = l.plan_line_id
             WHERE l.period_id = %s
             ORDER BY l.id
            """,
            [period.id],
        )
        rows = [
            (line_id, _realisation(rng, polarity, target or 0.0, target_max or 0.0))
            for line_id, polarity, target, target_max in env.cr.fetchall()
        ]
        for chunk in _chunks(rows, 10000):
            env.cr.execute_values(
                """UPDATE iki_appraisal_line l
                      SET realization = v.value, realization_entered = true
                     FROM (VALUES %s) AS v(id, value) WHERE l.id = v.id""",
                chunk,
                page_size=10000,
            )
        submitted = datetime.datetime(province.year, province.month, 1) + datetime.timedelta(
            days=32
        )
        env.cr.execute(
            """
            UPDATE iki_appraisal
               SET state = 'submitted', submitted_date = %s, is_late = false
             WHERE period_id = %s AND state IN ('draft', 'returned')
            """,
            [submitted.replace(day=2, hour=8), period.id],
        )
        env.invalidate_all()
    appraisals = env["iki.appraisal"].browse(province.appraisal_ids)
    with _timed(province, "submit month (recompute)"):
        appraisals._iki_recompute()
        env.flush_all()
    if schedule_reviews:
        with _timed(province, "submit month (review activities)"):
            # The real activities of a submission, without the assignment e-mail of each.
            appraisals.with_context(mail_activity_quick_update=True)._iki_schedule_review()
            env.flush_all()
    env.invalidate_all()
    return province


def rate_behaviour(env, province, seed=None, appraisal_ids=None):
    """The appraisers rate the seven BerAKHLAK values of every appraisal (bulk SQL), then the
    compute path runs once on the appraisals, as a rating written through the ORM runs it
    (``iki.appraisal.behaviour.write``): an approval then finds the results up to date, as
    it does after real ratings."""
    seed = province.seed if seed is None else seed
    rng = random.Random(f"behaviour-{seed}-{province.year}-{province.month}")
    appraisal_ids = appraisal_ids or province.appraisal_ids
    env.flush_all()
    with _timed(province, "rate behaviour (bulk SQL)"):
        env.cr.execute(
            """SELECT id FROM iki_appraisal_behaviour
                WHERE appraisal_id = ANY(%s) AND value_key = ANY(%s) ORDER BY id""",
            [list(appraisal_ids), list(BERAKHLAK)],
        )
        choices = ("above", "meets", "meets", "meets", "meets", "below")
        rows = [(bid, rng.choice(choices)) for (bid,) in env.cr.fetchall()]
        for chunk in _chunks(rows, 10000):
            env.cr.execute_values(
                """UPDATE iki_appraisal_behaviour b SET rating = v.rating
                     FROM (VALUES %s) AS v(id, rating) WHERE b.id = v.id""",
                chunk,
                page_size=10000,
            )
        env["iki.appraisal.behaviour"].invalidate_model(["rating"])
    with _timed(province, "rate behaviour (recompute)"):
        # Planner statistics of the month's rows, as autovacuum keeps them in a live database
        # (without them, reading 50,000 lines in this transaction can take minutes).
        env.cr.execute("ANALYZE iki_appraisal, iki_appraisal_line, iki_appraisal_behaviour")
        env["iki.appraisal"].browse(appraisal_ids)._iki_recompute()
        env.flush_all()
    env.invalidate_all()
    return province


def build_province(
    env, n, year=2025, month=3, seed=1, company=None, submit=True, with_users=True, with_month=True
):
    """Everything: organisation, cascade, approved plans, the month opened (unless
    ``with_month`` is False: :func:`open_month` opens it later) and (when ``submit``) every
    realisation entered and submitted. Returns the :class:`Province`."""
    province = Province(n=n, year=year, seed=seed)
    build_organisation(env, n, seed=seed, company=company, province=province, with_users=with_users)
    build_cascade(env, province, year)
    build_plans(env, province, year)
    province.month = month
    if not with_month:
        return province
    open_month(env, province, month)
    if submit:
        submit_month(env, province, seed)
    return province


# ----------------------------------------------------------------------------------------------
# Attendance of the month and payroll (iki_tukin)
# ----------------------------------------------------------------------------------------------
CALENDAR_NAME = "Jam Kerja ASN 07:30-16:00 (benchmark)"
CALENDAR_TZ = "Asia/Jakarta"  # UTC+7, no daylight saving
# Local working hours of Monday to Friday: (from, to, day period); lunch is no working time.
WORK_HOURS = ((7.5, 12.0, "morning"), (12.0, 13.0, "lunch"), (13.0, 16.0, "afternoon"))
# Share of attended days with a late arrival and its band (TL1..TL4): (weight, min, max minutes).
LATE_SHARE = 0.10
LATE_MINUTES = ((0.55, 1, 30), (0.25, 31, 60), (0.12, 61, 90), (0.08, 91, 150))
# Share of attended days with an early leave (PSW1..PSW4), same shape.
EARLY_SHARE = 0.03
EARLY_MINUTES = ((0.55, 1, 30), (0.25, 31, 60), (0.12, 61, 90), (0.08, 91, 150))
NO_CHECK_OUT_SHARE = 0.01  # forgot to check out (PSW4 by rule)
ABSENT_SHARE = 0.005  # working days without attendance nor leave
LUNCH_OUT_SHARE = 0.04  # days checked out for lunch and in again (two attendances)
LEAVE_SHARE = 0.01  # employees with an approved sick leave of 1 to 3 working days
PAYROLL_LOGIN = "iki_bench_payroll"
# Structure of the benchmark's payslips without Tukin: as many rules as the Tukin structure.
PLAIN_STRUCTURE_CODE = "BENCH_PLAIN"


def _pick_minutes(rng, bands):
    """Whole minutes drawn in one of ``bands`` ((weight, min, max), chosen by weight)."""
    weights = [weight for weight, _low, _high in bands]
    _weight, low, high = rng.choices(bands, weights=weights)[0]
    return rng.randint(low, high)


def _copy_rows(cr, table, columns, rows):
    """Insert ``rows`` into ``table`` with one COPY (ids from the table's sequence)."""

    def text(value):
        if value is None:
            return "\\N"
        if isinstance(value, datetime.datetime):
            return value.isoformat(" ")
        return str(value)

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(text(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cr.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def ensure_payroll_user(env, company):
    """The benchmark's payroll officer: Payroll Officer (Tukin) and OCA payroll manager (who
    runs payslip batches), created once per database."""
    Users = env["res.users"].with_context(**QUIET)
    user = Users.search([("login", "=", PAYROLL_LOGIN)], limit=1)
    if user:
        return user
    groups = [
        env.ref("base.group_user").id,
        env.ref("iki_tukin.group_iki_payroll_officer").id,
        env.ref("payroll.group_payroll_manager").id,
    ]
    return Users.create(
        {
            "name": "IKI Benchmark Payroll Officer",
            "login": PAYROLL_LOGIN,
            "email": f"{PAYROLL_LOGIN}@example.com",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, groups)],
        }
    )


def _working_days(year, month):
    """Monday-to-Friday dates of the month (the benchmark calendar has no public holiday)."""
    day = datetime.date(year, month, 1)
    days = []
    while day.month == month:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def build_calendar(env, province):
    """The working schedule of every employee (Monday to Friday 07:30-16:00 with a lunch
    break, in Asia/Jakarta), assigned in bulk SQL to the employees and their resources."""
    env = env(context=dict(env.context, **QUIET))
    with _timed(province, "attendance: calendar"):
        calendar = env["resource.calendar"].create(
            {
                "name": CALENDAR_NAME,
                "tz": CALENDAR_TZ,
                "company_id": province.company_id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {weekday} {period}",
                            "dayofweek": str(weekday),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        },
                    )
                    for weekday in range(5)
                    for hour_from, hour_to, period in WORK_HOURS
                ],
            }
        )
        env.flush_all()
        env.cr.execute(
            "UPDATE hr_employee SET resource_calendar_id = %s WHERE id = ANY(%s)",
            [calendar.id, province.employee_ids],
        )
        env.cr.execute(
            """UPDATE resource_resource r SET calendar_id = %s, tz = %s
                 FROM hr_employee e WHERE e.resource_id = r.id AND e.id = ANY(%s)""",
            [calendar.id, CALENDAR_TZ, province.employee_ids],
        )
        env.invalidate_all()
    return calendar


def build_leaves(env, province, seed=None):
    """Approved sick leaves of 1 to 3 working days (one week at most) for about
    :data:`LEAVE_SHARE` of the employees, with the real ``hr.leave`` workflow.

    Return ``{employee_id: {local dates on leave}}``."""
    seed = province.seed if seed is None else seed
    rng = random.Random(f"leave-{seed}-{province.year}-{province.month}")
    env = env(context=dict(env.context, mail_activity_automation_skip=True, **QUIET))
    days = _working_days(province.year, province.month)
    count = max(1, round(len(province.employee_ids) * LEAVE_SHARE))
    on_leave = {}
    vals_list = []
    for employee_id in sorted(rng.sample(province.employee_ids, count)):
        first = rng.choice(days)
        length = rng.randint(1, 3)
        taken = [d for d in days if first <= d and (d - first).days < 7][:length]
        taken = [d for d in taken if d.isocalendar()[1] == first.isocalendar()[1]]
        on_leave[employee_id] = set(taken)
        vals_list.append(
            {
                "employee_id": employee_id,
                "holiday_status_id": env.ref("hr_holidays.holiday_status_sl").id,
                "request_date_from": taken[0],
                "request_date_to": taken[-1],
                "name": "Sakit",
            }
        )
    with _timed(province, "attendance: approved leaves"):
        leaves = _create(env["hr.leave"], vals_list, 500)
        leaves = env["hr.leave"].browse(leaves)
        leaves.action_approve()
        pending = leaves.filtered(lambda leave: leave.state != "validate")
        if pending:
            pending.action_validate()
        env.flush_all()
    return on_leave


def _day_attendances(rng, start, end):
    """``[(check_in, check_out or None)]`` (naive UTC) of one attended day expected from
    ``start`` to ``end``: most people on time, :data:`LATE_SHARE` late, some leave early or
    forget to check out, a few check out for lunch."""
    if rng.random() < LATE_SHARE:
        check_in = start + datetime.timedelta(
            minutes=_pick_minutes(rng, LATE_MINUTES), seconds=rng.randint(0, 59)
        )
    else:
        check_in = start - datetime.timedelta(
            minutes=rng.randint(0, 40), seconds=rng.randint(0, 59)
        )
    draw = rng.random()
    if draw < NO_CHECK_OUT_SHARE:
        return [(check_in, None)]
    if draw < NO_CHECK_OUT_SHARE + EARLY_SHARE:
        check_out = end - datetime.timedelta(
            minutes=_pick_minutes(rng, EARLY_MINUTES), seconds=rng.randint(0, 59)
        )
        return [(check_in, check_out)]
    check_out = end + datetime.timedelta(minutes=rng.randint(0, 90), seconds=rng.randint(0, 59))
    if rng.random() < LUNCH_OUT_SHARE:
        lunch_out = start + datetime.timedelta(hours=4.5, minutes=rng.randint(0, 10))
        lunch_in = start + datetime.timedelta(hours=5.5, minutes=-rng.randint(0, 10))
        if check_in < lunch_out:
            return [(check_in, lunch_out), (lunch_in, check_out)]
    return [(check_in, check_out)]


def build_attendance(env, province, seed=None, leaves=True):
    """A month of attendance for every employee of the province (``province.month``), the
    input of the Tukin discipline facts: the benchmark calendar (:func:`build_calendar`), a
    few approved leaves (:func:`build_leaves`, when ``leaves``) and about 21 working days of
    check-ins and check-outs per employee inserted with one COPY (``hr.attendance``'s
    overlap checks and the employees' last attendance are not maintained).

    Return ``{"calendar_id", "attendances", "leaves"}``."""
    seed = province.seed if seed is None else seed
    rng = random.Random(f"attendance-{seed}-{province.year}-{province.month}")
    calendar = build_calendar(env, province)
    on_leave = build_leaves(env, province, seed) if leaves else {}
    tz = pytz.timezone(CALENDAR_TZ)
    day_start, day_end = WORK_HOURS[0][0], WORK_HOURS[-1][1]

    def utc(day, hours):
        local = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(hours=hours)
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    expected = [
        (day, utc(day, day_start), utc(day, day_end))
        for day in _working_days(province.year, province.month)
    ]
    now = datetime.datetime(province.year, province.month, 1) + datetime.timedelta(days=35)
    uid = province.hr_user_id or env.uid
    with _timed(province, "attendance: check-ins (COPY)"):
        rows = []
        for employee_id in province.employee_ids:
            leave_days = on_leave.get(employee_id, ())
            for day, start, end in expected:
                if day in leave_days or rng.random() < ABSENT_SHARE:
                    continue
                for check_in, check_out in _day_attendances(rng, start, end):
                    worked = (check_out - check_in).total_seconds() / 3600 if check_out else 0.0
                    rows.append(
                        (
                            employee_id,
                            check_in,
                            check_out,
                            round(worked, 4),
                            0.0,
                            "manual",
                            "manual" if check_out else None,
                            uid,
                            now,
                            uid,
                            now,
                        )
                    )
        env.flush_all()
        _copy_rows(
            env.cr,
            "hr_attendance",
            (
                "employee_id",
                "check_in",
                "check_out",
                "worked_hours",
                "overtime_hours",
                "in_mode",
                "out_mode",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ),
            rows,
        )
        env["hr.attendance"].invalidate_model()
    return {"calendar_id": calendar.id, "attendances": len(rows), "leaves": len(on_leave)}


def ensure_tukin_scheme(env, company):
    """The company's Tukin scheme in force (the shipped default, created by iki_tukin's data
    for the companies existing at install time, else now through the model's helper)."""
    Scheme = env["iki.tukin.scheme"].sudo()
    scheme = Scheme.search([("company_id", "=", company.id)], limit=1)
    return scheme or Scheme._iki_create_company_defaults(company)


def build_payroll(env, province, calendar_id, wage_base=2_500_000, wage_step=250_000):
    """The payroll of the month, ready to compute: an open ``hr.contract`` per employee
    (created in batches as drafts, opened in bulk SQL: opening one by one writes every
    employee), the Tukin structure of the company (the shipped ``ASN_TPP``, or a copy when it
    belongs to another company), a structure with as many plain rules, and two payslip batches
    of the month in draft, one per structure.

    Return the ids: ``tukin_structure_id``, ``plain_structure_id``, ``contract_ids``,
    ``plain_run_id``, ``plain_slip_ids``, ``tukin_run_id``, ``tukin_slip_ids``."""
    env = env(context=dict(env.context, **QUIET))
    company = env["res.company"].browse(province.company_id)
    date_from = datetime.date(province.year, province.month, 1)
    date_to = (date_from + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    with _timed(province, "payroll: structures"):
        shipped = env.ref("iki_tukin.hr_payroll_structure_asn_tpp")
        tukin = (
            shipped
            if shipped.company_id == company
            else shipped.copy({"company_id": company.id, "code": shipped.code})
        )
        rule_count = len(tukin.get_all_rules())
        Structure = env["hr.payroll.structure"]
        plain = Structure.search(
            [("code", "=", PLAIN_STRUCTURE_CODE), ("company_id", "=", company.id)], limit=1
        ) or Structure.create(
            {
                "name": "Benchmark without Tukin",
                "code": PLAIN_STRUCTURE_CODE,
                "company_id": company.id,
                "rule_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Plain {seq}",
                            "code": f"BENCH_PLAIN{seq}",
                            "sequence": seq,
                            "condition_select": "python",
                            "condition_python": "result = contract.wage > 0",
                            "amount_select": "code",
                            "amount_python_compute": "result = contract.wage",
                        },
                    )
                    for seq in range(1, rule_count + 1)
                ],
            }
        )
    with _timed(province, "payroll: contracts"):
        employees = env["hr.employee"].browse(province.employee_ids)
        employees.fetch(["name", "iki_job_class"])
        contract_ids = _create(
            env["hr.contract"],
            [
                {
                    "name": f"Kontrak {employee.name}",
                    "employee_id": employee.id,
                    "company_id": company.id,
                    "wage": wage_base + wage_step * (employee.iki_job_class or 0),
                    "date_start": datetime.date(province.year, 1, 1),
                    "struct_id": tukin.id,
                    "resource_calendar_id": calendar_id,
                }
                for employee in employees
            ],
        )
        env.flush_all()
        env.cr.execute("UPDATE hr_contract SET state = 'open' WHERE id = ANY(%s)", [contract_ids])
        env.cr.execute(
            """UPDATE hr_employee e SET contract_id = c.id
                 FROM hr_contract c WHERE c.employee_id = e.id AND c.id = ANY(%s)""",
            [contract_ids],
        )
        env.invalidate_all()
    result = {
        "tukin_structure_id": tukin.id,
        "plain_structure_id": plain.id,
        "contract_ids": contract_ids,
    }
    contract_of = dict(zip(province.employee_ids, contract_ids))
    for key, structure in (("plain", plain), ("tukin", tukin)):
        with _timed(province, f"payroll: {key} payslips (draft)"):
            run = env["hr.payslip.run"].create(
                {
                    "name": f"{structure.name} {date_from:%Y-%m}",
                    "date_start": date_from,
                    "date_end": date_to,
                    "company_id": company.id,
                }
            )
            slip_ids = _create(
                env["hr.payslip"],
                [
                    {
                        "name": f"Slip {employee.name} {date_from:%Y-%m}",
                        "employee_id": employee.id,
                        "contract_id": contract_of[employee.id],
                        "struct_id": structure.id,
                        "company_id": company.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "payslip_run_id": run.id,
                    }
                    for employee in employees
                ],
            )
            env.flush_all()
        result[f"{key}_run_id"] = run.id
        result[f"{key}_slip_ids"] = slip_ids
    return result
