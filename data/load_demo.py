"""Load the demo province "Pemerintah Provinsi Sejahtera Raya" into an IKI database.

Run it through the Odoo shell, which defines ``env``::

    odoo-bin shell -c <conf> -d <db> --no-http < data/load_demo.py

It reads the files of ``data/demo_province/`` (see its README.md) and builds, for the current
year: the company, the organisation (province, agencies, divisions, sections), one user per
employee, the employees with their NIP and supervisor chain, the cascade from the RPJMD down
to every staff member, and an approved SKP plan for every ASN, submitted and approved through
the real workflow as the right users. Then it plays the year up to today on the dates things
would have happened (frozen clock): the monthly appraisals of every past month, submitted,
returned, rated, approved and closed; the current month open with work in progress; for the
last closed month the attendance, a sick leave, the Tukin sheets, the contracts and the
payroll batch that pays them.

Idempotent: every record it creates gets an external id in the ``iki_demo_province`` namespace
and each step only creates what is missing. Once all steps ran, the configuration parameter
``iki.demo_province_loaded`` is set and later runs print "demo province already loaded" and stop
without changing anything. New steps are appended to ``STEPS``: a database loaded before runs
only the new steps.

Environment variables:

* ``IKI_DEMO_LOGINS_FILE``: where to write the demo logins (printed only when unset);
* ``IKI_DEMO_DATA_DIR``: the data folder (default: ``data/demo_province`` of the project).
"""

import csv
import datetime
import hashlib
import html
import io
import json
import math
import os
import random
import re
import struct
import time
import zlib
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pytz
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.addons.iki_performance.engine.constants import BERAKHLAK

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
ONE_DAY = datetime.timedelta(days=1)


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
        # The year's story (who performs how, schedules, payroll): see the README.
        self.activity = read_json(folder / "activity.json")
        # Evidence generated during the run, by (login, indicator code, month): reused once.
        self.evidence_cache = {}
        self.indicators = self._indicator_specs()
        self._check()

    @property
    def company(self):
        return self.env.ref("base.main_company")

    def person_of_employee(self, employee):
        return self.person[employee.user_id.login]

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
            settle()
            frozen.move_to(min(moment, demo.now))

        yield move_to
        settle()


def settle():
    """Flush and run the pending pre-commit hooks now, without committing: the chatter's
    tracking messages of the last action are written with the clock's date (not at the final
    commit), and records created quietly, whose creation discards their tracking until the
    commit (``tracking_disable``), are tracked again from here on."""
    env.cr.flush()


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
    restore_supervisors(demo, employees)


def restore_supervisors(demo, employees):
    """Give every employee of ``employees`` (``{login: employee}``) the supervisor of the file.

    Odoo recomputes an employee's manager as the head of his unit whenever his unit is
    written (the head of a unit then reports to himself)."""
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
            plan.with_user(plan.employee_id.user_id).action_submit()
        submitted = plans.filtered(lambda p: p.state == "submitted")
        for appraiser_user in submitted.appraiser_id.user_id:
            batch = submitted.filtered(lambda p, u=appraiser_user: p.appraiser_id.user_id == u)
            day = working_day(first_monday, 3 + rng(appraiser_user.login).randint(0, 4))
            move_to(local_moment(demo, day, 10, rng(appraiser_user.login, "plan").randint(0, 300)))
            batch.with_user(appraiser_user).action_approve()
        orphans = submitted.filtered(lambda p: not p.appraiser_id.user_id)
        if orphans:
            hr_user = refs("res.users", "user_", [demo.hr_officer_login()])
            orphans.with_user(hr_user[demo.hr_officer_login()]).action_approve()


# ----------------------------------------------------------------------------------------------
# Evidence files (bukti dukung): small but real PDF, XLSX or PNG files
# ----------------------------------------------------------------------------------------------
MONTH_NAMES = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
# Leading words of an indicator name that say how it is measured, not what is produced.
MEASURE_WORDS = {"jumlah", "persentase", "indeks", "nilai", "rata", "tingkat", "angka", "cakupan"}
STEM_PREFIX = {"orang": "daftar", "kegiatan": "laporan", "hari": "rekap", "temuan": "rekap"}
EVIDENCE_KINDS = ("pdf", "xlsx", "png", "txt", "csv")
# A fixed creation date inside the files: the same evidence gives the same bytes (and checksum).
FILE_DATE = datetime.datetime(2000, 1, 1)


def evidence_stem(indicator):
    """``laporan_surveilans_gizi`` from "Jumlah laporan surveilans gizi yang disusun"."""
    words = re.findall(r"[a-z0-9]+", (indicator.name or "").lower())
    if "yang" in words:
        words = words[: words.index("yang")]
    while words and words[0] in MEASURE_WORDS:
        words = words[1:]
    words = words[:4] or [slug(indicator.code or "bukti")]
    prefix = STEM_PREFIX.get(indicator.unit) or ("rekap" if indicator.unit in LEVEL_UNITS else None)
    if prefix and words[0] not in ("laporan", "daftar", "dokumen", "rekap", "data"):
        words = [prefix, *words]
    return "_".join(words)


def evidence_extension(indicator):
    """The file type the indicator's evidence note asks for, among the allowed ones."""
    allowed = [
        t.strip().lower().lstrip(".")
        for t in (indicator.evidence_file_types or "").split(",")
        if t.strip()
    ]
    note = (indicator.evidence_note or "").upper()
    wanted = ["xlsx", "pdf"] if "XLSX" in note and "PDF" not in note else ["pdf", "xlsx"]
    for kind in wanted + list(EVIDENCE_KINDS):
        if not allowed or kind in allowed:
            return kind
    raise ValueError(
        f"{indicator.code}: the demo cannot produce evidence of the types {allowed}; allow "
        f"one of {EVIDENCE_KINDS}"
    )


