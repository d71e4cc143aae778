"""The month of a province at scale: opening a month creates its appraisals, lines and behaviour
rows set-based (``iki.appraisal.generation`` through ``iki.bulk``) and an approval writes, logs
and cleans up set-based, with what ``create()``, ``write()``, the chatter and ``unlink()`` would
have done, and a number of queries that does not grow with the appraisals."""

import datetime
import json

from odoo.exceptions import AccessError, ValidationError

from .common import BERAKHLAK_KEYS, YEAR
from .common_appraisal import MONTH, IkiAppraisalCommon

# The models a month's opening creates, with the field linking them to the month.
MONTH_MODELS = (
    ("iki.appraisal", "period_id"),
    ("iki.appraisal.line", "period_id"),
    ("iki.appraisal.behaviour", "appraisal_id.period_id"),
)


class TestMonthAtScale(IkiAppraisalCommon):
    def _records_of(self, model, path, period):
        return self.env[model].search([(path, "=", period.id)])

    def _queries(self, function):
        """The number of SQL queries ``function()`` runs from empty caches (as a request
        starts), pending writes included."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _tracking(self, message):
        """``{field: (old, new)}`` labels of the changes logged by ``message``."""
        return {
            value.field_id.name: (value.old_value_char, value.new_value_char)
            for value in message.sudo().tracking_value_ids
        }

    # ------------------------------------------------------------------
    # Opening a month
    # ------------------------------------------------------------------
    def test_open_stores_what_the_orm_computes(self):
        for model, path in MONTH_MODELS:
            records = self._records_of(model, path, self.period)
            computed = [f for f in records._fields.values() if f.store and f.compute]
            stored = {f.name: [record[f.name] for record in records] for f in computed}
            records.invalidate_recordset()
            for field in computed:
                self.env.add_to_compute(field, records)
            for field in computed:
                with self.subTest(model=model, field=field.name):
                    self.assertEqual([r[field.name] for r in records], stored[field.name])
            with self.subTest(model=model, field="create_uid"):
                self.assertEqual(records.create_uid, self.user_hr_officer)
        self.assertEqual(self.appraisal_1.name, f"{self.period.name} - {self.staff_1.name}")
        self.assertEqual(self.appraisal_1.company_id, self.company)
        self.assertEqual(self.appraisal_1.date_start, datetime.date(YEAR, MONTH, 1))
        self.assertEqual(self.appraisal_1.state, "draft")  # the default
        self.assertEqual(len(self.appraisal_1.behaviour_ids), len(BERAKHLAK_KEYS))

    def test_open_logs_nothing_and_subscribes_nobody(self):
        # As the workflow has always created them (tracking disabled): no creation message.
        appraisals = self.period.appraisal_ids
        self.assertFalse(appraisals.message_ids)
        self.assertFalse(appraisals.message_follower_ids)

    def test_open_queries_do_not_grow_with_the_appraisals(self):
        april = self._open_month(MONTH + 1)
        appraisals = april.appraisal_ids
        with appraisals._iki_workflow("iki.appraisal.line", "iki.appraisal.behaviour"):
            appraisals.unlink()
        Generation = self.env["iki.appraisal.generation"].with_user(self.user_hr_officer)

        def generate(*plans):
            vals_list = [{"period_id": april.id, "plan_id": plan.id} for plan in plans]
            return lambda: Generation._iki_create_for_plans(vals_list)

        self._queries(generate(self.plan_b))  # the caches of the first call
        one = self._queries(generate(self.plan_1))
        three = self._queries(generate(self.plan_2, self.plan_3, self.plan_sec))
        self.assertGreater(one, 0)  # the counter counts this call's queries
        self.assertEqual(three, one)
        self.assertEqual(len(april.appraisal_ids), 5)

    def test_bulk_create_refused_outside_the_workflow(self):
        Line = self.env["iki.appraisal.line"].with_user(self.user_hr_officer)
        count = len(self.appraisal_1.line_ids)
        plan_line = self.plan_1.line_ids[0]
        with self.assertRaises(AccessError):
            self.env["iki.bulk"]._iki_create(
                Line, [{"appraisal_id": self.appraisal_1.id, "plan_line_id": plan_line.id}]
            )
        self.appraisal_1.invalidate_recordset(["line_ids"])
        self.assertEqual(len(self.appraisal_1.line_ids), count)

    def test_bulk_create_runs_the_constraints_and_the_input_checks(self):
        Appraisal = self.env["iki.appraisal"].with_user(self.user_hr_officer)
        vals = {"period_id": self.period.id, "plan_id": self.plan_draft.id}
        with Appraisal._iki_workflow():
            with self.assertRaises(ValidationError):  # an override needs a written reason
                self.env["iki.bulk"]._iki_create(
                    Appraisal, [dict(vals, work_rating_override="above")]
                )
            with self.assertRaises(ValidationError):  # a NUL character
                self.env["iki.bulk"]._iki_create(Appraisal, [dict(vals, job_title="Kepala\x00")])
        self.assertFalse(self._appraisal(self.sec2_head))

    def test_bulk_create_checks_the_record_rules(self):
        period_c2 = self._open_month(MONTH, company=self.company_2)
        generation = self.env["iki.appraisal.generation"]
        appraisal_c2 = generation._iki_create_for_plans(
            [{"period_id": period_c2.id, "plan_id": self.plan_2.id}]
        )
        Behaviour = self.env["iki.appraisal.behaviour"].with_user(self.user_hr_officer)
        with Behaviour._iki_workflow(), self.assertRaises(AccessError):
            # The HR officer of the first company creates nothing in the second one.
            self.env["iki.bulk"]._iki_create(
                Behaviour, [{"appraisal_id": appraisal_c2.id, "value_key": "extra"}]
            )
        self.assertEqual(appraisal_c2.behaviour_ids.mapped("value_key"), list(BERAKHLAK_KEYS))

    # ------------------------------------------------------------------
    # Approving
    # ------------------------------------------------------------------
    def _submitted_and_rated(self, *appraisals):
        for appraisal in appraisals:
            self._submit_appraisal(appraisal, user=self.user_hr_officer)
            self._rate(appraisal, "meets", user=self.user_hr_officer)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the ratings' request ends; the approval's begins
        return appraisals

    def test_approval_logs_one_message_with_the_status(self):
        a1, a2 = self._submitted_and_rated(self.appraisal_1, self.appraisal_2)
        counts = {a.id: len(a.message_ids) for a in (a1, a2)}
        (a1 | a2).with_user(self.user_sec_head).action_approve()
        self.env.flush_all()
        self.env.cr.precommit.run()  # nothing is logged a second time at the commit
        for appraisal in (a1, a2):
            with self.subTest(appraisal=appraisal.name):
                appraisal.invalidate_recordset(["message_ids"])
                self.assertEqual(len(appraisal.message_ids), counts[appraisal.id] + 1)
                message = appraisal.message_ids[0]
                self.assertIn("Approved: work achievement", message.body)
                self.assertEqual(message.author_id, self.user_sec_head.partner_id)
                self.assertEqual(message.message_type, "notification")
                self.assertEqual(self._tracking(message), {"state": ("Submitted", "Approved")})
                self.assertEqual(
                    (appraisal.state, appraisal.approved_by_id), ("approved", self.user_sec_head)
                )
                self.assertFalse(appraisal.activity_ids)

    def test_approval_tracks_the_approver_as_the_new_appraiser(self):
        (a1,) = self._submitted_and_rated(self.appraisal_1)
        # The appraiser on record is not the one who decides today (e.g. a post that moved).
        a1._iki_workflow_write({"appraiser_id": self.div_head.id}, track=False)
        a1.with_user(self.user_sec_head).action_approve()
        self.assertEqual(a1.appraiser_id, self.sec_head)
        self.assertEqual(
            self._tracking(a1.message_ids[0]),
            {
                "appraiser_id": (self.div_head.name, self.sec_head.name),
                "state": ("Submitted", "Approved"),
            },
        )

    def test_approval_removes_the_due_review_and_tells_the_appraiser(self):
        (a1,) = self._submitted_and_rated(self.appraisal_1)
        review = a1.activity_ids
        self.assertEqual(review.user_id, self.user_sec_head)
        review.sudo().date_deadline = datetime.date(YEAR, MONTH, 1)  # overdue
        self.env.flush_all()
        notified = self.env["bus.bus"].sudo().search_count([])
        a1.with_user(self.user_sec_head).action_approve()
        self.assertFalse(review.exists())
        self.assertEqual(self.env["bus.bus"].sudo().search_count([]), notified + 1)
        notice = self.env["bus.bus"].sudo().search([], order="id desc", limit=1)
        self.assertEqual(json.loads(notice.message)["type"], "mail.activity/updated")
        # On the appraiser's own channel.
        self.assertEqual(
            json.loads(notice.channel)[1:], ["res.partner", self.user_sec_head.partner_id.id]
        )

    def test_approve_queries_do_not_grow_with_the_appraisals(self):
        self._submitted_and_rated(
            self.appraisal_1, self.appraisal_2, self.appraisal_3, self.appraisal_sec
        )
        self._submitted_and_rated(self.appraisal_b)
        Appraisal = self.env["iki.appraisal"].with_user(self.user_hr_officer)

        def approving(appraisals):
            return lambda: Appraisal.browse(appraisals.ids)._action_approve()

        self._queries(approving(self.appraisal_b))  # the caches of the first call
        one = self._queries(approving(self.appraisal_1))
        three = self._queries(approving(self.appraisal_2 | self.appraisal_3 | self.appraisal_sec))
        self.assertGreater(one, 0)  # the counter counts this call's queries
        self.assertEqual(three, one)
        self.assertEqual(set(self.period.appraisal_ids.mapped("state")), {"approved"})
