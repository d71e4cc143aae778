from odoo import models


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