def pdf_file(title, rows):
    """A one-page PDF showing ``title`` and ``rows`` (plain Helvetica)."""

    def text(value):
        value = str(value).encode("latin-1", "replace").decode("latin-1")
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 14 Tf", "56 780 Td", "18 TL", f"({text(title)}) Tj", "/F1 10 Tf", "T*"]
    ops += [f"T* ({text(row)}) Tj" for row in rows]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def xlsx_file(title, rows, table):
    """A workbook with the header ``rows`` and a ``table`` (list of rows, first the header)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": title, "created": FILE_DATE})
    sheet = book.add_worksheet("Rekap")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, title, bold)
    for number, row in enumerate(rows, start=2):
        sheet.write(number, 0, row)
    start = len(rows) + 3
    for number, row in enumerate(table):
        sheet.write_row(start + number, 0, row, bold if number == 0 else None)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 3, 40)
    book.close()
    return buffer.getvalue()


def png_file(seed_text):
    """A small grey PNG (a 'photo' placeholder) whose shade depends on ``seed_text``."""
    shade = int(hashlib.sha1(seed_text.encode()).hexdigest()[:2], 16)
    width = height = 32
    raw = b"".join(b"\x00" + bytes([shade, shade, 200]) * width for _row in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def evidence_files(demo, line, month, value, extra=None):
    """``[(file name, bytes)]`` of the evidence of ``line`` for ``month`` (as many files as
    its indicator requires, of an allowed type); ``extra`` names an additional file."""
    indicator = line.indicator_id
    row = demo.person_of_employee(line.employee_id)
    count = max(indicator.evidence_min_files, 1)
    kind = evidence_extension(indicator)
    stem = f"{evidence_stem(indicator)}_{demo.year}_{month:02d}"
    names = [stem] + [f"{stem}_lampiran_{n}" for n in range(2, count + 1)]
    if extra:
        names = [f"{stem}_{extra}"]
    title = f"{indicator.evidence_note or indicator.name}"
    header = [
        demo.company_data["name"].upper(),
        agency_name(demo, row["department"]),
        f"Bulan: {MONTH_NAMES[month - 1]} {demo.year}",
        f"Indikator: {indicator.code} {indicator.name}",
        f"Target bulan ini: {line.target:g} {indicator.unit}",
        f"Realisasi: {value:g} {indicator.unit}",
        f"Disusun oleh: {row['name']} (NIP {row['nip'] or '-'})",
        f"Jabatan: {row['job_title']}",
    ]
    files = []
    for number, name in enumerate(names, start=1):
        rows = header + ([f"Lampiran {number}"] if number > 1 or extra else [])
        if extra:
            rows.append(f"Perbaikan: {extra}")
        if kind == "pdf":
            data = pdf_file(title, rows)
        elif kind == "xlsx":
            items = max(1, min(int(value or 0), 40))
            table = [("No.", "Uraian", "Keterangan")] + [
                (n, f"{indicator.unit.capitalize()} {n}", "Selesai") for n in range(1, items + 1)
            ]
            data = xlsx_file(title, rows, table)
        elif kind == "png":
            data = png_file("|".join(rows))
        else:
            data = ("\n".join([title, *rows]) + "\n").encode()
        files.append((f"{name}.{kind}", data))
    return files


# ----------------------------------------------------------------------------------------------
# Monthly appraisals: what each employee achieves, and when the workflow happens
# ----------------------------------------------------------------------------------------------
# The month's form of an employee: the factor applied to the monthly targets.
FORM_FACTORS = {
    "excellent": (1.08, 1.25),
    "good": (1.0, 1.15),
    "normal": (0.86, 1.14),
    "weak": (0.55, 0.86),
}
# Chance of a finding on a "zero findings" (negative, target 0) line; on a counted negative
# line with a target, 20 points more of one finding above the target.
FINDING_CHANCE = {"excellent": 0.0, "good": 0.05, "normal": 0.12, "weak": 0.4}
RATING_ABOVE, RATING_MEETS, RATING_BELOW = "above", "meets", "below"


def profile_of(demo, login):
    performance = demo.activity["performance"]
    if login in performance["excellent"]:
        return "excellent"
    if login in performance["weak"]:
        return "weak"
    return "normal"


def month_form(demo, login, month):
    """The form of ``login`` in ``month``: mostly the profile, with good and bad months."""
    profile = profile_of(demo, login)
    chance = rng("form", demo.year, month, login).random()
    if profile == "excellent":
        return "good" if chance < 0.15 else "excellent"
    if profile == "weak":
        return "normal" if chance < 0.25 else "weak"
    return "weak" if chance < 0.06 else "good" if chance < 0.16 else "normal"


def realisation(demo, line, month, form, random_):
    """``(realisation, note)`` of a measured appraisal line in ``month`` for an employee in
    ``form``."""
    indicator = line.indicator_id
    target, polarity = line.target, line.polarity
    counted = indicator.target_spread == "sum" and float(target).is_integer()
    factor = random_.uniform(*FORM_FACTORS[form])
    texts = demo.activity
    if polarity == "boolean":
        # A milestone is done in the months it is due.
        return 1.0, None
    if polarity == "negative":
        if not target or counted:
            # Findings, days late...: on target (or none) mostly, sometimes one more.
            worse = FINDING_CHANCE[form] if not target else 0.2 + FINDING_CHANCE[form]
            better = 0.0 if not target else (0.35 if form in ("excellent", "good") else 0.15)
            chance = random_.random()
            value = target + (random_.choice((1, 1, 2)) if chance < worse else 0)
            if worse <= chance < worse + better:
                value = max(target - 1, 0)
            if month in demo.activity["performance"]["findings"].get(indicator.code, ()):
                value = target + 1
            note = random_.choice(texts["notes_finding"]) if value > target else None
            return float(value), note
        return round(target * (2 - factor), 2), None
    note = None
    if form == "weak" and random_.random() < 0.6:
        note = random_.choice(texts["notes_short"])
    if polarity == "range":
        low, high = target, line.target_max or target
        if form == "weak":
            return round(low * factor, 1), note
        return round(random_.uniform(low + (high - low) * 0.1, high), 1), note
    if counted:
        raw = target * factor
        value = math.ceil(raw) if form == "excellent" else math.floor(raw + random_.random())
        if form != "weak":
            value = max(value, 1)
        return float(value), note
    value = target * factor
    if indicator.unit == "persen":
        value = min(value, 100.0)
    return round(value, 1 if indicator.unit == "persen" else 2), note


def behaviour_ratings(demo, login, month, form):
    """The appraiser's ratings of the seven BerAKHLAK values (in BERAKHLAK order)."""
    random_ = rng("behaviour", demo.year, month, login)
    misconduct = demo.activity["performance"]["misconduct"].get(login, ())
    if month in misconduct:
        below = random_.choice((4, 5))
        ratings = [RATING_BELOW] * below + [RATING_MEETS] * (7 - below)
        random_.shuffle(ratings)
        return ratings
    above = {"excellent": 0.75, "good": 0.35, "normal": 0.1, "weak": 0.03}[form]
    below = {"excellent": 0.0, "good": 0.0, "normal": 0.03, "weak": 0.08}[form]
    ratings = []
    for _value in BERAKHLAK:
        chance = random_.random()
        ratings.append(
            RATING_ABOVE if chance < above else RATING_BELOW if chance > 1 - below else RATING_MEETS
        )
    return ratings


