"""Reminders before the cut-off: employees with a draft or returned appraisal, appraisers with
submitted appraisals waiting; once a day at most, in the window of the month's rules.

March of :data:`YEAR` is open; its cut-off is 5 April (day 5 of the next month) and reminders
start :data:`DAYS_BEFORE` days before it.
"""

import datetime

from freezegun import freeze_time

from .common import YEAR
from .common_cycle import IkiCycleCommon

CUTOFF = datetime.date(YEAR, 4, 5)
DAYS_BEFORE = 3  # default reminder_days_before of the rule set
FIRST_DAY = CUTOFF - datetime.timedelta(days=DAYS_BEFORE)  # 2 April
EMPLOYEE_SUBJECT = f"Pengingat: realisasi kinerja bulan {YEAR}-03 belum dikirim"


def at(day):
    """Freeze the clock at 09:00 on ``day``."""
    return freeze_time(datetime.datetime.combine(day, datetime.time(9, 0)))


class TestReminders(IkiCycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period = cls._open_month(3)
        cls.appraisal_1 = cls._appraisal(cls.staff_1, cls.period)
        cls.appraisal_2 = cls._appraisal(cls.staff_2, cls.period)
        cls.appraisals = cls.appraisal_1 | cls.appraisal_2
        cls.reminder_type = cls.env.ref("iki_performance.mail_activity_type_iki_reminder")
        cls.Appraisal = cls.env["iki.appraisal"]

    def _mails(self, subject=None):
        """Reminder mails (activity assignment notices are other mails)."""
        domain = [
            ("model", "=", "iki.appraisal"),
            ("res_id", "in", self.appraisals.ids),
            ("subject", "=like", "Pengingat:%"),
        ]
        if subject:
            domain.append(("subject", "=", subject))
        return self.env["mail.mail"].search(domain)

    def _reminders(self, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "iki.appraisal"),
                ("activity_type_id", "=", self.reminder_type.id),
                ("user_id", "=", user.id),
            ]
        )

    def test_rule_set_default(self):
        self.assertEqual(self.period.cutoff_date, CUTOFF)
        self.assertEqual(self.rule_set.reminder_days_before, DAYS_BEFORE)

    def test_outside_the_window_nothing_is_sent(self):
        for day in (FIRST_DAY - datetime.timedelta(days=1), CUTOFF + datetime.timedelta(days=1)):
            with self.subTest(day=day), at(day):
                self.Appraisal._cron_send_reminders()
                self.assertFalse(self._mails())
                self.assertFalse(self.appraisals.filtered("last_reminder_date"))

    def test_employees_reminded_once_a_day(self):
        with at(FIRST_DAY):
            self.Appraisal._cron_send_reminders()
        mails = self._mails()
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("subject")), {EMPLOYEE_SUBJECT})
        self.assertEqual(
            mails.recipient_ids,
            self.staff_1.work_contact_id | self.staff_2.work_contact_id,
        )
        self.assertEqual(set(self.appraisals.mapped("last_reminder_date")), {FIRST_DAY})
        # An activity for the employee who has a user (staff_2 has none).
        activity = self._reminders(self.user_employee)
        self.assertEqual(activity.res_id, self.appraisal_1.id)
        self.assertEqual(activity.date_deadline, CUTOFF)
        # The same day again: nothing new.
        with at(FIRST_DAY):
            self.Appraisal._cron_send_reminders()
        self.assertEqual(len(self._mails()), 2)
        # The next day: a mail again, but the open activity is not repeated.
        with at(FIRST_DAY + datetime.timedelta(days=1)):
            self.Appraisal._cron_send_reminders()
        self.assertEqual(len(self._mails()), 4)
        self.assertEqual(self._reminders(self.user_employee), activity)
        # The cut-off day is still in the window.
        with at(CUTOFF):
            self.Appraisal._cron_send_reminders()
        self.assertEqual(len(self._mails()), 6)

    def test_submitted_not_reminded_appraiser_gets_one(self):
        with at(FIRST_DAY):
            self.Appraisal._cron_send_reminders()
            self.assertTrue(self._reminders(self.user_employee))
            self._submit_month(self.appraisal_1, 10.0)
            self._submit_month(self.appraisal_2, 8.0)
        # Submitting closes the employee's reminder.
        self.assertFalse(self._reminders(self.user_employee))
        day = FIRST_DAY + datetime.timedelta(days=1)
        with at(day):
            self.Appraisal._cron_send_reminders()
        appraiser_subject = "Pengingat: 2 penilaian kinerja menunggu persetujuan Anda"
        appraiser_mails = self._mails(appraiser_subject)
        self.assertEqual(len(appraiser_mails), 1)
        self.assertEqual(appraiser_mails.recipient_ids, self.sec_head.work_contact_id)
        self.assertIn(self.appraisal_2.name, appraiser_mails.body_html)
        # Submitted appraisals get no employee reminder.
        self.assertEqual(len(self._mails(EMPLOYEE_SUBJECT)), 2)  # the first day's only
        activity = self._reminders(self.user_sec_head)
        self.assertEqual(len(activity), 1)
        self.assertIn("2", activity.summary)
        self.assertEqual(set(self.appraisals.mapped("appraiser_reminder_date")), {day})
        # Never twice the same day.
        with at(day):
            self.Appraisal._cron_send_reminders()
        self.assertEqual(len(self._mails(appraiser_subject)), 1)
        # Approving closes the appraiser's reminder with the review.
        self.appraisal_1.behaviour_ids.with_user(self.user_sec_head).write({"rating": "meets"})
        self.appraisal_2.behaviour_ids.with_user(self.user_sec_head).write({"rating": "meets"})
        with at(day):
            self.appraisals.with_user(self.user_sec_head).action_approve()
        self.assertFalse(self._reminders(self.user_sec_head))
        self.assertFalse(
            self.appraisals.activity_ids.filtered(lambda a: a.user_id == self.user_sec_head)
        )

    def test_returned_is_reminded_again(self):
        with at(FIRST_DAY):
            self._submit_month(self.appraisal_1, 10.0)
            self.appraisal_1.with_user(self.user_sec_head)._action_return(
                feedback="Lampirkan bukti dukung."
            )
            self.Appraisal._cron_send_reminders()
        self.assertEqual(len(self._mails(EMPLOYEE_SUBJECT)), 2)
        returned = self._mails(EMPLOYEE_SUBJECT).filtered(lambda m: m.res_id == self.appraisal_1.id)
        self.assertIn("Lampirkan bukti dukung.", returned.body_html)

    def test_closed_month_not_reminded(self):
        self._close()
        with at(FIRST_DAY):
            self.Appraisal._cron_send_reminders()
        self.assertFalse(self._mails())

    def test_reminder_days_from_the_rules(self):
        self.rule_set.reminder_days_before = 0  # the cut-off day only
        with at(FIRST_DAY):
            self.Appraisal._cron_send_reminders()
        self.assertFalse(self._mails())
        with at(CUTOFF):
            self.Appraisal._cron_send_reminders()
        self.assertEqual(len(self._mails()), 2)

    def test_cron_record(self):
        cron = self.env.ref("iki_performance.ir_cron_iki_appraisal_reminders")
        self.assertEqual(cron.code.strip(), "model._cron_send_reminders()")
        with at(FIRST_DAY):
            cron.method_direct_trigger()
        self.assertEqual(len(self._mails()), 2)
