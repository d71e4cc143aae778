"""Load the demo province "Pemerintah Provinsi Sejahtera Raya" into an IKI database.

Run it through the Odoo shell, which defines ``env``::

    odoo-bin shell -c <conf> -d <db> --no-http < data/load_demo.py

It reads the files of ``data/demo_province/`` (see its README.md) and builds, for the current
year: the company, the organisation (province, agencies, divisions, sections), one user per
employee, the employees with their NIP and supervisor chain, the cascade from the RPJMD down
to every staff member, and an approved SKP plan for every ASN, submitted and approved through
the real workflow as the right users.

Idempotent: every record it creates gets an external id in the ``iki_demo_province`` namespace
and each step only creates what is missing. Once all steps ran, the configuration parameter
``iki.demo_province_loaded`` is set and later runs print "demo province already loaded" and stop
without changing anything. Later issues add their steps (monthly appraisals, Tukin sheets,
payroll ...) to ``STEPS``: a database loaded before runs only the new steps.

Environment variables:

* ``IKI_DEMO_LOGINS_FILE``: where to write the demo logins (printed only when unset);
* ``IKI_DEMO_DATA_DIR``: the data folder (default: ``data/demo_province`` of the project).
"""

import csv
import datetime
import html
import json
import os
import random
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pytz
from freezegun import freeze_time

from odoo import fields

env = globals()["env"]  # defined by `odoo-bin shell`

MODULE = "iki_demo_province"
MARKER = "iki.demo_province_loaded"
PASSWORD = "demo"
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
LEVEL_ORDER = ["rpjmd_goal", "rpjmd_target", "opd", "eselon_3", "eselon_4", "individual"]
DEFAULT_PERSPECTIVE = {
    "rpjmd_goal": "stakeholder",
    "rpjmd_target": "stakeholder",
    "opd": "stakeholder",
    "eselon_3": "customer",
    "eselon_4": "internal_process",
    "individual": "internal_process",
}
# Units measured as a level (rate, index, percentage): every month has the annual value.
# Any other unit counts outputs: the monthly targets add up to the annual target.
LEVEL_UNITS = {"persen", "indeks", "nilai", "tahun", "per 100.000 KH"}
DEFAULT_EVIDENCE = {
    "laporan": "Laporan yang ditandatangani atasan langsung (PDF)",
    "dokumen": "Daftar dokumen yang diselesaikan beserta salinannya (PDF/XLSX)",
    "persen": "Rekapitulasi perhitungan persentase beserta data dukungnya (XLSX)",
    "kegiatan": "Laporan kegiatan, daftar hadir dan dokumentasi foto (PDF)",
    "orang": "Daftar nama (XLSX) yang ditandatangani atasan langsung",
    "hari": "Rekapitulasi tanggal penyampaian dan tanda terima (PDF)",
}
MONTHS = [f"target_{m:02d}" for m in range(1, 13)]


# ----------------------------------------------------------------------------------------------
# Data files
# ----------------------------------------------------------------------------------------------
def data_dir():
    candidates = [os.environ.get("IKI_DEMO_DATA_DIR"), Path.cwd() / "data" / "demo_province"]
    try:
        from odoo.modules.module import get_module_path

        addon = get_module_path("iki_performance", display_warning=False)
        if addon:
            candidates.append(Path(addon).parent / "data" / "demo_province")
    except ImportError:
        pass
    for candidate in candidates:
        if candidate and (Path(candidate) / "province.json").is_file():
            return Path(candidate)
    raise SystemExit(
        "Cannot find the demo province files (province.json): run from the project folder or "
        "set IKI_DEMO_DATA_DIR."
    )


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