class MonthPlay:
    """One month of the appraisal cycle, played on its dates: realisations and evidence
    entered, submissions (some late, some returned and corrected), ratings and approvals by
    each appraiser, then (for a past month) the close by HR."""

    def __init__(self, demo, period, users, move_to):
        self.demo = demo
        self.period = period
        self.month = period.month
        self.users = users
        self.move_to = move_to
        period._generate_appraisals()
        appraisals = period.appraisal_ids
        appraisals.fetch(["employee_id", "state", "line_ids", "behaviour_ids", "appraiser_id"])
        lines = appraisals.line_ids
        lines.fetch(["appraisal_id", "indicator_id", "target", "target_max", "is_measured"])
        lines.plan_line_id.sudo().fetch(["polarity", "kind", "sequence"])
        lines.indicator_id.fetch(
            [
                "code",
                "name",
                "unit",
                "target_spread",
                "evidence_required",
                "evidence_min_files",
                "evidence_file_types",
                "evidence_note",
            ]
        )
        appraisals.employee_id.user_id.fetch(["login"])
        self.login = {a: a.employee_id.user_id.login for a in appraisals}
        order = {row["login"]: n for n, row in enumerate(demo.people)}
        self.appraisals = appraisals.sorted(lambda a: order.get(self.login[a], 999))
        self.has_team = {row["supervisor"] for row in demo.people if row["supervisor"]}
        self.form = {a: month_form(demo, self.login[a], self.month) for a in self.appraisals}
        self.random = rng("month", demo.year, self.month)
        self.events = []

    # -- the employee's work -----------------------------------------------------------------
    def measured_lines(self, appraisal):
        return appraisal.line_ids.filtered("is_measured").sorted(
            lambda line: (line.kind != "utama", line.plan_line_id.sequence, line.id)
        )

    def enter_work(self, items):
        """Write the realisations, notes and evidence of ``items``: ``[(appraisal, share)]``
        with ``share`` the part of the measured lines filled in (1.0: all)."""
        files_of = defaultdict(list)  # login -> [(line, name, data)]
        values = {}
        for appraisal, share in items:
            login = self.login[appraisal]
            random_ = rng("work", self.demo.year, self.month, login)
            lines = self.measured_lines(appraisal)
            lines = lines[: max(1, round(len(lines) * share))]
            for line in lines:
                value, note = realisation(
                    self.demo, line, self.month, self.form[appraisal], random_
                )
                values[line] = {"realization": value, "note": note or False}
                if line.indicator_id.evidence_required:
                    for name, data in evidence_files(self.demo, line, self.month, value):
                        files_of[login].append((line, name, data))
                        self.demo.evidence_cache[(login, line.indicator_id.code, self.month)] = (
                            name,
                            data,
                        )
        attachments = self.upload(files_of)
        for line, vals in values.items():
            if line in attachments:
                vals["attachment_ids"] = [Command.set(attachments[line])]
            # Entered by the employee, as in the form (the evidence above is his upload).
            line.with_user(self.users[self.login[line.appraisal_id]]).write(vals)

    def upload(self, files_of):
        """Create the evidence as each employee (one create per employee); return
        ``{line: [attachment ids]}``."""
        attachments = defaultdict(list)
        for login, files in files_of.items():
            created = (
                env["ir.attachment"]
                .with_user(self.users[login])
                .create(
                    [
                        {
                            "name": name,
                            "raw": data,
                            "res_model": "iki.appraisal.line",
                            "res_id": line.id,
                        }
                        for line, name, data in files
                    ]
                )
            )
            for (line, _name, _data), attachment in zip(files, created):
                attachments[line].append(attachment.id)
        return attachments

    def reuse_last_month_evidence(self, appraisal):
        """The employee attaches last month's file again to the first line needing evidence
        (the reused-evidence warning); return that line, or None."""
        login = self.login[appraisal]
        for line in self.measured_lines(appraisal):
            cached = self.demo.evidence_cache.get((login, line.indicator_id.code, self.month - 1))
            if line.indicator_id.evidence_required and cached:
                replaced = line.attachment_ids
                added = self.upload({login: [(line, *cached)]})[line]
                user = self.users[login]
                line.with_user(user).write({"attachment_ids": [Command.set(added)]})
                replaced.with_user(user).unlink()
                return line
        return None

    def correct(self, appraisal, reused_line):
        """After a return: replace the reused file, or add a corrected file to the first
        line with evidence."""
        login = self.login[appraisal]
        if reused_line:
            line = reused_line
            files = evidence_files(self.demo, line, self.month, line.realization)
            command = Command.set
        else:
            line = next(
                (
                    line
                    for line in self.measured_lines(appraisal)
                    if line.indicator_id.evidence_required
                ),
                None,
            )
            if not line:
                return
            files = evidence_files(self.demo, line, self.month, line.realization, extra="revisi")
            command = None
        replaced = line.attachment_ids if command else env["ir.attachment"]
        added = self.upload({login: [(line, name, data) for name, data in files]})[line]
        commands = [command(added)] if command else [Command.link(i) for i in added]
        user = self.users[login]
        line.with_user(user).write({"attachment_ids": commands})
        replaced.with_user(user).unlink()

    # -- events on the timeline ----------------------------------------------------------------
    def at(self, day, minute_from, minute_to, seed):
        """A moment on ``day`` between two times (minutes after midnight, local time)."""
        minute = rng("at", self.demo.year, self.month, seed).randint(minute_from, minute_to)
        return local_moment(self.demo, day, 0, minute)

    def add(self, moment, action, *args):
        self.events.append((moment, len(self.events), action, args))

    def play(self, until=None):
        """Play the events in time order; with ``until``, only those up to that moment (the
        rest has not happened yet)."""
        for moment, _seq, action, args in sorted(self.events, key=lambda e: (e[0], e[1])):
            if until and moment > until:
                break
            self.move_to(moment)
            action(*args)
        self.events = []

    def submit(self, appraisal):
        appraisal.with_user(self.users[self.login[appraisal]]).action_submit()

    def give_back(self, appraisal, feedback):
        """The appraiser returns the appraisal with feedback (the Return wizard)."""
        user = appraisal.appraiser_id.user_id
        wizard = (
            env["iki.appraisal.return.wizard"]
            .with_user(user)
            .create({"appraisal_ids": [Command.set(appraisal.ids)], "feedback": feedback})
        )
        wizard.action_confirm()

    def resubmit(self, appraisal, reused_line):
        self.correct(appraisal, reused_line)
        self.submit(appraisal)

    def approve(self, appraisals):
        """The appraiser rates the seven values of each, writes a few words, approves."""
        appraisals = appraisals.filtered(lambda a: a.state == "submitted")
        for user in appraisals.appraiser_id.user_id:
            batch = appraisals.filtered(lambda a, u=user: a.appraiser_id.user_id == u)
            by_rating = defaultdict(list)
            innovators, feedback = [], defaultdict(list)
            for appraisal in batch:
                login, form = self.login[appraisal], self.form[appraisal]
                ratings = behaviour_ratings(self.demo, login, self.month, form)
                rows = {b.value_key: b for b in appraisal.behaviour_ids}
                for key, rating in zip(BERAKHLAK, ratings):
                    by_rating[rating].append(rows[key].id)
                random_ = rng("approve", self.demo.year, self.month, login)
                if form == "excellent" and random_.random() < 0.5:
                    innovators.append(appraisal.id)
                if random_.random() < 0.35:
                    texts = self.demo.activity["feedback_approve"][form]
                    feedback[random_.choice(texts)].append(appraisal.id)
            Behaviour = env["iki.appraisal.behaviour"].with_user(user)
            for rating, ids in by_rating.items():
                Behaviour.browse(ids).write({"rating": rating})
            Appraisal = env["iki.appraisal"].with_user(user)
            if innovators:
                Appraisal.browse(innovators).write({"has_innovation": True})
            for text, ids in feedback.items():
                Appraisal.browse(ids).write({"feedback": text})
            batch.with_user(user).action_approve()

    def close(self, hr_user):
        self.period.with_user(hr_user).action_close()

    # -- a past month: everything happens, then HR closes it after the cut-off -------------------
    def plan_closed(self, hr_user):
        """The month's submissions, returns and approvals on their dates, then the close by HR
        a working day after the cut-off and the last approval. A month whose cut-off has not
        passed yet (the first days of the next month) is played up to now and stays open, as in
        a province: submissions and approvals still coming, nobody missing yet; the Tukin
        uses the month before."""
        demo, random_, period = self.demo, self.random, self.period
        todo = [a for a in self.appraisals if a.state in ("draft", "returned")]
        performance = demo.activity["performance"]
        staff = [
            a
            for a in todo
            if self.login[a] not in self.has_team
            and profile_of(demo, self.login[a]) != "excellent"
            and self.month not in performance["misconduct"].get(self.login[a], ())
        ]
        missing = random_.sample(staff, min(len(staff), random_.choice((1, 1, 2))))
        active = [a for a in todo if a not in missing]
        story = performance["reused_evidence"]
        reuse = [
            a for a in active if self.login[a] == story["employee"] and self.month == story["month"]
        ]
        candidates = [a for a in active if a not in reuse and a in staff]
        late = random_.sample(candidates, min(len(candidates), random_.randint(2, 4)))
        returned = reuse + random_.sample(
            [a for a in candidates if a not in late], 1 if len(candidates) > len(late) else 0
        )
        # The work of the month; half of the missing ones started and never submitted.
        self.enter_work(
            [(a, 1.0) for a in active] + [(a, 0.5) for a in missing if random_.random() < 0.5]
        )
        reused_line = {a: self.reuse_last_month_evidence(a) for a in reuse}
        end, cutoff = period.date_end, period.cutoff_date
        on_time = [d for d in date_range(end - ONE_DAY * 3, cutoff) if d.weekday() < 5]
        late_days = [
            d for d in date_range(cutoff + ONE_DAY, cutoff + ONE_DAY * 6) if d.weekday() < 5
        ]
        # Submitted already (by hand): waiting for the appraiser like the others.
        waiting = [a for a in self.appraisals if a.state == "submitted"]
        final = dict.fromkeys(waiting, on_time[0])
        for appraisal in active:
            login = self.login[appraisal]
            if appraisal in returned:
                day = on_time[0]
                self.add(self.at(day, 8 * 60, 11 * 60, login), self.submit, appraisal)
                back = working_day(day, 1)
                feedback = (
                    demo.activity["feedback_reused"]
                    if appraisal in reuse
                    else random_.choice(demo.activity["feedback_return"])
                )
                self.add(
                    self.at(back, 9 * 60, 15 * 60, login + "r"), self.give_back, appraisal, feedback
                )
                day = working_day(back, 1)
                self.add(
                    self.at(day, 8 * 60, 15 * 60, login + "s"),
                    self.resubmit,
                    appraisal,
                    reused_line.get(appraisal),
                )
            else:
                day = random_.choice(late_days if appraisal in late else on_time)
                self.add(self.at(day, 7 * 60 + 45, 16 * 60, login), self.submit, appraisal)
            final[appraisal] = day
        # Each appraiser approves the whole team the working day after its last submission.
        approval_days = []
        teams = defaultdict(list)
        for appraisal in active + waiting:
            teams[demo.person[self.login[appraisal]]["supervisor"]].append(appraisal)
        for supervisor, team in sorted(teams.items()):
            day = working_day(max(final[a] for a in team), 1 + random_.randint(0, 1))
            approval_days.append(day)
            self.add(
                self.at(day, 9 * 60, 15 * 60, supervisor),
                self.approve,
                env["iki.appraisal"].union(*team),
            )
        if demo.today > cutoff:
            close_day = working_day(max(approval_days + [cutoff]), 1)
            self.add(self.at(close_day, 14 * 60, 15 * 60, "close"), self.close, hr_user)
            self.play()
        else:
            self.play(until=demo.now)

    # -- the current month: work in progress ----------------------------------------------------
    def plan_open(self):
        demo, random_, period = self.demo, self.random, self.period
        appraisals = self.appraisals
        if any(a.state != "draft" for a in appraisals) or any(
            appraisals.line_ids.mapped("realization_entered")
        ):
            return  # somebody already works on this month
        last = min(demo.today, period.date_end)
        days = [
            d
            for d in date_range(max(period.date_start, last - ONE_DAY * 7), last)
            if d.weekday() < 5
        ] or [last]
        shuffled = random_.sample(list(appraisals), len(appraisals))
        story = demo.activity["performance"]["reused_evidence"]["employee"]
        shuffled.sort(key=lambda a: self.login[a] != story)  # the story first: returned
        returned, approved = shuffled[:2], shuffled[2:4]
        submitted, drafting = shuffled[4:16], shuffled[16:24]
        self.enter_work(
            [(a, 1.0) for a in returned + approved + submitted] + [(a, 0.5) for a in drafting]
        )
        reused = self.reuse_last_month_evidence(returned[0])
        for appraisal in returned + approved + submitted:
            day = random_.choice(days[:-1] or days)
            self.add(self.at(day, 8 * 60, 16 * 60, self.login[appraisal]), self.submit, appraisal)
        for number, appraisal in enumerate(returned):
            feedback = (
                demo.activity["feedback_reused"]
                if number == 0 and reused
                else random_.choice(demo.activity["feedback_return"])
            )
            self.add(self.at(days[-1], 16 * 60, 17 * 60, "r"), self.give_back, appraisal, feedback)
        self.add(
            self.at(days[-1], 16 * 60, 17 * 60, "a"),
            self.approve,
            env["iki.appraisal"].union(*approved),
        )
        self.play()


