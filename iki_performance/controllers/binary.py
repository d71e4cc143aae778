"""Evidence (bukti dukung) uploaded by the web client's file widgets (``many2many_binary``).

Core's ``/web/binary/upload_attachment`` answers any refusal but an access error with a generic
"Something horrible happened" and logs it as an error. For an appraisal line the files are
first checked here with the checks of the attachment create
(:meth:`ir.attachment._iki_check_evidence_upload`); when one is refused, nothing of the request
is uploaded and the answer names each refused file with its reason.
"""

import json
import logging
import unicodedata

from odoo import http
from odoo.addons.web.controllers.binary import Binary, clean
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from ..models.ir_attachment import LINE_MODEL

_logger = logging.getLogger(__name__)

# Core's answer to an upload made with a ``callback`` (legacy iframe upload).
CALLBACK_SCRIPT = """<script language="javascript" type="text/javascript">
                    var win = window.top.window;
                    win.jQuery(win).trigger(%s, %s);
                </script>"""


class IkiBinary(Binary):
    @http.route()
    def upload_attachment(self, model, id, ufile, callback=None):
        """For an appraisal line, answer the files it refuses with their reason and upload
        nothing of the request, instead of core's generic error; the rest goes to core."""
        if model == LINE_MODEL:
            refused = self._iki_refused_evidence(id)
            if refused:
                answer = json.dumps(refused)
                if callback:
                    return CALLBACK_SCRIPT % (json.dumps(clean(callback)), answer)
                return answer
        return super().upload_attachment(model, id, ufile, callback=callback)

    def _iki_refused_evidence(self, res_id):
        """The files of the request that line ``res_id`` refuses as evidence, as the error
        entries of the route's answer: ``[{"error": message, "filename": name}]`` (empty when
        every file passes). Access errors are left to core, which answers them its way."""
        try:
            res_id = int(res_id)
        except (TypeError, ValueError):
            return []
        if not res_id:
            return []
        Attachment = request.env["ir.attachment"]
        refused = []
        for ufile in request.httprequest.files.getlist("ufile"):
            filename = self._iki_upload_filename(ufile)
            content = ufile.read()
            ufile.seek(0)  # core reads the file again when nothing is refused
            vals = {"name": filename, "raw": content, "res_model": LINE_MODEL, "res_id": res_id}
            try:
                Attachment._iki_check_evidence_upload(vals)
            except AccessError:
                return []
            except UserError as error:
                _logger.info(
                    "Evidence %r refused for %s %s: %s", filename, LINE_MODEL, res_id, error
                )
                refused.append({"error": str(error), "filename": clean(filename)})
        return refused

    @staticmethod
    def _iki_upload_filename(ufile):
        """The name core gives the uploaded file (Safari sends it decomposed, NFD)."""
        if request.httprequest.user_agent.browser == "safari":
            return unicodedata.normalize("NFD", ufile.filename)
        return ufile.filename
