"""Evidence (bukti dukung) cannot be tampered with, and employees cannot change the indicators
that judge them (issue 8, classes 3 and 4).

Every refusal is tried by the least-privileged user able to try it (the employee, an internal
user without any IKI group), sending what a hostile client can send: any context key, any field,
any id. Each ``assertRaises`` holds one call; what it would have changed is checked unchanged.
"""

import base64

from odoo.exceptions import AccessError, UserError, ValidationError

from .common_appraisal import (
    EVIDENCE_MAX_MB,
    EVIDENCE_TYPES,
    IkiAppraisalCommon,
    pdf_bytes,
)

# Context keys a hostile client adds to every call.
HOSTILE = {
    "iki_appraisal_workflow": True,
    "iki_plan_workflow": True,
    "iki_period_workflow": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "module_uninstall": True,
}
# A Windows executable: "MZ" header.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
LIMIT = int(EVIDENCE_MAX_MB * 1024 * 1024)  # the largest file ind_staff_a accepts, in bytes


class EvidenceCase(IkiAppraisalCommon):
    def setUp(self):
        super().setUp()
        self.line_a = self._line(self.appraisal_1, self.ind_staff_a)
        self.line_b = self._line(self.appraisal_1, self.ind_staff_b)
        self.line_2 = self._line(self.appraisal_2, self.ind_staff2)

    def _hostile(self, records, user=None):
        """``records`` as ``user`` (default: the employee) with the hostile context."""
        return self._as_user(records, user or self.user_employee).with_context(**HOSTILE)

    def _submitted_evidence(self):
        """Submit staff_1's appraisal with one evidence file on line_a; return that file."""
        self._submit_appraisal(self.appraisal_1)
        self.assertEqual(self.appraisal_1.state, "submitted")
        return self.line_a.attachment_ids

    def _approved_evidence(self):
        attachment = self._submitted_evidence()
        self._approve_appraisal(self.appraisal_1)
        self.assertEqual(self.appraisal_1.state, "approved")
        return attachment

    def _snapshot(self, attachment):
        """What must not change on ``attachment`` (read as superuser, fresh)."""
        self.env.invalidate_all()
        values = attachment.read(["name", "res_model", "res_id", "checksum", "company_id"])[0]
        return {**values, "raw": attachment.raw}

    def _assert_locked_message(self, caught, attachment):
        message = str(caught.exception)
        for part in (attachment.name, self.staff_1.name, self.ind_staff_a.name):
            self.assertIn(part, message)