def date_range(first, last):
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def ensure_periods(demo, hr_user, months):
    """The appraisal months of the current year, opened by HR (adopting months opened by hand)."""
    names = {month: f"period_{demo.year}_{month:02d}" for month in months}
    known = find_xmlids("iki.period", names.values())
    existing = env["iki.period"].search(
        [
            ("company_id", "=", demo.company.id),
            ("year", "=", demo.year),
            ("month", "in", list(months)),
        ]
    )
    env["ir.model.data"]._update_xmlids(
        [
            {"xml_id": f"{MODULE}.{names[p.month]}", "record": p, "noupdate": True}
            for p in existing
            if names[p.month] not in known
        ]
    )
    items = [
        (names[month], {"company_id": demo.company.id, "year": demo.year, "month": month})
        for month in months
    ]
    created = ensure("iki.period", items, demo.quiet(user=hr_user.id))
    return {month: created[names[month]] for month in months}


def load_appraisals(demo):
    """The appraisal months of the current year up to today: every past month played through
    the real workflow on its own dates and closed by HR after its cut-off (last month, before
    its cut-off, stays open with the submissions made so far); the current month open, with
    work in progress (submitted, returned with feedback, a couple approved, drafts)."""
    users = refs("res.users", "user_", list(demo.person))
    hr_user = users[demo.hr_officer_login()]
    current = demo.today.month
    periods = ensure_periods(demo, hr_user, range(1, current + 1))
    with frozen_clock(demo) as move_to:
        for month in range(1, current + 1):
            period = periods[month]
            if period.state == "closed":
                continue
            play = MonthPlay(demo, period, users, move_to)
            if month < current:
                play.plan_closed(hr_user)
            else:
                play.plan_open()


