"""What each user may do with a monthly appraisal (the ``iki_can_*`` flags of the form follow
the server's checks), the employee's withdrawal of a submitted appraisal, the approval of the
ready appraisals of a selection, the behaviour grid, and the workflow's chatter lines written
in the employee's language."""

from odoo.exceptions import AccessError, UserError

from .common_appraisal import BERAKHLAK_KEYS, IkiAppraisalCommon

FLAGS = (
    "iki_can_edit",
    "iki_can_submit",
    "iki_can_withdraw",
    "iki_can_review",
    "iki_can_reopen",
)


class TestAppraisalReview(IkiAppraisalCommon):
    def _flags(self, appraisal, user):
        """The flags of ``appraisal`` as ``user`` sees them, as a set of the true ones."""
        record = self._as_user(appraisal, user)
        return {flag for flag in FLAGS if record[flag]}

    def _todo(self, appraisal):
        return appraisal.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )

    # ------------------------------------------------------------------
    # Buttons: the flags follow the server
    # ------------------------------------------------------------------
    def test_flags_of_each_role_along_the_workflow(self):
        appraisal = self.appraisal_1  # staff_1 (user_employee), appraised by sec_head
        employee, appraiser = self.user_employee, self.user_sec_head
        self.assertEqual(self._flags(appraisal, employee), {"iki_can_edit", "iki_can_submit"})
        # The appraiser sees no Submit on a draft (nor the realisation editable).
        self.assertEqual(self._flags(appraisal, appraiser), set())

        self._submit_appraisal(appraisal)
        # The appraisee: no Approve/Return on his own submitted appraisal; he may withdraw it.
        self.assertEqual(self._flags(appraisal, employee), {"iki_can_withdraw"})
        self.assertEqual(self._flags(appraisal, appraiser), {"iki_can_review"})
        # The administrator of the agency may withdraw for the employee, not review.
        self.assertEqual(self._flags(appraisal, self.user_agency_admin), {"iki_can_withdraw"})
        # HR reviews any appraisal (never its own).
        self.assertEqual(self._flags(appraisal, self.user_hr_officer), {"iki_can_review"})

        self._as_user(appraisal, appraiser)._action_return(feedback="Lengkapi bukti")
        # The appraiser sees no Submit on a returned appraisal; the employee does.
        self.assertEqual(self._flags(appraisal, appraiser), set())
        self.assertEqual(self._flags(appraisal, employee), {"iki_can_edit", "iki_can_submit"})

        self._submit_appraisal(appraisal)
        self._approve_appraisal(appraisal)
        self.assertEqual(self._flags(appraisal, appraiser), {"iki_can_reopen"})
        self.assertEqual(self._flags(appraisal, employee), set())

    def test_flags_agree_with_the_refusals(self):
        """Staff cannot tick "Recorded Innovation": the flag says so, and the server refuses."""
        appraisal = self.appraisal_1
        self.assertNotIn("iki_can_review", self._flags(appraisal, self.user_employee))
        with self.assertRaises(UserError):
            self._as_user(appraisal, self.user_employee).write({"has_innovation": True})
        self.assertFalse(appraisal.has_innovation)
        self._submit_appraisal(appraisal)
        self.assertNotIn("iki_can_review", self._flags(appraisal, self.user_employee))
        with self.assertRaises(AccessError):
            self._as_user(appraisal, self.user_employee).write({"has_innovation": True})
        self.assertFalse(appraisal.has_innovation)
        self.assertIn("iki_can_review", self._flags(appraisal, self.user_sec_head))
        self._as_user(appraisal, self.user_sec_head).write({"has_innovation": True})
        self.assertTrue(appraisal.has_innovation)

    def test_flags_false_in_a_closed_month(self):
        self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(self.appraisal_1)
        self.assertIn("iki_can_reopen", self._flags(self.appraisal_1, self.user_hr_officer))
        self._close()
        for user in (self.user_employee, self.user_sec_head, self.user_hr_officer):
            with self.subTest(user=user.login):
                self.assertEqual(self._flags(self.appraisal_1, user), set())

    def test_predicate_method_of_the_month(self):
        self.assertEqual(self.appraisal_1.predicate_method, self.rule_set.predicate_method)

    # ------------------------------------------------------------------
    # Withdrawal
    # ------------------------------------------------------------------
    def test_employee_withdraws_before_the_decision(self):
        appraisal = self._submit_appraisal(self.appraisal_1)
        self.assertTrue(self._todo(appraisal))
        self._as_user(appraisal, self.user_employee).action_withdraw()
        self.assertEqual(appraisal.state, "draft")
        self.assertFalse(appraisal.submitted_date)
        self.assertFalse(self._todo(appraisal))
        self.assertIn(
            f"Withdrawn by {self.user_employee.name}",
            " ".join(appraisal.message_ids.mapped("body")),
        )
        # Corrected and submitted again.
        self._submit_appraisal(appraisal)
        self.assertEqual(appraisal.state, "submitted")

    def test_agency_admin_withdraws_for_the_employee(self):
        appraisal = self._submit_appraisal(self.appraisal_1)
        self._as_user(appraisal, self.user_agency_admin).action_withdraw()
        self.assertEqual(appraisal.state, "draft")

    def test_appraiser_cannot_withdraw(self):
        appraisal = self._submit_appraisal(self.appraisal_1)
        submitted = appraisal.submitted_date
        with self.assertRaises(AccessError):
            self._as_user(appraisal, self.user_sec_head).action_withdraw()
        self.assertEqual((appraisal.state, appraisal.submitted_date), ("submitted", submitted))
        self.assertTrue(self._todo(appraisal))

    def test_no_withdrawal_once_decided(self):
        appraisal = self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(appraisal)
        with self.assertRaises(UserError):
            self._as_user(appraisal, self.user_employee).action_withdraw()
        self.assertEqual(appraisal.state, "approved")
        draft = self.appraisal_2
        with self.assertRaises(UserError):
            self._as_user(draft, self.user_hr_officer).action_withdraw()
        self.assertEqual(draft.state, "draft")

    # ------------------------------------------------------------------
    # Approval of the ready ones
    # ------------------------------------------------------------------
    def _three_submitted(self):
        """Submitted: appraisal_1 rated and appraisal_2 not rated (sec_head appraises both),
        appraisal_sec (sec_head's own) rated."""
        for appraisal in (self.appraisal_1, self.appraisal_2, self.appraisal_sec):
            self._submit_appraisal(appraisal)
        self._rate(self.appraisal_1, "meets")
        self._rate(self.appraisal_sec, "meets")
        return self.appraisal_1 | self.appraisal_2 | self.appraisal_sec

    def test_approve_ready_approves_the_ready_and_reports_the_others(self):
        appraisals = self._three_submitted()
        action = self._as_user(appraisals, self.user_sec_head).action_approve_ready()
        self.assertEqual(self.appraisal_1.state, "approved")
        self.assertEqual(self.appraisal_2.state, "submitted")
        self.assertEqual(self.appraisal_sec.state, "submitted")
        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(report.approved_count, 1)
        reasons = {line.appraisal_id: line.reason for line in report.line_ids}
        self.assertEqual(set(reasons), {self.appraisal_2, self.appraisal_sec})
        self.assertIn("BerAKHLAK", reasons[self.appraisal_2])
        self.assertIn("nobody decides on his own record", reasons[self.appraisal_sec])

    def test_approve_ready_all_ready_notifies(self):
        self._submit_appraisal(self.appraisal_1)
        self._rate(self.appraisal_1, "meets")
        action = self._as_user(self.appraisal_1, self.user_sec_head).action_approve_ready()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.appraisal_1.state, "approved")

    def test_approve_ready_skips_the_own_appraisal(self):
        self._submit_appraisal(self.appraisal_1)
        self._rate(self.appraisal_1, "meets")
        action = self._as_user(self.appraisal_1, self.user_employee).action_approve_ready()
        self.assertEqual(self.appraisal_1.state, "submitted")
        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(
            (report.approved_count, report.line_ids.appraisal_id), (0, self.appraisal_1)
        )

    def test_action_approve_stays_all_or_nothing(self):
        appraisals = self._three_submitted()
        with self.assertRaises(UserError):
            self._as_user(appraisals - self.appraisal_sec, self.user_sec_head).action_approve()
        self.assertEqual(set(appraisals.mapped("state")), {"submitted"})

    # ------------------------------------------------------------------
    # Behaviour grid
    # ------------------------------------------------------------------
    def test_grid_rates_many_and_approves(self):
        for appraisal in (self.appraisal_1, self.appraisal_2):
            self._submit_appraisal(appraisal)
        selection = self.appraisal_1 | self.appraisal_2 | self.appraisal_sec  # his own, a draft
        action = self._as_user(selection, self.user_sec_head).action_open_behaviour_grid()
        grid = self.env[action["res_model"]].with_user(self.user_sec_head).browse(action["res_id"])
        self.assertEqual(grid.line_ids.appraisal_id, self.appraisal_1 | self.appraisal_2)
        # Every value not rated yet starts at "meets expectation".
        for line in grid.line_ids:
            self.assertEqual({line[key] for key in BERAKHLAK_KEYS}, {"meets"})
        row_1 = grid.line_ids.filtered(lambda r: r.appraisal_id == self.appraisal_1)
        row_1.kompeten = "above"
        grid.action_save_and_approve()
        self.assertEqual(set(selection.mapped("state")), {"approved", "draft"})
        self.assertEqual((self.appraisal_1 | self.appraisal_2).mapped("state"), ["approved"] * 2)
        ratings = {b.value_key: b.rating for b in self.appraisal_1.behaviour_ids}
        self.assertEqual(ratings["kompeten"], "above")
        self.assertEqual({ratings[key] for key in BERAKHLAK_KEYS if key != "kompeten"}, {"meets"})

    def test_grid_refused_to_whom_rates_nobody(self):
        self._submit_appraisal(self.appraisal_1)
        with self.assertRaises(UserError):
            self._as_user(self.appraisal_1, self.user_employee).action_open_behaviour_grid()

    def test_grid_writes_as_the_user(self):
        """A grid built by hand for an appraisal one does not appraise writes nothing."""
        self._submit_appraisal(self.appraisal_1)
        grid = (
            self.env["iki.appraisal.behaviour.grid"]
            .with_user(self.user_sec2_head)
            .create(
                {
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "appraisal_id": self.appraisal_1.id,
                                **dict.fromkeys(BERAKHLAK_KEYS, "above"),
                            },
                        )
                    ]
                }
            )
        )
        with self.assertRaises(AccessError):
            grid.action_save()
        self.assertEqual(set(self.appraisal_1.behaviour_ids.mapped("rating")), {False})

    # ------------------------------------------------------------------
    # Chatter lines in the employee's language
    # ------------------------------------------------------------------
    def test_chatter_in_the_employee_language(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.user_employee.lang = "id_ID"
        self.assertEqual(self.user_sec_head.lang, "en_US")
        appraisal = self._submit_appraisal(self.appraisal_1)
        self._as_user(appraisal, self.user_sec_head)._action_return(feedback="Lengkapi bukti")
        bodies = " ".join(appraisal.message_ids.mapped("body"))
        self.assertIn("Dikembalikan untuk perbaikan: Lengkapi bukti", bodies)
        self.assertNotIn("Returned for revision", bodies)
        self._submit_appraisal(appraisal)
        self._approve_appraisal(appraisal)
        bodies = " ".join(appraisal.message_ids.mapped("body"))
        self.assertIn("Disetujui", bodies)

    # ------------------------------------------------------------------
    # A closed month links to its results
    # ------------------------------------------------------------------
    def test_closed_month_opens_its_results_and_distribution(self):
        self._submit_appraisal(self.appraisal_1)
        self._approve_appraisal(self.appraisal_1)
        self._close()
        period = self.period.with_user(self.user_hr_officer)
        action = period.action_open_org_results()
        results = self.env["iki.org.result"].search(action["domain"])
        self.assertTrue(results)
        self.assertEqual(results.period_id, self.period)
        action = period.action_open_distribution()
        self.assertEqual(action["views"][0][1], "pivot")
        self.assertEqual(self.env["iki.appraisal"].search(action["domain"]), self.appraisal_1)