class TestEvidenceImmutable(EvidenceCase):
    def test_content_of_submitted_evidence_cannot_be_replaced(self):
        attachment = self._submitted_evidence()
        before = self._snapshot(attachment)
        hostile = self._hostile(attachment)
        with self.assertRaises(UserError) as caught:
            hostile.write({"datas": base64.b64encode(pdf_bytes("diganti"))})
        self._assert_locked_message(caught, attachment)
        self.assertEqual(self._snapshot(attachment), before)

    def test_approved_evidence_cannot_change_in_any_way(self):
        attachment = self._approved_evidence()
        before = self._snapshot(attachment)
        hostile = self._hostile(attachment)
        for vals in (
            {"raw": pdf_bytes("diganti")},
            {"datas": base64.b64encode(pdf_bytes("diganti"))},
            {"db_datas": pdf_bytes("diganti")},
            {"name": "bukti-lain.pdf"},
            {"mimetype": "text/html"},
            {"type": "url", "url": "https://example.com/bukti.pdf"},
        ):
            with self.subTest(fields=sorted(vals)), self.assertRaises(UserError):
                hostile.write(vals)
        self.assertEqual(self._snapshot(attachment), before)

    def test_approved_evidence_frozen_for_server_code_in_sudo_too(self):
        attachment = self._approved_evidence()
        before = self._snapshot(attachment)
        with self.assertRaises(UserError):
            attachment.sudo().write({"raw": pdf_bytes("diganti")})
        self.assertEqual(self._snapshot(attachment), before)

    def test_evidence_of_a_closed_month_frozen_even_for_hr(self):
        attachment = self._approved_evidence()
        self._close()
        before = self._snapshot(attachment)
        with self.assertRaises(UserError) as caught:
            self._hostile(attachment, self.user_hr_officer).write({"raw": pdf_bytes("diganti")})
        self._assert_locked_message(caught, attachment)
        self.assertEqual(self._snapshot(attachment), before)

    def test_writing_the_same_content_passes(self):
        # A storage migration writes every file's content back unchanged.
        attachment = self._approved_evidence()
        before = self._snapshot(attachment)
        attachment.sudo().write({"raw": before["raw"], "mimetype": attachment.mimetype})
        self.assertEqual(self._snapshot(attachment), before)

    def test_submitted_evidence_cannot_move_to_a_colleague(self):
        attachment = self._submitted_evidence()
        before = self._snapshot(attachment)
        with self.assertRaises(UserError) as caught:
            self._hostile(attachment).write({"res_id": self.line_2.id})
        self._assert_locked_message(caught, attachment)
        self.assertEqual(self._snapshot(attachment), before)
        self.assertEqual(self.line_a.attachment_ids, attachment)
        self.assertFalse(self.line_2.attachment_ids)

    def test_draft_evidence_cannot_move_either(self):
        attachment = self._attach(self.line_a, "bukti.pdf")
        before = self._snapshot(attachment)
        with self.assertRaises(UserError):
            self._hostile(attachment).write({"res_id": self.line_b.id})
        self.assertEqual(self._snapshot(attachment), before)

    def test_evidence_of_a_submitted_appraisal_cannot_be_deleted(self):
        attachment = self._submitted_evidence()
        with self.assertRaises(UserError) as caught:
            self._hostile(attachment).unlink()
        self._assert_locked_message(caught, attachment)
        self.assertTrue(attachment.exists())
        self.assertEqual(self.line_a.attachment_ids, attachment)

    def test_evidence_of_an_approved_appraisal_cannot_be_deleted_in_sudo(self):
        attachment = self._approved_evidence()
        with self.assertRaises(UserError):
            attachment.sudo().with_context(**HOSTILE).unlink()
        self.assertTrue(attachment.exists())

    def test_evidence_of_a_submitted_appraisal_cannot_be_unlinked_from_its_line(self):
        attachment = self._submitted_evidence()
        with self.assertRaises(UserError):
            self.line_a.sudo().write({"attachment_ids": [(3, attachment.id)]})
        self.assertEqual(self.line_a.attachment_ids, attachment)

    def test_draft_evidence_can_be_replaced_and_deleted_by_its_owner(self):
        attachment = self._attach(self.line_a, "bukti.pdf")
        mine = self._as_user(attachment, self.user_employee)
        mine.write({"raw": pdf_bytes("versi-2")})
        self.assertEqual(attachment.raw, pdf_bytes("versi-2"))
        mine.unlink()
        self.assertFalse(attachment.exists())
        self.assertFalse(self.line_a.attachment_ids)

    def test_draft_evidence_cannot_be_replaced_by_the_appraiser(self):
        attachment = self._attach(self.line_a, "bukti.pdf")
        before = self._snapshot(attachment)
        with self.assertRaises(UserError):
            self._hostile(attachment, self.user_sec_head).write({"raw": pdf_bytes("atasan")})
        self.assertEqual(self._snapshot(attachment), before)


