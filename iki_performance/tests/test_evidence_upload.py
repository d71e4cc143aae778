"""Evidence uploaded by the web client (``/web/binary/upload_attachment``, the route of the
``many2many_binary`` widget): a file the appraisal line refuses is answered with the reason,
naming the file, instead of core's generic error and its logged traceback; nothing is uploaded.

Runs over HTTP (HttpCase; skipped by pytest-odoo without ``--odoo-http``), as the employee.
"""

import odoo
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common_appraisal import EVIDENCE_MAX_MB, IkiAppraisalCommon, pdf_bytes

UPLOAD_URL = "/web/binary/upload_attachment"
LINE_MODEL = "iki.appraisal.line"
# A Windows executable: "MZ" header.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
LIMIT = int(EVIDENCE_MAX_MB * 1024 * 1024)  # the largest file ind_staff_a accepts, in bytes


@tagged("post_install", "-at_install")
class TestEvidenceUpload(HttpCase, IkiAppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._line(cls.appraisal_1, cls.ind_staff_a)

    def setUp(self):
        super().setUp()
        login = self.user_employee.login
        self.authenticate(login, login)

    def _upload(self, record, *files):
        """Post ``files`` (``(name, content)`` pairs) to the upload route for ``record`` as the
        web client does, checking that nothing is logged as an error; return the JSON answer."""
        with self.assertNoLogs(level="ERROR"):
            response = self.url_open(
                UPLOAD_URL,
                data={
                    "csrf_token": odoo.http.Request.csrf_token(self),
                    "model": record._name,
                    "id": record.id,
                },
                files=[("ufile", (name, content)) for name, content in files],
            )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _refusal(self, line, name, content):
        """The message the line's own check gives for this file."""
        with self.assertRaises(UserError) as caught:
            self._as_user(line, self.user_employee)._iki_check_evidence_file(name, content)
        return str(caught.exception)

    def _uploads(self, line):
        return self.env["ir.attachment"].search(
            [("res_model", "=", LINE_MODEL), ("res_id", "=", line.id)]
        )

    def test_exe_renamed_pdf_refused_with_its_reason(self):
        answer = self._upload(self.line, ("laporan.pdf", EXE))
        expected = self._refusal(self.line, "laporan.pdf", EXE)
        self.assertEqual(answer, [{"error": expected, "filename": "laporan.pdf"}])
        self.assertIn("laporan.pdf", answer[0]["error"])
        self.assertFalse(self._uploads(self.line))
        self.assertFalse(self.line.attachment_ids)

    def test_oversize_file_refused_with_its_reason(self):
        content = pdf_bytes("besar", LIMIT + 1)
        answer = self._upload(self.line, ("besar.pdf", content))
        expected = self._refusal(self.line, "besar.pdf", content)
        self.assertIn("larger than", expected)
        self.assertEqual(answer, [{"error": expected, "filename": "besar.pdf"}])
        self.assertFalse(self._uploads(self.line))
        self.assertFalse(self.line.attachment_ids)

    def test_batch_with_a_refused_file_uploads_nothing(self):
        # The widget stops at the first error: a file uploaded with it would never be linked.
        answer = self._upload(self.line, ("bukti.pdf", pdf_bytes("bukti")), ("laporan.pdf", EXE))
        self.assertEqual(
            answer,
            [
                {
                    "error": self._refusal(self.line, "laporan.pdf", EXE),
                    "filename": "laporan.pdf",
                }
            ],
        )
        self.assertFalse(self._uploads(self.line))

    def test_valid_pdf_uploaded(self):
        content = pdf_bytes("bukti", LIMIT)
        answer = self._upload(self.line, ("bukti.pdf", content))
        attachment = self._uploads(self.line)
        self.assertEqual(len(attachment), 1)
        self.assertEqual(
            answer,
            [
                {
                    "filename": "bukti.pdf",
                    "mimetype": "application/pdf",
                    "id": attachment.id,
                    "size": LIMIT,
                }
            ],
        )
        self.assertEqual(attachment.raw, content)
        self.assertEqual(attachment.create_uid, self.user_employee)
        # The widget then links it to the line, as the employee.
        self._as_user(self.line, self.user_employee).write({"attachment_ids": [(4, attachment.id)]})
        self.assertEqual(self.line.attachment_ids, attachment)

    def test_csrf_still_required(self):
        with self.assertLogs("odoo.http", level="WARNING"):
            response = self.url_open(
                UPLOAD_URL,
                data={"model": LINE_MODEL, "id": self.line.id},
                files=[("ufile", ("bukti.pdf", pdf_bytes("bukti")))],
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._uploads(self.line))

    def test_line_of_another_employee_gets_core_access_answer(self):
        line_2 = self._line(self.appraisal_2, self.ind_staff2)
        answer = self._upload(line_2, ("laporan.pdf", EXE))
        # Core's own answer to an access error: nothing of the line is named.
        self.assertEqual(answer, [{"error": "You are not allowed to upload an attachment here."}])
        self.assertFalse(self._uploads(line_2))

    def test_other_model_left_to_core(self):
        self.authenticate("admin", "admin")
        partner = self.user_employee.partner_id
        answer = self._upload(partner, ("catatan.txt", b"catatan"))
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )
        self.assertEqual(len(attachment), 1)
        self.assertEqual(answer[0]["id"], attachment.id)
