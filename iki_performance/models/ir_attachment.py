import base64
import binascii

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .iki_appraisal import EMPLOYEE_STATES

LINE_MODEL = "iki.appraisal.line"
# What makes a file the evidence it is: its content, name, kind and the record it belongs to.
CONTENT_FIELDS = frozenset({"datas", "raw", "db_datas"})
BINDING_FIELDS = frozenset({"res_model", "res_id", "res_field", "company_id"})
EVIDENCE_FIELDS = CONTENT_FIELDS | BINDING_FIELDS | {"name", "type", "url", "mimetype"}


class IrAttachment(models.Model):
    """Evidence (bukti dukung) of the monthly appraisals: files uploaded to an appraisal line
    and linked to it (``iki.appraisal.line.attachment_ids``).

    A file uploaded to a line is checked at once (the user may edit the line; type read from the
    content, allowed by the line's rules, size); the evidence of a submitted or approved
    appraisal, or of a closed month, never changes nor goes, whoever asks (server code in sudo
    included); evidence never moves to another record.
    """

    _inherit = "ir.attachment"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("res_model") == LINE_MODEL and vals.get("res_id"):
                self._iki_check_evidence_upload(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._iki_check_evidence_write(vals)
        return super().write(vals)

    # at_uninstall=True: the uninstall flag is a context key a client can send too, and
    # uninstalling the module deletes no attachment.
    @api.ondelete(at_uninstall=True)
    def _unlink_except_locked_evidence(self):
        links = self._iki_evidence_links()
        lines = self.env[LINE_MODEL]
        for attachment in self.filtered(lambda a: a.id in links):
            attachment._iki_check_evidence_unlocked(links[attachment.id])
            lines |= lines.browse([line_id for line_id, _locked in links[attachment.id]])
        lines._iki_check_evidence_editable()

    # ------------------------------------------------------------------
    # Evidence checks
    # ------------------------------------------------------------------
    @api.model
    def _iki_check_evidence_upload(self, vals):
        """Check a new file uploaded to an appraisal line (``vals`` of the create; its company
        is the line's): the user may edit the line, the file is of a type and size the line's
        rules allow."""
        line = self.env[LINE_MODEL].browse(vals["res_id"])
        if not line.sudo().exists():
            return
        line._iki_check_evidence_editable()
        company = line.sudo().company_id
        vals.setdefault("company_id", company.id)
        if vals["company_id"] != company.id:
            raise UserError(line._iki_foreign_evidence_message(vals.get("name")))
        line._iki_check_evidence_file(vals.get("name"), self._iki_file_bytes(vals))

    def _iki_check_evidence_write(self, vals):
        """Refuse a write changing what makes the files of ``self`` evidence: never for the
        evidence of a locked appraisal, never a move of evidence to another record or company;
        otherwise only by a user who may edit the lines concerned, with a file their rules
        allow. Writes that change nothing (e.g. a storage migration) pass."""
        fnames = EVIDENCE_FIELDS & set(vals)
        if not fnames or not self:
            return
        links = self._iki_evidence_links()
        bound_models = {vals.get("res_model"), *self.sudo().mapped("res_model")}
        if not links and LINE_MODEL not in bound_models:
            return
        if not self.env.su:
            # Before any message names a line: the user must reach the files at all.
            self.check("write", values=vals)
        Line = self.env[LINE_MODEL]
        for attachment in self:
            changed = attachment._iki_changed_evidence_fields(vals, fnames)
            if not changed:
                continue
            linked = links.get(attachment.id, [])
            if linked:
                attachment._iki_check_evidence_unlocked(linked)
                if changed & BINDING_FIELDS:
                    line = Line.sudo().browse(linked[0][0])
                    raise UserError(
                        self.env._(
                            "The file %(file)s is evidence of %(employee)s for %(indicator)s: it "
                            "cannot be moved to another record or company.",
                            file=attachment.sudo().name,
                            employee=line.employee_id.name,
                            indicator=line.name,
                        )
                    )
            lines = Line.browse([line_id for line_id, _locked in linked])
            lines |= attachment._iki_bound_line(vals)
            if not lines:
                continue
            lines._iki_check_evidence_editable()
            name = vals["name"] if "name" in vals else attachment.sudo().name
            data = self._iki_file_bytes(vals) if changed & CONTENT_FIELDS else attachment.sudo().raw
            for line in lines:
                line._iki_check_evidence_file(name, data)

    def _iki_evidence_links(self):
        """``{attachment id: [(line id, locked)]}`` of the files of ``self`` linked as evidence,
        ``locked`` when the line's appraisal is submitted or approved or its month closed: one
        query for the whole recordset."""
        if not self.ids:
            return {}
        self.env[LINE_MODEL].flush_model(["attachment_ids", "appraisal_id"])
        self.env["iki.appraisal"].flush_model(["state", "period_id"])
        self.env["iki.period"].flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.attachment_id, rel.line_id,
                       (a.state NOT IN %s OR p.state != 'open') AS locked
                  FROM iki_appraisal_line_attachment_rel rel
                  JOIN iki_appraisal_line l ON l.id = rel.line_id
                  JOIN iki_appraisal a ON a.id = l.appraisal_id
                  JOIN iki_period p ON p.id = a.period_id
                 WHERE rel.attachment_id IN %s
                 ORDER BY locked DESC, rel.line_id
                """,
                tuple(EMPLOYEE_STATES),
                tuple(self.ids),
            )
        )
        links = {}
        for attachment_id, line_id, locked in self.env.cr.fetchall():
            links.setdefault(attachment_id, []).append((line_id, locked))
        return links

    def _iki_check_evidence_unlocked(self, links):
        """Refuse when this file is evidence of a locked line (``links`` as given by
        :meth:`_iki_evidence_links`), naming the file, the employee and the indicator."""
        self.ensure_one()
        locked = [line_id for line_id, is_locked in links if is_locked]
        if not locked:
            return
        line = self.env[LINE_MODEL].sudo().browse(locked[0])
        appraisal, period = line.appraisal_id, line.appraisal_id.period_id
        raise UserError(
            self.env._(
                "The file %(file)s is evidence of %(employee)s for %(indicator)s on appraisal "
                "%(appraisal)s (%(state)s, month %(period_state)s): it can no longer be changed "
                "or removed.",
                file=self.sudo().name,
                employee=line.employee_id.name,
                indicator=line.name,
                appraisal=appraisal.name,
                state=appraisal._state_label(),
                period_state=dict(period._fields["state"]._description_selection(self.env)).get(
                    period.state
                ),
            )
        )

    def _iki_changed_evidence_fields(self, vals, fnames):
        """The fields among ``fnames`` whose value in ``vals`` differs from this file's (the
        content compared by checksum)."""
        self.ensure_one()
        attachment = self.sudo()
        changed = set()
        for fname in fnames:
            if fname in CONTENT_FIELDS:
                try:
                    data = self._iki_file_bytes({fname: vals[fname]})
                except (binascii.Error, ValueError, TypeError):
                    changed.add(fname)
                    continue
                if self._compute_checksum(data) != attachment.checksum:
                    changed.add(fname)
                continue
            field = self._fields[fname]
            old = field.convert_to_write(attachment[fname], attachment)
            if (vals[fname] or False) != (old or False):
                changed.add(fname)
        return changed

    def _iki_bound_line(self, vals):
        """The appraisal line this file belongs to once ``vals`` is written (maybe empty)."""
        self.ensure_one()
        attachment = self.sudo()
        res_model = vals.get("res_model", attachment.res_model)
        res_id = vals.get("res_id", attachment.res_id)
        if res_model != LINE_MODEL or not res_id:
            return self.env[LINE_MODEL]
        line = self.env[LINE_MODEL].browse(res_id)
        return line if line.sudo().exists() else self.env[LINE_MODEL]

    @api.model
    def _iki_file_bytes(self, vals):
        """The content given by ``raw``, ``db_datas`` or ``datas`` (base64) in ``vals``."""
        for fname in ("raw", "db_datas"):
            if vals.get(fname) is not None:
                value = vals[fname]
                return value.encode() if isinstance(value, str) else bytes(value or b"")
        return base64.b64decode(vals.get("datas") or b"")
