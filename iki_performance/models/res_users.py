from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    iki_agency_ids = fields.Many2many(
        "hr.department",
        "iki_res_users_agency_rel",
        "user_id",
        "department_id",
        string="Administered Agencies (OPD)",
        domain=[("iki_is_agency", "=", True)],
        help="Agencies whose indicators and plans this agency administrator manages.",
    )

    @api.model
    def _iki_sync_appraiser_group(self):
        """Grant the derived appraiser group to exactly the users who appraise somebody today.

        Appraisers are the supervisors (``parent_id``) of active employees and the acting
        officials of assignments in force. Two grouped reads and one diff write.
        """
        group = self.env.ref("iki_performance.group_iki_appraiser", raise_if_not_found=False)
        if not group:
            return
        Employee = self.env["hr.employee"].sudo().with_context(active_test=True)
        supervisor_ids = {
            parent.id
            for [parent] in Employee._read_group([("parent_id", "!=", False)], ["parent_id"])
        }
        today = fields.Date.context_today(self)
        assignments = (
            self.env["iki.appraiser.assignment"]
            .sudo()
            ._iki_active_on(today, self.env["res.company"].sudo().search([]).ids)  # pylint: disable=no-search-all
        )
        supervisor_ids |= set(assignments.appraiser_id.ids)
        users = Employee.browse(supervisor_ids).user_id.filtered(lambda u: not u.share)
        current = group.sudo().users
        to_add, to_remove = users - current, current - users
        if to_add or to_remove:
            group.sudo().write(
                {"users": [(4, u.id) for u in to_add] + [(3, u.id) for u in to_remove]}
            )