class Demo:
    """The parsed data files plus lookups shared by the steps."""

    def __init__(self, env, folder):
        self.env = env
        self.quiet = env(context=dict(env.context, **QUIET))
        self.folder = folder
        # The clock of the run: the demo is built for the current year up to today.
        self.now = fields.Datetime.now()
        self.today = fields.Date.context_today(env.user)
        self.year = self.today.year
        self.province = read_json(folder / "province.json")
        self.company_data = self.province["company"]
        self.rpjmd = self.province["rpjmd"]
        self.departments = read_csv(folder / "organisation.csv")
        self.people = read_csv(folder / "employees.csv")
        self.cascades = [read_json(path) for path in sorted(folder.glob("cascade_*.json"))]
        self.person = {row["login"]: row for row in self.people}
        self.department = {row["key"]: row for row in self.departments}
        self.head_of = {row["head_of"]: row["login"] for row in self.people if row["head_of"]}
        self.tz = pytz.timezone(self.company_data["tz"])
        self.indicators = self._indicator_specs()
        self._check()

    @property
    def company(self):
        return self.env.ref("base.main_company")

    def hr_officer_login(self):
        return next(row["login"] for row in self.people if row["role"] == "hr_officer")

    def email(self, login):
        return f"{login}@{self.company_data['email_domain']}"

    # -- the cascade as a flat list of indicator specs, top level first --------------------------
    def _indicator_specs(self):
        specs = []
        rpjmd = self.rpjmd
        period = f"{rpjmd['period_start']}-{rpjmd['period_start'] + rpjmd['period_years'] - 1}"
        goals = {goal["code"]: goal for goal in rpjmd["goals"]}
        for goal in rpjmd["goals"]:
            context = [
                ("Visi", rpjmd["vision"]),
                (f"Misi {goal['mission']}", rpjmd["missions"][goal["mission"]]),
                (f"Tujuan {goal['code']}", goal["statement"]),
            ]
            for spec in goal["indicators"]:
                specs.append(
                    self._spec(
                        spec, "rpjmd_goal", rpjmd["owner_unit"], goal["owner"], context, period
                    )
                )
        for target in rpjmd["targets"]:
            goal = goals[target["goal"]]
            context = [
                ("Visi", rpjmd["vision"]),
                (f"Misi {goal['mission']}", rpjmd["missions"][goal["mission"]]),
                (f"Tujuan {goal['code']}", goal["statement"]),
                (f"Sasaran {target['code']}", target["statement"]),
            ]
            for spec in target["indicators"]:
                specs.append(
                    self._spec(
                        spec, "rpjmd_target", rpjmd["owner_unit"], target["owner"], context, period
                    )
                )
        for cascade in self.cascades:
            agency = cascade["agency"]
            context = [("Sasaran strategis (Renstra)", cascade["strategic_target"])]
            for spec in cascade["iku"]:
                specs.append(self._spec(spec, "opd", agency, self.head_of[agency], context))
            for group in cascade["programmes"]:
                unit = group["unit"]
                context = [("Program", group["programme"])]
                for spec in group["indicators"]:
                    specs.append(self._spec(spec, "eselon_3", unit, self.head_of[unit], context))
            for group in cascade["activities"]:
                unit = group["unit"]
                context = [("Kegiatan", group["activity"])]
                for spec in group["indicators"]:
                    specs.append(self._spec(spec, "eselon_4", unit, self.head_of[unit], context))
            for group in cascade["individual"]:
                login = group["employee"]
                unit = self.person[login]["department"]
                for spec in group["indicators"]:
                    specs.append(self._spec(spec, "individual", unit, login, []))
        return sorted(specs, key=lambda spec: LEVEL_ORDER.index(spec["level"]))

    def _spec(self, spec, level, unit, owner, context, period=None):
        spec = dict(spec, level=level, unit_key=unit, owner=owner)
        lines = [f"<p><b>{html.escape(k)}:</b> {html.escape(v)}</p>" for k, v in context]
        if spec.get("final_target") is not None:
            lines.append(
                f"<p><b>Target akhir RPJMD {period}:</b> {spec['final_target']} {spec['unit']}</p>"
            )
        spec["description"] = "".join(lines) or False
        return spec

    def _check(self):
        """Fail early, with the file's words, on data that the addon would refuse later."""
        codes = {}
        for spec in self.indicators:
            if spec["code"] in codes:
                raise ValueError(f"Indicator code {spec['code']} appears twice")
            codes[spec["code"]] = spec
            parent = codes.get(spec.get("supports"))
            if spec["level"] != "rpjmd_goal" and not parent:
                raise ValueError(f"{spec['code']} supports an unknown or lower indicator")
            monthly = monthly_targets(spec)
            if spec.get("polarity", "positive") == "positive" and 0 in monthly:
                raise ValueError(f"{spec['code']}: a positive indicator needs a target every month")
        weights = defaultdict(float)
        for spec in self.indicators:
            if spec["level"] != "rpjmd_goal" and spec.get("kind", "utama") == "utama":
                weights[spec["owner"]] += spec.get("weight", 0)
        wrong = {login: total for login, total in weights.items() if abs(total - 100) > 0.001}
        if wrong:
            raise ValueError(f"Utama weights must add up to 100 per employee: {wrong}")
        for row in self.people:
            if row["supervisor"] and row["supervisor"] not in self.person:
                raise ValueError(f"{row['login']}: unknown supervisor {row['supervisor']}")


