import contextlib
import contextvars

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import SQL

# The models whose own action code is running in this thread (see ``_iki_workflow``). A context
# variable, not an environment context key: a client can send any context key, it cannot reach
# a Python variable.
_WORKFLOW_MODELS = contextvars.ContextVar("iki_workflow_models", default=frozenset())
# Context keys a client could send to silence the chatter of a guarded record.
SILENCING_KEYS = (
    "tracking_disable",
    "mail_notrack",
    "mail_create_nolog",
    "mail_auto_subscribe_no_notify",
)
# Fields every user may write whatever the record's state (mail.thread's bookkeeping).
FREE_FIELDS = frozenset({"message_main_attachment_id"})


class IkiWorkflowMixin(models.AbstractModel):
    """The one guard of every workflow record, and the submit / approve / return buttons.

    Each model declares:

    * ``_iki_protected_fields``: fields (states, results, snapshots, links set by the workflow)
      that only the model's own action code writes; a create may give them their initial value
      (``_iki_initial_values``) or leave them empty;
    * ``_iki_workflow_only``: True when the records are created, written and deleted by the
      workflow alone (explanation lines, results of a close, discipline facts);
      ``_iki_workflow_creates``: True when they are only created by it (appraisal lines);
    * ``_iki_transitions``: ``{state: {next states}}``, the only moves of ``state``, checked for
      every write whoever writes (the action code included);
    * ``_iki_state_path``: where the record's state is read (``state`` or a parent's, e.g.
      ``appraisal_id.state``);
    * ``_iki_frozen_states``: states in which nothing but ``FREE_FIELDS`` changes outside the
      action code, and ``_iki_undeletable_states``: states in which the record is never deleted.

    The action code opens the guard for its own models with ``with self._iki_workflow():``. Nothing
    a client sends (context keys, fields, ids) opens it, and ``sudo()`` does not either: server
    code that must write protected fields says so with ``_iki_workflow``. Whatever path writes a
    guarded record, a client's context cannot switch its chatter tracking off.
    """

    _name = "iki.workflow.mixin"
    _description = "IKI Workflow Guard"

    _iki_protected_fields = frozenset()
    _iki_initial_values = {}
    _iki_workflow_only = False
    _iki_workflow_creates = False
    _iki_transitions = {}
    _iki_state_path = "state"
    _iki_frozen_states = ()
    _iki_undeletable_states = ()

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------
    @contextlib.contextmanager
    def _iki_workflow(self, *model_names):
        """Open the guard of this model (and of ``model_names``) for the enclosed action code."""
        token = _WORKFLOW_MODELS.set(_WORKFLOW_MODELS.get() | {self._name, *model_names})
        try:
            yield self
        finally:
            _WORKFLOW_MODELS.reset(token)

    @api.model
    def _iki_protected(self):
        """The fields only the action code writes (``_iki_protected_fields`` by default)."""
        return self._iki_protected_fields

    def _iki_in_workflow(self):
        return self._name in _WORKFLOW_MODELS.get()

    def _iki_without_silencing(self):
        """``self`` with the client's chatter-silencing context keys removed (outside the action
        code, which decides itself how it logs)."""
        if self._iki_in_workflow() or not any(self.env.context.get(k) for k in SILENCING_KEYS):
            return self
        return self.with_context(**dict.fromkeys(SILENCING_KEYS, False))

    def _iki_record_states(self):
        """``{record id: state}`` read along ``_iki_state_path``."""
        states = {}
        for record in self:
            value = record
            for name in self._iki_state_path.split("."):
                value = value[name]
            states[record.id] = value
        return states

    def _iki_guard_message(self, fnames):
        return self.env._(
            "%(model)s %(name)s: the fields %(fields)s are set by its workflow actions only and "
            "cannot be written directly.",
            model=self._description,
            name=self[:1].display_name or "",
            fields=", ".join(self._iki_field_labels(fnames)),
        )

    def _iki_field_labels(self, fnames):
        return sorted(
            self._fields[f]._description_string(self.env) if f in self._fields else f
            for f in fnames
        )

    @api.model
    def _iki_guard_create(self, vals_list):
        if self._iki_in_workflow():
            return
        if self._iki_workflow_only or self._iki_workflow_creates:
            raise AccessError(
                self.env._(
                    "%(model)s records are created by the workflow only.", model=self._description
                )
            )
        protected = self._iki_protected()
        for vals in vals_list:
            forced = {
                fname
                for fname in protected & set(vals)
                if vals[fname] not in (False, None, self._iki_initial_values.get(fname))
            }
            if forced:
                raise AccessError(self._iki_guard_message(forced))

    def _iki_guard_write(self, vals):
        """Refuse, before anything is written, what only the action code may change; check the
        state moves for every writer."""
        fnames = set(vals) - FREE_FIELDS
        if not self or not fnames:
            return
        if not self._iki_in_workflow():
            if self._iki_workflow_only:
                raise AccessError(self._iki_guard_message(fnames))
            forced = fnames & self._iki_protected()
            if forced:
                raise AccessError(self._iki_guard_message(forced))
            self._iki_check_not_frozen(fnames)
        if "state" in vals and "state" in self._iki_transitions_fields():
            self._iki_check_transition(vals["state"])

    def _iki_transitions_fields(self):
        return {"state"} if self._iki_transitions and self._iki_state_path == "state" else set()

    def _iki_check_transition(self, new_state):
        """States move only along ``_iki_transitions``."""
        for record in self:
            if record.state == new_state:
                continue
            if new_state not in self._iki_transitions.get(record.state, ()):
                raise UserError(
                    self.env._(
                        "%(model)s %(name)s cannot go from %(old)s to %(new)s.",
                        model=self._description,
                        name=record.display_name,
                        old=record._state_label(),
                        new=dict(self._fields["state"]._description_selection(self.env)).get(
                            new_state, new_state
                        ),
                    )
                )

    def _iki_check_not_frozen(self, fnames):
        if not self._iki_frozen_states:
            return
        states = self._iki_record_states()
        frozen = self.filtered(lambda r: states[r.id] in self._iki_frozen_states)
        if frozen:
            raise UserError(self._iki_frozen_message(frozen[0], fnames))

    def _iki_frozen_message(self, record, fnames):
        return self.env._(
            "%(model)s %(name)s is frozen in its current status (%(state)s): %(fields)s cannot "
            "change.",
            model=self._description,
            name=record.display_name,
            state=record._iki_state_label_of(),
            fields=", ".join(self._iki_field_labels(fnames)),
        )

    def _iki_state_label_of(self):
        """Translated label of the state the record's guard reads (its own or its parent's)."""
        self.ensure_one()
        path = self._iki_state_path.split(".")
        holder = self
        for name in path[:-1]:
            holder = holder[name]
        field = holder._fields[path[-1]]
        return dict(field._description_selection(self.env)).get(holder[path[-1]])

    @api.ondelete(at_uninstall=False)
    def _iki_unlink_guard(self):
        if self._iki_in_workflow():
            return
        if self._iki_workflow_only:
            raise AccessError(
                self.env._(
                    "%(model)s records are deleted by the workflow only.", model=self._description
                )
            )
        if not self._iki_undeletable_states:
            return
        states = self._iki_record_states()
        kept = self.filtered(lambda r: states[r.id] in self._iki_undeletable_states)
        if kept:
            raise UserError(
                self.env._(
                    "%(model)s %(name)s is %(state)s and cannot be deleted.",
                    model=self._description,
                    name=kept[0].display_name,
                    state=kept[0]._iki_state_label_of(),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._iki_guard_create(vals_list)
        return super(IkiWorkflowMixin, self._iki_without_silencing()).create(vals_list)

    def write(self, vals):
        self._iki_guard_write(vals)
        user_write = not self._iki_in_workflow()
        if user_write:
            self._iki_check_user_write(vals)
        res = super(IkiWorkflowMixin, self._iki_without_silencing()).write(vals)
        if user_write and not self.env.su:
            # The record rules hold for the result too: nobody moves a record out of his
            # reach (e.g. an agency administrator into another agency).
            self.check_access("write")
        return res

    def _iki_check_user_write(self, vals):
        """Who may write what outside the action code (the model's roles), called after the
        guard: by default nothing more."""

    def unlink(self):
        # ``module_uninstall`` in the context skips every ``@api.ondelete(at_uninstall=False)``
        # guard; a client can send it, a real uninstall runs as superuser.
        records = self
        if self.env.context.get("module_uninstall") and not self.env.su:
            records = self.with_context(module_uninstall=False)
        return super(IkiWorkflowMixin, records).unlink()

    def _iki_workflow_write(self, vals, track=True):
        """Write protected fields from the action code (the caller checked state and rights),
        tracked in the chatter whatever the context says, unless the caller logs the change
        itself (``track=False``, e.g. in one batch)."""
        silence = dict.fromkeys(SILENCING_KEYS, False) if track else {"tracking_disable": True}
        with self._iki_workflow():
            return self.sudo().with_context(**silence).write(vals)

    # ------------------------------------------------------------------
    # Batch tracking: the chatter of writes that bypass the ORM's tracking
    # ------------------------------------------------------------------
    def _iki_log_tracking(self, old_values, new_values, bodies=None):
        """Log on each record's chatter the changes of its tracked fields, as the field
        tracking shows them, in one batch of messages and one of tracking values.

        ``old_values`` / ``new_values``: ``{record id: {field: value}}`` (values as stored:
        selection keys, numbers, record ids). ``bodies``: optional ``{record id: text}``.
        Return the records logged.
        """
        tracked = {
            fname for fname, field in self._fields.items() if getattr(field, "tracking", None)
        }
        changes = {}
        for rid, new in new_values.items():
            old = old_values.get(rid, {})
            fnames = [
                f
                for f in sorted(new)
                if f in tracked and (old.get(f) or False) != (new[f] or False)
            ]
            if fnames or (bodies and rid in bodies):
                changes[rid] = fnames
        if not changes:
            return self.browse()
        records = self.browse(list(changes))
        col_info = self.fields_get(
            list(tracked), attributes=("string", "type", "selection", "currency_field")
        )
        messages = records._message_log_batch({rid: (bodies or {}).get(rid, "") for rid in changes})
        Tracking = self.env["mail.tracking.value"].sudo()
        vals_list = []
        for message, rid in zip(messages, changes, strict=True):
            record = self.browse(rid)
            for fname in changes[rid]:
                old, new = old_values.get(rid, {}).get(fname), new_values[rid][fname]
                field = self._fields[fname]
                if field.type == "many2one":
                    old, new = (
                        self.env[field.comodel_name].browse(old or []),
                        self.env[field.comodel_name].browse(new or []),
                    )
                values = Tracking._create_tracking_values(
                    old or False, new or False, fname, col_info[fname], record
                )
                if values:
                    vals_list.append(dict(values, mail_message_id=message.id))
        Tracking.create(vals_list)
        self._iki_tracking_logged(changes, new_values)
        return records

    def _iki_tracking_logged(self, changes, new_values):
        """Tell mail.thread's pending tracking of this transaction (initial values taken by an
        earlier ORM write) that these changes are logged, so that the commit does not log them
        a second time."""
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        for rid, fnames in changes.items():
            initial = pending.get(rid)
            if not initial:
                continue
            for fname in fnames:
                if fname in initial:
                    field = self._fields[fname]
                    value = new_values[rid][fname]
                    if field.type == "many2one":
                        value = self.env[field.comodel_name].browse(value or [])
                    initial[fname] = value

    # ------------------------------------------------------------------
    # Batch tracking of ORM writes
    # ------------------------------------------------------------------
    def _message_track(self, fields_iter, initial_values_dict):
        """mail.thread's tracking, with the log messages of many appraisals and their tracking
        values created in two batches: mail.thread creates them with two queries per record,
        thousands when a province is approved or closed. Same messages; a change with a
        subtype (none by default) is posted the usual way."""
        if len(self) < 2 or not fields_iter:
            return super()._message_track(fields_iter, initial_values_dict)
        tracked_fields = self.fields_get(
            fields_iter, attributes=("string", "type", "selection", "currency_field")
        )
        tracking = {}
        for record in self:
            try:
                tracking[record.id] = record._mail_track(
                    tracked_fields, initial_values_dict[record.id]
                )
            except MissingError:
                continue
        data = self.env.cr.precommit.data
        bodies = data.pop(f"mail.tracking.message.{self._name}", {})
        authors = data.pop(f"mail.tracking.author.{self._name}", {})
        to_log = {}  # author id -> [(record, body, tracking value commands)]
        for record in self:
            changes, tracking_value_ids = tracking.get(record.id, (None, None))
            if not changes:
                continue
            subtype = record._track_subtype(
                {name: initial_values_dict[record.id][name] for name in changes}
            )
            author_id = authors[record.id].id if record.id in authors else None
            if record.id in bodies:
                body = bodies[record.id]
            else:
                body = record._track_get_default_log_message(changes)
            if subtype:
                if subtype.exists():
                    record.message_post(
                        body=body,
                        author_id=author_id,
                        subtype_id=subtype.id,
                        tracking_value_ids=tracking_value_ids,
                    )
            elif tracking_value_ids:
                to_log.setdefault(author_id, []).append((record, body, tracking_value_ids))
        for author_id, items in to_log.items():
            records = self.browse([record.id for record, _body, _commands in items])
            messages = records._message_log_batch(
                {record.id: body for record, body, _commands in items}, author_id=author_id
            )
            self.env["mail.tracking.value"].sudo().create(
                [
                    dict(command[2], mail_message_id=message.id)
                    for message, (_record, _body, commands) in zip(messages, items)
                    for command in commands
                ]
            )
        return tracking

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
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

    def action_reopen_for_correction_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen for Correction"),
            "res_model": "iki.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_ids": str(self.ids)},
        }

    def _action_reopen_for_correction(self, reason):
        """Approved -> submitted, so that the appraiser corrects and approves again: by the
        appraiser or HR (never on his own record), with a reason logged on each record, while
        the model allows it (``_iki_check_correctable``)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening for correction."))
        self._iki_lock()
        self._iki_check_reopenable()
        self._iki_workflow_write(
            {"state": "submitted", "approved_date": False, "approved_by_id": False}
        )
        self._message_log_batch(
            dict.fromkeys(
                self.ids,
                self.env._(
                    "Reopened for correction by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
            )
        )
        self._iki_schedule_review()

    def _iki_check_reopenable(self):
        """Approved, correctable (``_iki_check_correctable``), by its appraiser or HR."""
        for record in self:
            if record.state != "approved":
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: only an approved record is reopened for "
                        "correction.",
                        name=record.display_name,
                        state=record._state_label(),
                    )
                )
        self._iki_check_correctable()
        self._iki_check_appraiser(self.env._("reopen"))

    def _iki_check_correctable(self):
        """Hook: refuse a correction the model does not allow (e.g. a closed month)."""

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

    def _iki_check_not_own(self, what):
        """Nobody decides on his own record, HR and administrators included."""
        user = self.env.user
        own = self.filtered(lambda r: r.employee_id.user_id == user)
        if own and not self.env.su:
            raise AccessError(
                self.env._(
                    "You cannot %(what)s %(name)s: nobody decides on his own record.",
                    what=what,
                    name=own[0].display_name,
                )
            )

    def _iki_check_appraiser(self, what):
        """Only the appraiser resolved today (direct supervisor, acting official or delegate)
        or HR act as appraiser, never on their own record; pending items follow the post when
        the org chart changes."""
        self._iki_check_not_own(what)
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
