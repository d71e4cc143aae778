import json

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools.misc import file_open

from ..tools import story as chance
from ..tools.demo_month import DemoMonth, agency_name, as_user
from ..tools.evidence_files import MONTH_NAMES

DEMO_LANG = "base.lang_id"
STORY_FILE = "iki_demo/demo/story.json"
HR_OFFICER = "iki_demo.res_users_putri_maharani"
PAYROLL_OFFICER = "iki_demo.res_users_wahyu_kartika"
CALENDAR = "iki_demo.resource_calendar_asn"
PASSWORD = "demo"


class IkiDemoPlayer(models.AbstractModel):
    """Plays the demo province's year up to today through the public workflow methods, as the
    people who would act (called once by ``demo/iki_demo_play.xml``, after the reference data:
    organisation, users, employees, cascade, draft plans, contracts).

    The plans are submitted and approved; each month of the year is opened by HR and played
    (:class:`~odoo.addons.iki_demo.tools.demo_month.DemoMonth`): the months whose cut-off has
    passed are closed, the last month before its cut-off and the current month stay open with
    work in progress. The last closed month gets its attendance, a sick leave, its Tukin sheets
    (generated and confirmed by the payroll officer) and the payroll batch that pays them.
    """

    _name = "iki.demo.player"
    _description = "IKI Demo Year"

    @api.model
    def _iki_install_demo_language(self):
        """Install Indonesian (with the installed modules' translations) when it is not yet:
        the demo users work in it."""
        lang = self.env.ref(DEMO_LANG).with_context(active_test=False)
        if not lang.active:
            wizard = self.env["base.language.install"].create({"lang_ids": [Command.set(lang.ids)]})
            wizard.lang_install()

    @api.model
    def _iki_play_demo_year(self):
        story = self._iki_demo_story()
        calendar = self.env.ref(CALENDAR)
        now = (
            pytz.utc.localize(fields.Datetime.now())
            .astimezone(pytz.timezone(calendar.tz))
            .replace(tzinfo=None)
        )
        hr_user = self.env.ref(HR_OFFICER)
        self._iki_play_plans(hr_user)
        closed = self._iki_play_months(story, now, hr_user)
        if closed:
            self._iki_play_attendance(story, closed, calendar)
            self._iki_play_tukin(closed)
            self._iki_play_payroll(closed)
        return True

    # ------------------------------------------------------------------
    # The year
    # ------------------------------------------------------------------
    @api.model
    def _iki_demo_story(self):
        """The story of the year (``demo/story.json``): who performs how, the texts people
        write, the attendance rates."""
        with file_open(STORY_FILE) as handle:
            return json.load(handle)

    @api.model
    def _iki_demo_records(self, model):
        """The records of ``model`` the demo data created, in creation order."""
        ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "iki_demo"), ("model", "=", model)])
            .mapped("res_id")
        )
        return self.env[model].browse(sorted(ids))

    @api.model
    def _iki_play_plans(self, hr_user):
        """Every ASN submits the plan (SKP) of the year; each appraiser approves his team's
        in one batch (HR for anybody whose appraiser has no login)."""
        plans = self._iki_demo_records("iki.plan")
        for plan in plans:
            as_user(plan, plan.employee_id.user_id).action_submit()
        for appraiser in plans.appraiser_id:
            user = appraiser.user_id or hr_user
            as_user(
                plans.filtered(lambda p, a=appraiser: p.appraiser_id == a), user
            ).action_approve()
        orphans = plans.filtered(lambda p: p.state == "submitted")
        if orphans:
            as_user(orphans, hr_user).action_approve()

    @api.model
    def _iki_play_months(self, story, now, hr_user):
        """HR opens each month of the year up to the current one, which is played; return the
        latest closed month (or an empty recordset)."""
        company = self.env.ref("base.main_company")
        evidence_cache = {}
        Period = as_user(self.env["iki.period"], hr_user)
        closed = self.env["iki.period"]
        for month in range(1, now.month + 1):
            period = Period.create({"company_id": company.id, "year": now.year, "month": month})
            play = DemoMonth(period.sudo(), story, evidence_cache, now.date(), now, hr_user)
            if month < now.month:
                play.play_past()
            else:
                play.play_current()
            if period.state == "closed":
                closed = period.sudo()
        return closed

    # ------------------------------------------------------------------
    # Tukin / TPP of the last closed month
    # ------------------------------------------------------------------
    @api.model
    def _iki_tukin_employees(self):
        """``{login: employee}`` of the officials paid a Tukin (every ASN has a job class)."""
        return {
            employee.user_id.login: employee
            for employee in self._iki_demo_records("hr.employee")
            if employee.iki_job_class
        }

    @api.model
    def _iki_working_days(self, period, calendar):
        """``(days, hours_of)``: the working days of ``period`` in ``calendar`` (public holidays
        out) and the ``(start, end)`` local hours of a day."""
        hours = {}
        for attendance in calendar.attendance_ids:
            start, end = hours.get(int(attendance.dayofweek), (24.0, 0.0))
            hours[int(attendance.dayofweek)] = (
                min(start, attendance.hour_from),
                max(end, attendance.hour_to),
            )
        tz = pytz.timezone(calendar.tz)
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("resource_id", "=", False),
                ("calendar_id", "in", (False, calendar.id)),
                ("company_id", "in", (False, period.company_id.id)),
            ]
        )
        holidays = {pytz.utc.localize(leave.date_from).astimezone(tz).date() for leave in leaves}
        days = [
            day
            for day in chance.date_range(period.date_start, period.date_end)
            if day.weekday() in hours and day not in holidays
        ]
        return days, lambda day: hours[day.weekday()]

    @api.model
    def _iki_play_attendance(self, story, period, calendar):
        """The month's attendance of every ASN as the terminals record it, and one sick leave
        requested and approved."""
        employees = self._iki_tukin_employees()
        days, hours_of = self._iki_working_days(period, calendar)
        sick = story["attendance"]["sick_leave"]
        away = chance.sick_days(story, period.year, period.month, days)
        leave = self.env["hr.leave"].create(
            {
                "name": sick["reason"],
                "employee_id": employees[sick["employee"]].id,
                "holiday_status_id": self.env.ref("hr_holidays.holiday_status_sl").id,
                "request_date_from": away[0],
                "request_date_to": away[-1],
            }
        )
        if leave.state in ("draft", "confirm"):
            leave.action_approve()
        if leave.state == "validate1":
            leave.action_validate()
        tz = pytz.timezone(calendar.tz)

        def utc(moment):
            return (
                tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None) if moment else False
            )

        rows = chance.attendance(
            story,
            period.year,
            period.month,
            days,
            sorted(employees),
            hours_of,
            {sick["employee"]: set(away)},
        )
        self.env["hr.attendance"].create(
            [
                {"employee_id": employees[login].id, "check_in": utc(start), "check_out": utc(end)}
                for login, start, end in rows
            ]
        )

    @api.model
    def _iki_play_tukin(self, period):
        """The payroll officer generates the Tukin sheets of the month (discipline days
        included), then confirms them for payroll."""
        officer = self.env.ref(PAYROLL_OFFICER)
        simulation = as_user(self.env["iki.tukin.simulation"], officer).create(
            {"period_id": period.id}
        )
        simulation.action_generate_sheets()
        drafts = as_user(self.env["iki.tukin.sheet"], officer).search(
            [("period_id", "=", period.id), ("state", "=", "draft")]
        )
        drafts.action_confirm()

    @api.model
    def _iki_play_payroll(self, period):
        """The payroll officer runs the month's batch for every ASN from the confirmed sheets
        and confirms the payslips (which pays the sheets and locks the month); next month's
        batch waits in draft."""
        officer = self.env.ref(PAYROLL_OFFICER)
        employees = self._iki_tukin_employees().values()
        Run = as_user(self.env["hr.payslip.run"], officer)
        run = Run.create(self._iki_payslip_run_vals(period.date_start))
        wizard = (
            as_user(self.env["hr.payslip.employees"], officer)
            .with_context(active_id=run.id)
            .create({"employee_ids": [Command.set([e.id for e in employees])]})
        )
        wizard.compute_sheet()
        # OCA confirms one payslip at a time (action_payslip_done reads a field of self).
        for slip in run.slip_ids.sorted("id"):
            slip.action_payslip_done()
        run.close_payslip_run()
        following = period.date_start + relativedelta(months=1)
        if following.year == period.year:
            Run.create(self._iki_payslip_run_vals(following))

    @api.model
    def _iki_payslip_run_vals(self, first_day):
        return {
            "name": f"Gaji dan TPP {MONTH_NAMES[first_day.month - 1]} {first_day.year}",
            "company_id": self.env.ref("base.main_company").id,
            "date_start": first_day,
            "date_end": first_day + relativedelta(months=1, days=-1),
        }

    # ------------------------------------------------------------------
    # Logins (printed by scripts/run.sh)
    # ------------------------------------------------------------------
    @api.model
    def _iki_demo_logins_text(self):
        """The demo's logins by role, one per line, for the console."""
        employees = self._iki_demo_records("hr.employee")

        def line(employee, role):
            return "  %s / %s — %s, %s, %s" % (
                employee.user_id.login,
                PASSWORD,
                role,
                employee.name,
                agency_name(employee.department_id),
            )

        lines = ["  admin / admin — HR manager (administrator), Administrator"]
        users = employees.user_id
        for employee in employees:
            if employee.user_id.has_group("iki_performance.group_iki_hr_officer"):
                lines.append(line(employee, "HR officer"))
        for employee in employees:
            user = employee.user_id
            if user.has_group("iki_performance.group_iki_agency_admin") and not user.has_group(
                "iki_performance.group_iki_hr_officer"
            ):
                lines.append(line(employee, "agency administrator"))
        head = self.env.ref("iki_demo.hr_department_dinkes").manager_id
        lines.append(line(head, f"head of agency ({head.job_title})"))
        section_head = self.env.ref("iki_demo.hr_department_dinkes_kesga").manager_id
        lines.append(line(section_head, f"section head and appraiser ({section_head.job_title})"))
        for employee in section_head.child_ids.sorted("id")[:2]:
            status = "PPPK" if employee.iki_asn_status == "pppk" else "PNS"
            lines.append(line(employee, f"staff, {status} ({employee.job_title})"))
        officer = self.env.ref(PAYROLL_OFFICER)
        if officer not in users:
            title = self._iki_demo_story()["payroll_officer"]["title"]
            lines.append(
                f"  {officer.login} / {PASSWORD} — payroll officer (Tukin/TPP), {officer.name}, "
                f"{title}"
            )
        return "\n".join(lines) + "\n"