def monthly_targets(spec):
    """The twelve monthly targets of an indicator spec.

    Explicit ``monthly`` values win. Levels (percentages, indexes, rates), ranges and
    milestones repeat the annual target every month. Counts are split so that the months add
    up to the annual target, whole numbers when the target is whole: month m gets
    floor(T * m / 12) - floor(T * (m - 1) / 12), which puts the rest at the end of each quarter.
    """
    if spec.get("monthly"):
        values = [float(v) for v in spec["monthly"]]
        if len(values) != 12:
            raise ValueError(f"{spec['code']}: 'monthly' needs 12 values")
        return values
    target = float(spec["target"])
    if target_spread(spec) == "equal":
        return [target] * 12
    if target.is_integer():
        whole = int(target)
        return [float(whole * m // 12 - whole * (m - 1) // 12) for m in range(1, 13)]
    share = round(target / 12.0, 2)
    return [share] * 11 + [round(target - share * 11, 2)]


def target_spread(spec):
    if spec.get("spread"):
        return spec["spread"]
    if spec.get("polarity") in ("range", "boolean") or spec["unit"] in LEVEL_UNITS:
        return "equal"
    return "sum"


# ----------------------------------------------------------------------------------------------
# External ids: every demo record is found again by its name in the MODULE namespace
# ----------------------------------------------------------------------------------------------
def slug(text):
    return "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_")


def find_xmlids(model, names):
    """Return ``{name: record}`` for the existing demo records of ``model`` among ``names``."""
    rows = (
        env["ir.model.data"]
        .sudo()
        .search_read(
            [("module", "=", MODULE), ("model", "=", model), ("name", "in", list(names))],
            ["name", "res_id"],
        )
    )
    records = env[model].with_context(active_test=False).browse([r["res_id"] for r in rows])
    alive = set(records.exists().ids)
    return {r["name"]: env[model].browse(r["res_id"]) for r in rows if r["res_id"] in alive}


def ensure(model, items, env_=None):
    """Create, in one ``create`` call, the records of ``items`` (``[(name, vals)]``) that do not
    exist yet; give them their external ids. Return ``{name: record}`` for all of ``items``."""
    found = find_xmlids(model, [name for name, _vals in items])
    missing = [(name, vals) for name, vals in items if name not in found]
    if missing:
        records = (env_ or env)[model].create([vals for _name, vals in missing])
        env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": f"{MODULE}.{name}", "record": record, "noupdate": True}
                for (name, _vals), record in zip(missing, records)
            ]
        )
        found.update({name: record for (name, _vals), record in zip(missing, records)})
    return {name: found[name].with_env(env) for name, _vals in items}


def refs(model, prefix, keys):
    found = find_xmlids(model, [f"{prefix}{slug(key)}" for key in keys])
    return {key: found[f"{prefix}{slug(key)}"] for key in keys if f"{prefix}{slug(key)}" in found}


def write_changed(record, vals):
    """Write only the values that differ (keeps the second run free of writes)."""
    changed = {}
    for field, value in vals.items():
        current = record[field]
        if hasattr(current, "_name"):
            current = current.id if record._fields[field].type == "many2one" else set(current.ids)
            if isinstance(value, list):
                value_ids = {cmd[2] for cmd in value if cmd[0] == 4} | {
                    i for cmd in value if cmd[0] == 6 for i in cmd[2]
                }
                if value_ids <= current:
                    continue
        if current != value:
            changed[field] = value
    if changed:
        record.write(changed)
    return changed