# ----------------------------------------------------------------------------------------------
# Tukin / TPP: working schedule, attendance and leave of the last closed month, sheets, payroll
# ----------------------------------------------------------------------------------------------
DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
PART_NAMES = {"morning": "pagi", "afternoon": "siang"}


def last_closed_period(demo):
    """The latest closed appraisal month of the year (else None): the month before the current
    one once its cut-off has passed and HR closed it, else the month before that."""
    for month in range(demo.today.month - 1, 0, -1):
        name = f"period_{demo.year}_{month:02d}"
        period = find_xmlids("iki.period", [name]).get(name)
        if period and period.state == "closed":
            return period
    return None


def tukin_employees(demo):
    """The employees paid a Tukin: every ASN (the Governor has no job class)."""
    employees = refs("hr.employee", "emp_", list(demo.person))
    return {login: emp for login, emp in employees.items() if demo.person[login]["job_class"]}


def payroll_officer(demo):
    login = demo.activity["payroll_officer"]["login"]
    return find_xmlids("res.users", [f"user_{slug(login)}"]).get(f"user_{slug(login)}")


def schedule_hours(demo, day):
    """``(start, end)`` hours of ``day`` in the demo schedule, None on a day off."""
    ranges = demo.activity["working_schedule"]["hours"].get(str(day.weekday()))
    return (ranges[0][0], ranges[-1][1]) if ranges else None


