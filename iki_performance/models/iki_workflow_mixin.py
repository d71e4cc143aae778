from psycopg2 import errors as pg_errors

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class IkiWorkflowMixin(models.AbstractModel):
    """Buttons of the submit / approve / return state machines (plans, monthly and annual
    appraisals): each public action calls the model's private ``_action_*``, which re-checks
    state and rights on the server."""

    _name = "iki.workflow.mixin"
    _description = "IKI Submit / Approve / Return Workflow"

    def _state_label(self):
        """The translated label of the record's state."""
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

    def action_submit(self):
        self._action_submit()
        return True

    def action_approve(self):
        self._action_approve()
        return True

    def action_return(self):
        self._action_return()
        return True

    # ------------------------------------------------------------------
    # Rights and locks shared by the appraisals (monthly and annual)
    # ------------------------------------------------------------------
    def _iki_is_hr(self):
        return self.env.user.has_group("iki_performance.group_iki_hr_officer")

    def _iki_is_own_or_admin(self):
        """The employee's own record, or one of an agency the user administers."""
        self.ensure_one()
        user = self.env.user
        return self.employee_id.user_id == user or (
            user.has_group("iki_performance.group_iki_agency_admin")
            and self.agency_id in user.iki_agency_ids
        )

    def _iki_check_appraiser(self, what):
        """Only the appraiser resolved today (direct supervisor, acting official or delegate)
        or HR act as appraiser; pending items follow the post when the org chart changes."""
        if self._iki_is_hr():
            return
        today = fields.Date.context_today(self)
        resolved = self.employee_id._iki_get_appraisers(today)
        user = self.env.user
        for record in self:
            appraiser = resolved[record.employee_id.id][0]
            if appraiser.user_id != user:
                raise AccessError(record._iki_not_appraiser_message(what, appraiser))

    def _iki_not_appraiser_message(self, what, appraiser):
        raise NotImplementedError

    def _iki_lock(self):
        """Lock the rows against a concurrent decision; the loser gets a clear error."""
        if not self:
            return
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                )
            )
        except pg_errors.LockNotAvailable as err:
            raise UserError(self._iki_busy_message()) from err
        self.invalidate_recordset(["state"])

    def _iki_busy_message(self):
        raise NotImplementedError

    def _iki_create_activities(self, activity_type, entries):
        """Create automated activities of type ``activity_type`` (an XML id) on records of this
        model, in one batch. ``entries``: ``(record, user, values)`` with the activity's
        ``summary``, ``date_deadline``, ``note``...; entries without a user are skipped."""
        type_id = self.env.ref(activity_type).id
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": type_id,
                    "automated": True,
                    "user_id": user.id,
                    **values,
                }
                for record, user, values in entries
                if user
            ]
        )