# ----------------------------------------------------------------------------------------------
# Clock and chance: the workflow runs on the dates it would have happened, reproducibly
# ----------------------------------------------------------------------------------------------
def rng(*parts):
    """A random generator seeded by ``parts``: the same demo at every run."""
    return random.Random("|".join(str(part) for part in parts))


def local_moment(demo, day, hour, minute=0):
    """Naive UTC datetime of ``hour:minute`` (minutes may exceed 59) on ``day`` in the
    province's time zone."""
    local = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
        hours=hour, minutes=minute
    )
    return demo.tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def working_day(day, offset=0):
    """The working day (Monday to Friday) ``offset`` working days after ``day`` (``day``
    itself, or the next Monday, for 0)."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    step = 1 if offset >= 0 else -1
    for _i in range(abs(offset)):
        day += datetime.timedelta(days=step)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=step)
    return day


@contextmanager
def frozen_clock(demo):
    """Freeze the clock (``fields.Datetime.now``, ``fields.Date.context_today``) for a step;
    yield ``move_to(moment)``, which sets it to a naive UTC moment, never past the real now.
    One freezer per step: starting one scans every loaded module, moving it costs nothing."""
    with freeze_time(demo.now) as frozen:

        def move_to(moment):
            frozen.move_to(min(moment, demo.now))

        yield move_to


# ----------------------------------------------------------------------------------------------
# Steps: each one idempotent, in order
# ----------------------------------------------------------------------------------------------
def load_company(demo):
    """Rename the main company to the province, in rupiah, in Indonesia."""
    data = demo.company_data
    currency = env.ref(f"base.{data['currency']}")
    if not currency.active:
        currency.active = True
    country = env["res.country"].search([("code", "=", data["country"])], limit=1)
    write_changed(
        demo.company,
        {
            "name": data["name"],
            "currency_id": currency.id,
            "country_id": country.id,
            "street": data["street"],
            "street2": data["street2"],
            "city": data["city"],
            "zip": data["zip"],
            "phone": data["phone"],
            "email": data["email"],
            "website": data["website"],
        },
    )


def load_organisation(demo):
    """The departments (province, agencies, divisions, sections) and one post per employee."""
    company = demo.company
    depth = {}
    for row in demo.departments:
        depth[row["key"]] = depth[row["parent"]] + 1 if row["parent"] else 0
    departments = {}
    for level in sorted(set(depth.values())):
        items = []
        for row in demo.departments:
            if depth[row["key"]] != level:
                continue
            items.append(
                (
                    f"dept_{slug(row['key'])}",
                    {
                        "name": row["name"],
                        "company_id": company.id,
                        "parent_id": departments[row["parent"]].id if row["parent"] else False,
                        "iki_org_level": row["org_level"],
                        "iki_is_agency": row["org_level"] == "agency",
                        "iki_agency_code": row["agency_code"] or False,
                    },
                )
            )
        created = ensure("hr.department", items, demo.quiet)
        departments.update(
            {
                row["key"]: created[f"dept_{slug(row['key'])}"]
                for row in demo.departments
                if depth[row["key"]] == level
            }
        )
    by_key = departments
    ensure(
        "hr.job",
        [
            (
                f"job_{slug(row['login'])}",
                {
                    "name": row["job_title"],
                    "department_id": by_key[row["department"]].id,
                    "company_id": company.id,
                    "no_of_recruitment": 0,
                },
            )
            for row in demo.people
        ],
        demo.quiet,
    )
    # The installation's own "Administration" department and "Administrator" employee are not
    # part of the province: archive them so every active employee is a province official.
    admin_employee = env.ref("hr.employee_admin", raise_if_not_found=False)
    if admin_employee and admin_employee.active:
        admin_employee.with_env(demo.quiet).active = False
    admin_department = env.ref("hr.dep_administration", raise_if_not_found=False)
    if admin_department and admin_department.active:
        others = env["hr.employee"].search_count([("department_id", "=", admin_department.id)])
        if not others:
            admin_department.with_env(demo.quiet).active = False


def load_users(demo):
    """One internal user per employee (login = work email local part, password ``demo``)."""
    company = demo.company
    departments = refs("hr.department", "dept_", list(demo.department))
    group_user = env.ref("base.group_user")
    role_groups = {
        "": [],
        "agency_admin": [env.ref("iki_performance.group_iki_agency_admin")],
        "hr_officer": [
            env.ref("iki_performance.group_iki_hr_officer"),
            env.ref("hr.group_hr_user"),
        ],
    }
    items = []
    for row in demo.people:
        vals = {
            "name": row["name"],
            "login": row["login"],
            "email": demo.email(row["login"]),
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "tz": demo.company_data["tz"],
            "notification_type": "inbox",
            "groups_id": [(6, 0, [group_user.id] + [g.id for g in role_groups[row["role"]]])],
        }
        if row["role"] == "agency_admin":
            agency = demo.department[row["department"]]
            while agency["org_level"] != "agency":
                agency = demo.department[agency["parent"]]
            vals["iki_agency_ids"] = [(6, 0, departments[agency["key"]].ids)]
        items.append((f"user_{slug(row['login'])}", vals))
    # A user created by hand with the same login is adopted rather than duplicated.
    known = find_xmlids("res.users", [name for name, _vals in items])
    Users = env["res.users"].with_context(active_test=False)
    adopt = []
    for name, vals in items:
        if name not in known:
            user = Users.search([("login", "=", vals["login"])], limit=1)
            if user:
                adopt.append({"xml_id": f"{MODULE}.{name}", "record": user, "noupdate": True})
    env["ir.model.data"]._update_xmlids(adopt)
    users = ensure("res.users", items, demo.quiet)
    new_users = [users[name] for name, _vals in items if name not in known]
    if new_users:
        # One hash for all: hashing the same password 36 times costs seconds for nothing.
        hashed = env["res.users"]._crypt_context().hash(PASSWORD)
        for user in new_users:
            env["res.users"]._set_encrypted_password(user.id, hashed)
    admin = env.ref("base.user_admin")
    hr_manager = env.ref("iki_performance.group_iki_hr_manager")
    if hr_manager not in admin.groups_id:
        admin.groups_id = [(4, hr_manager.id)]


def load_employees(demo):
    """The employees, linked to their users, in supervisor order; then the unit heads."""
    company = demo.company
    departments = refs("hr.department", "dept_", list(demo.department))
    users = refs("res.users", "user_", list(demo.person))
    jobs = refs("hr.job", "job_", list(demo.person))
    depth = {}

    def chain_depth(login):
        if login not in depth:
            boss = demo.person[login]["supervisor"]
            depth[login] = chain_depth(boss) + 1 if boss else 0
        return depth[login]

    for login in demo.person:
        chain_depth(login)
    employees = {}
    for level in sorted(set(depth.values())):
        items = []
        for row in demo.people:
            if depth[row["login"]] != level:
                continue
            login = row["login"]
            status = row["asn_status"] or False
            rank = row["rank"] or False
            if rank and status == "pppk":
                rank = f"pppk_{rank}"
            items.append(
                (
                    f"emp_{slug(login)}",
                    {
                        "name": row["name"],
                        "company_id": company.id,
                        "user_id": users[login].id,
                        "work_email": demo.email(login),
                        "department_id": departments[row["department"]].id,
                        "parent_id": employees[row["supervisor"]].id
                        if row["supervisor"]
                        else False,
                        "job_id": jobs[login].id,
                        "job_title": row["job_title"],
                        "gender": row["gender"],
                        "birthday": row["birthday"],
                        "place_of_birth": row["place_of_birth"],
                        "iki_nip": row["nip"] or False,
                        "iki_asn_status": status,
                        "iki_post_type": row["post_type"] or False,
                        "iki_eselon": row["eselon"] or False,
                        "iki_job_class": int(row["job_class"] or 0),
                        "iki_rank": rank,
                        "tz": demo.company_data["tz"],
                    },
                )
            )
        created = ensure("hr.employee", items, demo.quiet)
        employees.update(
            {login: created[f"emp_{slug(login)}"] for login in depth if depth[login] == level}
        )
    for key, login in demo.head_of.items():
        write_changed(departments[key].with_env(demo.quiet), {"manager_id": employees[login].id})
    # Setting a unit's head moves its employees under the head: put the file's chain back.
    by_parent = defaultdict(lambda: env["hr.employee"])
    for row in demo.people:
        expected = employees[row["supervisor"]] if row["supervisor"] else env["hr.employee"]
        if employees[row["login"]].parent_id != expected:
            by_parent[expected] |= employees[row["login"]]
    for parent, team in by_parent.items():
        team.with_env(demo.quiet).write({"parent_id": parent.id})


def load_cascade(demo):
    """The indicators of the current year, level by level (parents exist before children)."""
    company = demo.company
    departments = refs("hr.department", "dept_", list(demo.department))
    employees = refs("hr.employee", "emp_", list(demo.person))
    jobs = refs("hr.job", "job_", list(demo.person))
    indicators = {}
    for level in LEVEL_ORDER:
        items = []
        for sequence, spec in enumerate(demo.indicators, start=1):
            if spec["level"] != level:
                continue
            polarity = spec.get("polarity", "positive")
            vals = {
                "name": spec["name"],
                "code": spec["code"],
                "sequence": sequence,
                "year": demo.year,
                "level": level,
                "company_id": company.id,
                "parent_id": indicators[spec["supports"]].id if spec.get("supports") else False,
                "department_id": departments[spec["unit_key"]].id,
                "employee_id": employees[spec["owner"]].id,
                "job_id": jobs[spec["owner"]].id,
                "unit": spec["unit"],
                "polarity": polarity,
                "baseline": spec.get("baseline", 0.0),
                "target": spec["target"],
                "target_max": spec.get("target_max", 0.0),
                "target_spread": target_spread(spec),
                "weight": spec.get("weight", 0.0),
                "perspective": spec.get("perspective", DEFAULT_PERSPECTIVE[level]),
                "cascade_type": spec.get("cascade", "non_direct"),
                "rollup_method": spec.get("rollup", "weighted_average"),
                "evidence_required": spec.get("evidence_required", True),
                "evidence_min_files": spec.get("evidence_min_files", 1),
                "evidence_note": spec.get("evidence")
                or DEFAULT_EVIDENCE.get(spec["unit"], "Bukti dukung hasil kerja (PDF/XLSX)"),
                "description": spec["description"],
            }
            vals.update(zip(MONTHS, monthly_targets(spec)))
            items.append((f"ind_{demo.year}_{slug(spec['code'])}", vals))
        created = ensure("iki.indicator", items, demo.quiet)
        for name, record in created.items():
            indicators[record.code] = record
            assert name.endswith(slug(record.code))


def load_plans(demo):
    """An approved SKP per ASN for the current year: created in one call, submitted by each
    employee, approved by each appraiser (both as their own users, so the workflow takes the
    real snapshots)."""
    year = demo.year
    employees = refs("hr.employee", "emp_", list(demo.person))
    indicators = refs("iki.indicator", f"ind_{year}_", [spec["code"] for spec in demo.indicators])
    lines_of = defaultdict(list)
    for spec in demo.indicators:
        if spec["level"] != "rpjmd_goal":  # the Governor is no ASN and has no SKP
            lines_of[spec["owner"]].append(spec)
    Plan = env["iki.plan"]
    plans = Plan.search(
        [
            ("employee_id", "in", [e.id for e in employees.values()]),
            ("year", "=", year),
            ("state", "in", ("draft", "submitted", "approved")),
        ]
    )
    planned = set(plans.employee_id.ids)
    to_create = []
    for login, specs in lines_of.items():
        employee = employees[login]
        if employee.id in planned:
            continue
        lines = []
        for sequence, spec in enumerate(specs, start=1):
            kind = spec.get("kind", "utama")
            lines.append(
                (
                    0,
                    0,
                    {
                        "indicator_id": indicators[spec["code"]].id,
                        "kind": kind,
                        "weight": spec.get("weight", 0.0) if kind == "utama" else 0.0,
                        "aspect": spec.get("aspect", "quantity"),
                        "sequence": sequence * 10,
                    },
                )
            )
        to_create.append({"employee_id": employee.id, "year": year, "line_ids": lines})
    if to_create:
        plans |= Plan.with_env(demo.quiet).create(to_create).with_env(env)
    # The SKP is agreed in the first weeks of January: submitted, then approved a week later.
    first_monday = working_day(datetime.date(year, 1, 5), 0)
    with frozen_clock(demo) as move_to:
        for plan in plans.filtered(lambda p: p.state == "draft"):
            move_to(local_moment(demo, first_monday, 9, rng(plan.employee_id.name).randint(0, 420)))
            plan.with_user(plan.employee_id.user_id)._action_submit()
        submitted = plans.filtered(lambda p: p.state == "submitted")
        for appraiser_user in submitted.appraiser_id.user_id:
            batch = submitted.filtered(lambda p, u=appraiser_user: p.appraiser_id.user_id == u)
            day = working_day(first_monday, 3 + rng(appraiser_user.login).randint(0, 4))
            move_to(local_moment(demo, day, 10, rng(appraiser_user.login, "plan").randint(0, 300)))
            batch.with_user(appraiser_user)._action_approve()
        orphans = submitted.filtered(lambda p: not p.appraiser_id.user_id)
        if orphans:
            hr_user = refs("res.users", "user_", [demo.hr_officer_login()])
            orphans.with_user(hr_user[demo.hr_officer_login()])._action_approve()


STEPS = [
    load_company,
    load_organisation,
    load_users,
    load_employees,
    load_cascade,
    load_plans,
]


# ----------------------------------------------------------------------------------------------
# Logins
# ----------------------------------------------------------------------------------------------
def agency_name(demo, key):
    row = demo.department[key]
    while row["org_level"] not in ("agency",) and row["parent"]:
        row = demo.department[row["parent"]]
    return row["name"]


def logins_text(demo):
    people = demo.people
    lines = ["  admin / admin — HR manager (administrator), Administrator"]

    def line(row, role):
        agency = agency_name(demo, row["department"])
        return f"  {row['login']} / {PASSWORD} — {role}, {row['name']}, {agency}"

    lines += [line(r, "HR officer (BKPSDMD)") for r in people if r["role"] == "hr_officer"]
    lines += [line(r, "agency administrator") for r in people if r["role"] == "agency_admin"]
    head = next(r for r in people if r["head_of"] == "DINKES")
    lines.append(line(head, f"head of agency ({head['job_title']})"))
    section_head = next(r for r in people if r["head_of"] == "DINKES-KESGA")
    lines.append(line(section_head, f"section head and appraiser ({section_head['job_title']})"))
    staff = [r for r in people if r["supervisor"] == section_head["login"]][:2]
    for row in staff:
        status = "PPPK" if row["asn_status"] == "pppk" else "PNS"
        lines.append(line(row, f"staff, {status} ({row['job_title']})"))
    return "\n".join(lines) + "\n"


def write_logins(demo, only_if_missing=False):
    text = logins_text(demo)
    path = os.environ.get("IKI_DEMO_LOGINS_FILE")
    if not path:
        print(text, end="")
        return
    path = Path(path)
    if only_if_missing and path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"demo logins written to {path}")


# ----------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------
def main():
    started = time.monotonic()
    demo = Demo(env, data_dir())
    params = env["ir.config_parameter"].sudo()
    marker = json.loads(params.get_param(MARKER) or "{}")
    done = set(marker.get("steps", []))
    todo = [step for step in STEPS if step.__name__ not in done]
    if not todo:
        print("demo province already loaded")
        write_logins(demo, only_if_missing=True)
        return
    for step in todo:
        step_started = time.monotonic()
        step(demo)
        env.flush_all()
        done.add(step.__name__)
        print(f"  {step.__name__}: {time.monotonic() - step_started:.1f} s")
    params.set_param(
        MARKER,
        json.dumps({"year": demo.year, "steps": [s.__name__ for s in STEPS if s.__name__ in done]}),
    )
    env.cr.commit()
    write_logins(demo)
    print(f"demo province loaded in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