def public_holidays(demo):
    return {
        datetime.date.fromisoformat(f"{demo.year}-{mmdd}"): name
        for mmdd, name in demo.activity["public_holidays"]
    }


def working_days(demo, period):
    holidays = public_holidays(demo)
    return [
        day
        for day in date_range(period.date_start, period.date_end)
        if schedule_hours(demo, day) and day not in holidays
    ]


def load_working_schedule(demo):
    """The civil servants' schedule (Monday-Thursday 07:30-16:00, Friday 07:30-16:30, WITA)
    for the company and every employee, and the fixed-date public holidays of the year."""
    spec = demo.activity["working_schedule"]
    lines = []
    for day, ranges in sorted(spec["hours"].items()):
        for (hour_from, hour_to), part in zip(ranges, ("morning", "afternoon")):
            lines.append(
                Command.create(
                    {
                        "name": f"{DAY_NAMES[int(day)]} ({PART_NAMES[part]})",
                        "dayofweek": day,
                        "hour_from": hour_from,
                        "hour_to": hour_to,
                        "day_period": part,
                    }
                )
            )
    calendar = ensure(
        "resource.calendar",
        [
            (
                "calendar_asn",
                {
                    "name": spec["name"],
                    "tz": demo.company_data["tz"],
                    "company_id": demo.company.id,
                    "attendance_ids": lines,
                },
            )
        ],
        demo.quiet,
    )["calendar_asn"]
    write_changed(demo.company, {"resource_calendar_id": calendar.id})
    employees = env["hr.employee"].union(*refs("hr.employee", "emp_", list(demo.person)).values())
    employees.filtered(lambda e: e.resource_calendar_id != calendar).with_env(demo.quiet).write(
        {"resource_calendar_id": calendar.id}
    )
    items = []
    for day, name in sorted(public_holidays(demo).items()):
        items.append(
            (
                f"holiday_{day:%Y_%m_%d}",
                {
                    "name": name,
                    "company_id": demo.company.id,
                    "calendar_id": False,
                    "resource_id": False,
                    "time_type": "leave",
                    "date_from": local_moment(demo, day, 0),
                    "date_to": local_moment(demo, day, 23, 59),
                },
            )
        )
    ensure("resource.calendar.leaves", items, demo.quiet)