class TestEvidenceLinks(EvidenceCase):
    def test_company_2_attachment_cannot_be_linked_by_id(self):
        foreign = (
            self.env["ir.attachment"]
            .with_user(self.user_c2)
            .create({"name": "rahasia.pdf", "raw": pdf_bytes("c2")})
        )
        self.assertEqual(foreign.company_id, self.company_2)
        with self.assertRaises(UserError) as caught:
            self._hostile(self.line_a).write({"attachment_ids": [(4, foreign.id)]})
        self.assertNotIn("rahasia.pdf", str(caught.exception))  # another company's name
        self.assertFalse(self.line_a.attachment_ids)

    def test_own_upload_moved_to_company_2_cannot_be_linked(self):
        # The employee's own file bound to his line, but of company 2 (written in SQL: no
        # user path leads there): the company alone refuses it.
        attachment = self._as_user(self.env["ir.attachment"], self.user_employee).create(
            {
                "name": "bukti.pdf",
                "raw": pdf_bytes("bukti"),
                "res_model": "iki.appraisal.line",
                "res_id": self.line_a.id,
            }
        )
        self.env.cr.execute(
            "UPDATE ir_attachment SET company_id = %s WHERE id = %s",
            [self.company_2.id, attachment.id],
        )
        self.env.invalidate_all()
        with self.assertRaises(UserError):
            self._hostile(self.line_a).write({"attachment_ids": [(4, attachment.id)]})
        self.assertFalse(self.line_a.attachment_ids)

    def test_upload_bound_to_another_company_refused(self):
        Attachment = self._as_user(self.env["ir.attachment"], self.user_employee)
        with self.assertRaises(UserError):
            Attachment.create(
                {
                    "name": "bukti.pdf",
                    "raw": pdf_bytes("bukti"),
                    "res_model": "iki.appraisal.line",
                    "res_id": self.line_a.id,
                    "company_id": self.company_2.id,
                }
            )
        self.assertFalse(self._uploads(self.line_a))

    def test_colleague_attachment_cannot_be_linked(self):
        # HR uploads evidence for staff_2 (who has no user); staff_1 links it by id.
        theirs = self._attach(self.line_2, "arsip.pdf", user=self.user_hr_officer)
        with self.assertRaises(UserError):
            self._hostile(self.line_a).write({"attachment_ids": [(4, theirs.id)]})
        self.assertFalse(self.line_a.attachment_ids)
        self.assertEqual(self.line_2.attachment_ids, theirs)

    def test_colleague_attachment_cannot_be_set_either(self):
        theirs = self._attach(self.line_2, "arsip.pdf", user=self.user_hr_officer)
        with self.assertRaises(UserError):
            self._hostile(self.line_a).write({"attachment_ids": [(6, 0, [theirs.id])]})
        self.assertFalse(self.line_a.attachment_ids)

    def test_file_uploaded_to_another_line_cannot_be_linked(self):
        on_b = self._attach(self.line_b, "bukti-b.pdf")
        with self.assertRaises(UserError):
            self._hostile(self.line_a).write({"attachment_ids": [(4, on_b.id)]})
        self.assertFalse(self.line_a.attachment_ids)

    def test_unbound_file_cannot_be_linked(self):
        loose = self._as_user(self.env["ir.attachment"], self.user_employee).create(
            {"name": "lepas.pdf", "raw": pdf_bytes("lepas")}
        )
        with self.assertRaises(UserError):
            self._hostile(self.line_a).write({"attachment_ids": [(4, loose.id)]})
        self.assertFalse(self.line_a.attachment_ids)

    def test_file_created_through_the_line_must_be_bound_to_it(self):
        with self.assertRaises(UserError):
            self._hostile(self.line_a).write(
                {"attachment_ids": [(0, 0, {"name": "baru.pdf", "raw": pdf_bytes("baru")})]}
            )
        self.assertFalse(self.line_a.attachment_ids)

    def test_file_created_through_the_line_and_bound_to_it_accepted(self):
        self._as_user(self.line_a, self.user_employee).write(
            {
                "attachment_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "baru.pdf",
                            "raw": pdf_bytes("baru"),
                            "res_model": "iki.appraisal.line",
                            "res_id": self.line_a.id,
                        },
                    )
                ]
            }
        )
        self.assertEqual(self.line_a.attachment_ids.mapped("name"), ["baru.pdf"])

    def test_appraiser_cannot_upload_to_or_move_a_file_onto_the_line(self):
        Attachment = self._as_user(self.env["ir.attachment"], self.user_sec_head)
        with self.assertRaises(AccessError):
            Attachment.create(
                {
                    "name": "atasan.pdf",
                    "raw": pdf_bytes("atasan"),
                    "res_model": "iki.appraisal.line",
                    "res_id": self.line_a.id,
                }
            )
        loose = Attachment.create({"name": "atasan.pdf", "raw": pdf_bytes("atasan")})
        with self.assertRaises(AccessError):
            loose.with_context(**HOSTILE).write(
                {"res_model": "iki.appraisal.line", "res_id": self.line_a.id}
            )
        self.assertFalse(loose.res_model)
        self.assertFalse(self._uploads(self.line_a))

    def test_employee_cannot_upload_to_a_submitted_appraisal(self):
        self._submitted_evidence()
        Attachment = self._hostile(self.env["ir.attachment"])
        uploads = self._uploads(self.line_b)
        with self.assertRaises(UserError):
            Attachment.create(
                {
                    "name": "susulan.pdf",
                    "raw": pdf_bytes("susulan"),
                    "res_model": "iki.appraisal.line",
                    "res_id": self.line_b.id,
                }
            )
        self.assertEqual(self._uploads(self.line_b), uploads)

    def _uploads(self, line):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "iki.appraisal.line"), ("res_id", "=", line.id)]
        )


