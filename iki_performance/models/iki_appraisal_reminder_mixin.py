import datetime

from markupsafe import Markup

from odoo import api, fields, models

# Reminders before the cut-off (cron): activity type and mail templates.
REMINDER_ACTIVITY = "iki_performance.mail_activity_type_iki_reminder"
TEMPLATE_EMPLOYEE = "iki_performance.mail_template_iki_reminder_employee"
TEMPLATE_APPRAISER = "iki_performance.mail_template_iki_reminder_appraiser"


class IkiAppraisalReminderMixin(models.AbstractModel):
    """The reminders of the monthly appraisals before the cut-off of their month (daily cron):
    the employees who have not submitted, the appraisers with appraisals waiting. Inherited by
    ``iki.appraisal``, which names its employee-side states in ``_iki_employee_states``."""

    _name = "iki.appraisal.reminder.mixin"
    _description = "Appraisal Reminders"

    _iki_employee_states = ()

    @api.model
    def _cron_send_reminders(self):
        """Remind, in the days before the cut-off of every open month (``reminder_days_before``
        of the month's rules, the cut-off day included):

        * each employee whose appraisal is still draft or returned: a mail and an activity;
        * each appraiser with submitted appraisals waiting: one mail and one activity giving
          their number.

        Never twice on the same day for the same appraisal (``last_reminder_date``) or the
        same appraiser (``appraiser_reminder_date``). One search of the appraisals, grouped
        sends. Return the reminded appraisals (employees, appraisers).
        """
        today = fields.Date.context_today(self)
        periods = self.env["iki.period"].search(
            [("state", "=", "open"), ("cutoff_date", ">=", today)]
        )
        due = periods.filtered(
            lambda p: (
                p.cutoff_date - datetime.timedelta(days=p.rule_set_id.reminder_days_before) <= today
            )
        )
        if not due:
            return self.browse(), self.browse()
        pending = self.search(
            [
                ("period_id", "in", due.ids),
                ("state", "in", (*self._iki_employee_states, "submitted")),
                ("employee_id.active", "=", True),
            ]
        )
        return pending._iki_remind_employees(today), pending._iki_remind_appraisers(today)

    def _iki_open_reminders(self, user):
        """Open reminder activities of ``user`` on the records of ``self``."""
        reminder_type = self.env.ref(REMINDER_ACTIVITY)
        return self.activity_ids.filtered(
            lambda act: act.activity_type_id == reminder_type and act.user_id == user
        )

    def _iki_remind_employees(self, today):
        """Mail (one batch) and activity for each draft or returned appraisal of ``self`` not
        reminded ``today``; an activity is not repeated while the previous one is open."""
        todo = self.filtered(
            lambda a: a.state in self._iki_employee_states and a.last_reminder_date != today
        )
        if not todo:
            return todo
        reachable = todo.filtered(lambda a: a.employee_id.work_contact_id)
        if reachable:
            self.env.ref(TEMPLATE_EMPLOYEE).send_mail_batch(reachable.ids)
        self._iki_create_activities(
            REMINDER_ACTIVITY,
            (
                (
                    appraisal,
                    appraisal.employee_id.user_id,
                    {
                        "summary": self.env._(
                            "Submit your realisation of %(period)s before %(cutoff)s",
                            period=appraisal.period_id.name,
                            cutoff=appraisal.period_id.cutoff_date,
                        ),
                        "date_deadline": appraisal.period_id.cutoff_date,
                    },
                )
                for appraisal in todo
                if not appraisal._iki_open_reminders(appraisal.employee_id.user_id)
            ),
        )
        todo._iki_workflow_write({"last_reminder_date": today})
        return todo

    def _iki_remind_appraisers(self, today):
        """One mail and one activity per appraiser for the submitted appraisals of ``self``
        waiting for them, unless they were already reminded ``today``."""
        waiting = self.filtered(lambda a: a.state == "submitted" and a.appraiser_id)
        template = self.env.ref(TEMPLATE_APPRAISER)
        reminded_ids, activities = [], []
        for appraiser, appraisals in waiting.grouped("appraiser_id").items():
            if any(a.appraiser_reminder_date == today for a in appraisals):
                continue
            appraisals = appraisals.sorted(lambda a: (a.date_start, a.employee_id.name or ""))
            names = appraisals.mapped("name")
            first = appraisals[0]
            if appraiser.work_contact_id:
                # One mail per appraiser: the count and the names differ from one to the next.
                template.with_context(
                    iki_pending_count=len(appraisals), iki_pending_names=names
                ).send_mail(first.id)
            user = appraiser.user_id
            if user and not appraisals._iki_open_reminders(user):
                activities.append(
                    (
                        first,
                        user,
                        {
                            "summary": self.env._(
                                "%(count)s appraisals wait for your approval",
                                count=len(appraisals),
                            ),
                            "note": Markup("<ul>%s</ul>")
                            % Markup().join(Markup("<li>%s</li>") % name for name in names),
                            "date_deadline": min(appraisals.period_id.mapped("cutoff_date")),
                        },
                    )
                )
            reminded_ids += appraisals.ids
        self._iki_create_activities(REMINDER_ACTIVITY, activities)
        reminded = self.browse(reminded_ids)
        reminded._iki_workflow_write({"appraiser_reminder_date": today})
        return reminded