def load_attendance(demo):
    """Attendance of the last closed month for every ASN: mostly on time, late arrivals in
    every TL band, early leaves in every PSW band, a few days without check-out, a few
    absences, and one approved sick leave of a few days."""
    period = last_closed_period(demo)
    if not period:
        print("  no closed month yet: no attendance")
        return
    spec = demo.activity["attendance"]
    employees = tukin_employees(demo)
    days = working_days(demo, period)
    sick = spec["sick_leave"]
    first = rng("sick", demo.year, period.month).randint(3, max(3, len(days) - sick["days"] - 1))
    sick_days = days[first : first + sick["days"]]
    leave = ensure(
        "hr.leave",
        [
            (
                f"leave_sick_{demo.year}_{period.month:02d}",
                {
                    "name": sick["reason"],
                    "employee_id": employees[sick["employee"]].id,
                    "holiday_status_id": env.ref("hr_holidays.holiday_status_sl").id,
                    "request_date_from": sick_days[0],
                    "request_date_to": sick_days[-1],
                },
            )
        ],
        demo.quiet,
    )[f"leave_sick_{demo.year}_{period.month:02d}"]
    if leave.state != "validate":
        # Requested on the first morning of the illness, approved by HR the same day.
        with frozen_clock(demo) as move_to:
            move_to(local_moment(demo, sick_days[0], 10, 30))
            if leave.state in ("draft", "confirm"):
                leave.action_approve()
            if leave.state == "validate1":
                leave.action_validate()
    ids = [e.id for e in employees.values()]
    utc_from = local_moment(demo, period.date_start, 0)
    utc_to = local_moment(demo, period.date_end, 24)
    if env["hr.attendance"].search_count(
        [("employee_id", "in", ids), ("check_in", ">=", utc_from), ("check_in", "<", utc_to)]
    ):
        return  # recorded already (by the demo or by hand)
    random_ = rng("attendance", demo.year, period.month)
    logins = sorted(employees)
    off = {sick["employee"]: set(sick_days)}
    for login, count in spec["absent"].items():
        candidates = [d for d in days if d not in off.get(login, set())]
        off.setdefault(login, set()).update(random_.sample(candidates, count))
    no_check_out = {}
    for login in spec["no_check_out"]:
        no_check_out[login] = random_.choice([d for d in days if d not in off.get(login, ())])
    # One late arrival and one early leave in every band at least, wherever chance puts them.
    ordinary = [
        (login, day)
        for login in logins
        for day in days
        if day not in off.get(login, ()) and no_check_out.get(login) != day
    ]
    picked = random_.sample(ordinary, 8)
    forced_late = {pair: band for band, pair in enumerate(picked[:4])}
    forced_early = {pair: band for band, pair in enumerate(picked[4:])}
    bands = spec["late_minutes"]
    vals_list = []
    for login in logins:
        profile = profile_of(demo, login)
        person = rng("attendance", demo.year, period.month, login)
        for day in days:
            if day in off.get(login, ()):
                continue
            hour_from, hour_to = schedule_hours(demo, day)
            start = local_moment(demo, day, hour_from)
            end = local_moment(demo, day, hour_to)
            band = forced_late.get((login, day))
            if band is None and person.random() < spec["late_rate"][profile]:
                band = person.choices(range(4), weights=[b[2] for b in bands])[0]
            if band is None:
                check_in = start - datetime.timedelta(seconds=person.randint(3 * 60, 28 * 60))
            else:
                low, high, _weight = bands[band]
                check_in = start + datetime.timedelta(
                    minutes=person.randint(low, high), seconds=person.randint(0, 50)
                )
            band = forced_early.get((login, day))
            if band is None and person.random() < spec["early_rate"][profile]:
                band = person.choices(range(4), weights=[b[2] for b in bands])[0]
            if band is None:
                check_out = end + datetime.timedelta(seconds=person.randint(0, 45 * 60))
            else:
                low, high, _weight = bands[band]
                check_out = end - datetime.timedelta(
                    minutes=person.randint(low, min(high, 120)), seconds=person.randint(0, 50)
                )
            if no_check_out.get(login) == day:
                check_out = False
            vals_list.append(
                {
                    "employee_id": employees[login].id,
                    "check_in": check_in,
                    "check_out": check_out,
                }
            )
    env["hr.attendance"].with_env(demo.quiet).create(vals_list)


def load_payroll_officer(demo):
    """A payroll officer of the finance agency (BPKAD): computes and confirms the Tukin
    sheets and runs the payroll. OCA's payroll "Officer" only sees the payslips of the units
    he heads, so the officer is also payroll manager, and time off officer."""
    group = env.ref("iki_tukin.group_iki_payroll_officer", raise_if_not_found=False)
    if not group:
        print("  iki_tukin has no payroll officer group: no payroll officer")
        return
    spec = demo.activity["payroll_officer"]
    name = f"user_{slug(spec['login'])}"
    if name not in find_xmlids("res.users", [name]):
        user = (
            env["res.users"]
            .with_context(active_test=False)
            .search([("login", "=", spec["login"])], limit=1)
        )
        if user:
            env["ir.model.data"]._update_xmlids(
                [{"xml_id": f"{MODULE}.{name}", "record": user, "noupdate": True}]
            )
    # OCA's payroll reads the employees' time off for the worked days: time off officer too.
    groups = [
        env.ref("base.group_user"),
        group,
        env.ref("payroll.group_payroll_manager"),
        env.ref("hr_holidays.group_hr_holidays_user"),
    ]
    known = bool(find_xmlids("res.users", [name]))
    user = ensure(
        "res.users",
        [
            (
                name,
                {
                    "name": spec["name"],
                    "login": spec["login"],
                    "email": demo.email(spec["login"]),
                    "company_id": demo.company.id,
                    "company_ids": [Command.set(demo.company.ids)],
                    "tz": demo.company_data["tz"],
                    "notification_type": "inbox",
                    "groups_id": [Command.set([g.id for g in groups])],
                },
            )
        ],
        demo.quiet,
    )[name]
    if not known:
        env["res.users"]._set_encrypted_password(
            user.id, env["res.users"]._crypt_context().hash(PASSWORD)
        )


def load_tukin(demo):
    """The Tukin sheets of the last closed month, computed (discipline days included) and
    confirmed by the payroll officer on the working days after the close."""
    period = last_closed_period(demo)
    officer = payroll_officer(demo)
    if not period or not officer:
        print("  no closed month or no payroll officer: no Tukin sheets")
        return
    Sheet = env["iki.tukin.sheet"].with_user(officer)
    day = working_day(period.closed_date.date(), 1)
    with frozen_clock(demo) as move_to:
        if Sheet.search_count([("period_id", "=", period.id), ("state", "=", "draft")]) or (
            not Sheet.search_count([("period_id", "=", period.id)])
        ):
            move_to(local_moment(demo, day, 9, 30))
            Sheet._generate_for_period(period)
        drafts = Sheet.search([("period_id", "=", period.id), ("state", "=", "draft")])
        if drafts:
            move_to(local_moment(demo, working_day(day, 1), 10, 15))
            drafts.action_confirm()