class TestEvidenceFileChecks(EvidenceCase):
    def test_exe_renamed_pdf_refused_at_upload(self):
        with self.assertRaises(UserError) as caught:
            self._attach(self.line_a, "laporan.pdf", EXE)
        self.assertIn("laporan.pdf", str(caught.exception))
        self.assertFalse(self._uploads())
        self.assertFalse(self.line_a.attachment_ids)

    def test_file_of_another_type_than_its_name_refused(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
        with self.assertRaises(UserError) as caught:
            self._attach(self.line_a, "foto.jpg", png)
        self.assertIn("foto.jpg", str(caught.exception))
        self.assertFalse(self._uploads())

    def test_type_not_allowed_refused_at_upload(self):
        with self.assertRaises(UserError) as caught:
            self._attach(self.line_a, "halaman.html", b"<html></html>")
        self.assertIn("halaman.html", str(caught.exception))
        self.assertIn(", ".join(sorted(EVIDENCE_TYPES.split(","))), str(caught.exception))
        self.assertFalse(self._uploads())

    def test_oversize_refused_at_upload(self):
        with self.assertRaises(UserError) as caught:
            self._attach(self.line_a, "besar.pdf", pdf_bytes("besar", LIMIT + 1))
        self.assertIn("besar.pdf", str(caught.exception))
        self.assertIn("larger than", str(caught.exception))
        self.assertFalse(self._uploads())

    def test_file_at_the_limit_accepted(self):
        attachment = self._attach(self.line_a, "pas.pdf", pdf_bytes("pas", LIMIT))
        self.assertEqual(attachment.file_size, LIMIT)
        self.assertEqual(self.line_a.attachment_ids, attachment)

    def test_draft_evidence_renamed_to_an_unchecked_type_refused(self):
        attachment = self._attach(self.line_a, "bukti.pdf")
        with self.assertRaises(UserError):
            self._hostile(attachment).write({"name": "bukti.exe"})
        self.assertEqual(attachment.name, "bukti.pdf")

    def test_draft_evidence_replaced_by_an_executable_refused(self):
        attachment = self._attach(self.line_a, "bukti.pdf")
        with self.assertRaises(UserError) as caught:
            self._hostile(attachment).write({"raw": EXE})
        self.assertIn("bukti.pdf", str(caught.exception))
        self.assertEqual(attachment.raw, pdf_bytes("bukti.pdf"))

    def test_submission_still_checks_the_files(self):
        # A file linked before the upload checks existed (written in SQL): the submission
        # refuses it by the rules frozen on the plan line.
        legacy = self.env["ir.attachment"].create(
            {"name": "lama.pdf", "raw": pdf_bytes("lama", LIMIT + 1)}
        )
        self.env.cr.execute(
            "INSERT INTO iki_appraisal_line_attachment_rel (line_id, attachment_id) "
            "VALUES (%s, %s)",
            [self.line_a.id, legacy.id],
        )
        self.env.invalidate_all()
        self._fill(self.appraisal_1)
        with self.assertRaises(UserError) as caught:
            self.appraisal_1.with_user(self.user_employee).action_submit()
        self.assertIn("lama.pdf", str(caught.exception))
        self.assertEqual(self.appraisal_1.state, "draft")

    def _uploads(self):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "iki.appraisal.line"), ("res_id", "=", self.line_a.id)]
        )