def base_salary(demo, row, year):
    """A monthly base salary (gaji pokok) from the rank's scale and the years of service."""
    low, high = demo.activity["base_salary"][row["rank"]]
    years = max(0, year - int(row["nip"][8:12]))
    return float(round((low + (high - low) * min(years, 32) / 32) / 100) * 100)


def payroll_structure(demo):
    """The Tukin/TPP structure shipped by iki_tukin, copied for the company if it belongs to
    another one."""
    structure = env.ref("iki_tukin.hr_payroll_structure_asn_tpp")
    if structure.company_id in (demo.company, env["res.company"]):
        return structure
    name = f"structure_asn_tpp_{demo.company.id}"
    found = find_xmlids("hr.payroll.structure", [name])
    if name in found:
        return found[name]
    copy = structure.copy(
        {"company_id": demo.company.id, "code": f"{structure.code}_{demo.company.id}"}
    )
    env["ir.model.data"]._update_xmlids(
        [{"xml_id": f"{MODULE}.{name}", "record": copy, "noupdate": True}]
    )
    return copy


def load_payroll(demo):
    """A running contract per ASN on the Tukin/TPP structure, and the payroll batch of the
    last closed month: payslips computed from the confirmed sheets and confirmed one by one
    (which marks the sheets paid and locks the month); next month's batch waits in draft."""
    period = last_closed_period(demo)
    officer = payroll_officer(demo)
    if not period or not officer:
        print("  no closed month or no payroll officer: no payroll")
        return
    officer_env = demo.quiet(user=officer.id)
    structure = payroll_structure(demo)
    calendar = find_xmlids("resource.calendar", ["calendar_asn"]).get("calendar_asn")
    employees = tukin_employees(demo)
    items = []
    for login, employee in sorted(employees.items()):
        row = demo.person[login]
        appointed = datetime.date(int(row["nip"][8:12]), int(row["nip"][12:14]), 1)
        vals = {
            "name": f"{row['nip']} - {row['name']}",
            "employee_id": employee.id,
            "company_id": demo.company.id,
            "struct_id": structure.id,
            "wage": base_salary(demo, row, demo.year),
            "date_start": appointed,
            "state": "open",
            # Set below: an open contract writes its unit on the employee, which makes Odoo
            # recompute the manager (a unit head would report to himself).
            "department_id": False,
            "job_id": employee.job_id.id,
            "resource_calendar_id": calendar.id if calendar else employee.resource_calendar_id.id,
        }
        if row["asn_status"] == "pppk":
            # PPPK work under a five-year agreement.
            vals["date_end"] = appointed.replace(year=appointed.year + 5) - ONE_DAY
        items.append((f"contract_{slug(login)}", vals))
    contracts = ensure("hr.contract", items, officer_env)
    for login, employee in employees.items():
        write_changed(
            contracts[f"contract_{slug(login)}"].with_env(officer_env),
            {"department_id": employee.department_id.id},
        )
    restore_supervisors(demo, refs("hr.employee", "emp_", list(demo.person)))
    month = period.month
    label = f"{MONTH_NAMES[month - 1]} {demo.year}"
    runs = ensure(
        "hr.payslip.run",
        [
            (
                f"payslip_run_{demo.year}_{month:02d}",
                {
                    "name": f"Gaji dan TPP {label}",
                    "company_id": demo.company.id,
                    "date_start": period.date_start,
                    "date_end": period.date_end,
                },
            )
        ],
        officer_env,
    )
    run = runs[f"payslip_run_{demo.year}_{month:02d}"].with_user(officer)
    day = working_day(max(period.closed_date.date() + ONE_DAY * 4, period.date_end), 1)
    with frozen_clock(demo) as move_to:
        move_to(local_moment(demo, day, 9))
        if not run.slip_ids:
            wizard = (
                env["hr.payslip.employees"]
                .with_user(officer)
                .with_context(active_id=run.id)
                .create({"employee_ids": [Command.set([e.id for e in employees.values()])]})
            )
            wizard.compute_sheet()
        move_to(local_moment(demo, working_day(day, 1), 10))
        # OCA confirms one payslip at a time (action_payslip_done reads a field of self).
        for slip in run.slip_ids.sorted("id"):
            if slip.state in ("draft", "verify"):
                slip.action_payslip_done()
        if run.state != "close":
            run.close_payslip_run()
    next_month = period.date_end + ONE_DAY
    if next_month.year == demo.year:
        label = f"{MONTH_NAMES[next_month.month - 1]} {demo.year}"
        ensure(
            "hr.payslip.run",
            [
                (
                    f"payslip_run_{demo.year}_{next_month.month:02d}",
                    {
                        "name": f"Gaji dan TPP {label}",
                        "company_id": demo.company.id,
                        "date_start": next_month,
                        "date_end": next_month + relativedelta(months=1, days=-1),
                    },
                )
            ],
            officer_env,
        )


STEPS = [
    load_company,
    load_organisation,
    load_users,
    load_employees,
    load_cascade,
    load_plans,
    load_appraisals,
    load_working_schedule,
    load_attendance,
    load_payroll_officer,
    load_tukin,
    load_payroll,
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
    officer = demo.activity["payroll_officer"]
    if find_xmlids("res.users", [f"user_{slug(officer['login'])}"]):
        lines.append(
            f"  {officer['login']} / {PASSWORD} — payroll officer (Tukin/TPP), {officer['name']}, "
            f"{officer['title']}"
        )
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