class TestIndicatorsThatJudge(IkiAppraisalCommon):
    """The evidence rules, owner, place, polarity and targets of an indicator are set by the
    administrators of its agency and HR, never by the employee it judges."""

    def _judging_values(self):
        """One write per judging field, each changing its value on ``ind_staff_a``."""
        return [
            {"evidence_required": False},
            {"evidence_min_files": 0},
            {"evidence_file_types": "exe,html"},
            {"evidence_max_size_mb": 999.0},
            {"employee_id": self.staff_2.id},
            {"department_id": self.section_2.id},
            {"job_id": self.job_head_section.id},
            {"parent_id": self.ind_e4_2.id},
            {"polarity": "negative"},
            {"target": 1.0},
            {"target_max": 99.0},
            {"target_03": 1.0},
            {"allow_negative": True},
            {"realization_max": 5.0},
        ]

    def _read(self, indicator):
        self.env.invalidate_all()
        return indicator.read(sorted({f for vals in self._judging_values() for f in vals}))[0]

    def test_owner_cannot_change_what_judges_him(self):
        before = self._read(self.ind_staff_a)
        own = self._as_user(self.ind_staff_a, self.user_employee).with_context(**HOSTILE)
        for vals in self._judging_values():
            with self.subTest(field=next(iter(vals))), self.assertRaises(AccessError):
                own.write(vals)
        self.assertEqual(self._read(self.ind_staff_a), before)

    def test_owner_still_edits_the_wording(self):
        own = self._as_user(self.ind_staff_a, self.user_employee)
        own.write({"name": "Laporan bulanan seksi", "evidence_note": "Laporan bertanda tangan"})
        self.assertEqual(self.ind_staff_a.name, "Laporan bulanan seksi")

    def test_owner_cannot_spread_his_targets(self):
        before = self._read(self.ind_staff_b)
        with self.assertRaises(AccessError):
            self._as_user(self.ind_staff_b, self.user_employee).action_spread_targets()
        self.assertEqual(self._read(self.ind_staff_b), before)

    def test_owner_proposes_an_indicator_with_the_default_evidence_rules_only(self):
        Indicator = self._as_user(self.env["iki.indicator"], self.user_employee)
        vals = {
            "name": "IKI usulan",
            "level": "individual",
            "year": self.ind_staff_a.year,
            "company_id": self.company.id,
            "parent_id": self.ind_e4.id,
            "department_id": self.section.id,
            "employee_id": self.staff_1.id,
            "target": 4.0,
        }
        with self.assertRaises(AccessError):
            Indicator.with_context(**HOSTILE).create(dict(vals, evidence_required=False))
        self.assertFalse(self.env["iki.indicator"].search([("name", "=", "IKI usulan")]))
        proposed = Indicator.create(vals)
        self.assertTrue(proposed.evidence_required)
        self.assertEqual(proposed.target, 4.0)

    def test_agency_admin_and_hr_set_them(self):
        admin = self._as_user(self.ind_staff_a, self.user_agency_admin)
        admin.write(
            {
                "evidence_min_files": 2,
                "evidence_file_types": "pdf,xlsx",
                "polarity": "negative",
                "target_03": 3.0,
            }
        )
        self.assertEqual(
            (self.ind_staff_a.evidence_min_files, self.ind_staff_a.polarity), (2, "negative")
        )
        hr = self._as_user(self.ind_b_staff, self.user_hr_officer)
        hr.write({"evidence_required": True, "target": 3.0})
        self.assertEqual(self.ind_b_staff.target, 3.0)

    def test_agency_admin_cannot_move_an_indicator_to_another_agency(self):
        before = self._read(self.ind_staff_a)
        admin = self._as_user(self.ind_staff_a, self.user_agency_admin)
        with self.assertRaises(AccessError):
            admin.write({"department_id": self.agency_b.id})
        self.assertEqual(self._read(self.ind_staff_a), before)

    def test_hr_cannot_change_what_judges_himself(self):
        self.staff_3.user_id = self.user_hr_officer
        before = self._read(self.ind_staff3)
        with self.assertRaises(AccessError):
            self._as_user(self.ind_staff3, self.user_hr_officer).write({"target": 1.0})
        self.assertEqual(self._read(self.ind_staff3), before)

    def test_unchecked_file_types_refused_for_everyone(self):
        with self.assertRaises(ValidationError):
            self._as_user(self.ind_staff_a, self.user_hr_officer).write(
                {"evidence_file_types": "pdf,exe,html"}
            )
        self.assertEqual(self.ind_staff_a.evidence_file_types, EVIDENCE_TYPES)


class TestEvidenceRulesSnapshot(EvidenceCase):
    def test_rules_frozen_on_the_approved_plan(self):
        plan_line = self.line_a.plan_line_id
        frozen = (True, 1, EVIDENCE_TYPES, EVIDENCE_MAX_MB)
        rules = ["evidence_required", "evidence_min_files"]
        rules += ["evidence_file_types", "evidence_max_size_mb"]
        self.assertEqual(tuple(plan_line[f] for f in rules), frozen)
        self._as_user(self.ind_staff_a, self.user_hr_officer).write(
            {
                "evidence_required": False,
                "evidence_min_files": 0,
                "evidence_file_types": "pdf,jpg,png,docx",
                "evidence_max_size_mb": 50.0,
            }
        )
        self.env.invalidate_all()
        self.assertEqual(tuple(plan_line[f] for f in rules), frozen)
        # The approved plan still asks for the evidence, with its types and size.
        lines = self.appraisal_1.line_ids
        self._realise(self.appraisal_1, {line.indicator_id: line.target for line in lines})
        with self.assertRaises(UserError) as caught:
            self.appraisal_1.with_user(self.user_employee).action_submit()
        self.assertIn("evidence", str(caught.exception))
        with self.assertRaises(UserError):
            self._attach(self.line_a, "bukti.docx", pdf_bytes("docx"))
        self.assertEqual(self.appraisal_1.state, "draft")

    def test_snapshot_written_on_a_draft_plan_is_replaced_at_approval(self):
        indicator = self.ind_e4_2
        indicator.write(
            {
                "evidence_required": True,
                "evidence_min_files": 2,
                "evidence_file_types": "pdf",
                "evidence_max_size_mb": 1.0,
            }
        )
        plan_line = self.plan_draft.line_ids
        # Whatever a draft line holds (written here by server code: users cannot), the
        # approval takes the indicator's rules.
        with plan_line._iki_workflow():
            plan_line.write({"evidence_required": False, "evidence_file_types": "exe"})
        self._approve(self.plan_draft)
        self.assertEqual(self.plan_draft.state, "approved")
        self.env.invalidate_all()
        self.assertEqual(
            (
                plan_line.evidence_required,
                plan_line.evidence_min_files,
                plan_line.evidence_file_types,
                plan_line.evidence_max_size_mb,
            ),
            (True, 2, "pdf", 1.0),
        )
        # Approved: the snapshot no longer moves, through the plan line or the indicator.
        with self.assertRaises(UserError):
            self._hostile(plan_line, self.user_sec2_head).write({"evidence_required": False})
        indicator.write({"evidence_required": False})
        self.env.invalidate_all()
        self.assertTrue(plan_line.evidence_required)
