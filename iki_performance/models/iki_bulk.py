import contextlib
import logging

from markupsafe import escape

from odoo import api, fields, models
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL, clean_context
from odoo.tools.mail import generate_tracking_message_id

from ..tools.input_checks import value_problem
from ..tools.sql_bulk import bulk_update, copy_insert

# The modules whose overrides of create() / unlink() the set-based paths below reproduce. When
# another installed module overrides them too, the ORM's path runs instead (same result, more
# queries), so that its behaviour is never skipped.
MAIL_MESSAGE_CREATE = ("odoo.addons.mail.models.mail_message", "odoo.models")
MAIL_TRACKING_CREATE = ("odoo.models",)
MAIL_ACTIVITY_UNLINK = ("odoo.addons.mail.models.mail_activity", "odoo.models")
BUS_CREATE = ("odoo.models",)
# Field types whose conversion depends on the value alone (not on the record's other values,
# as amounts do on their currency).
SIMPLE_TYPES = frozenset(
    {"boolean", "char", "date", "datetime", "float", "html", "integer", "many2one", "selection"}
    | {"text"}
)
# Field types whose values are the same in the cache as in their column.
SAME_IN_CACHE = frozenset({"boolean", "char", "float", "integer", "many2one", "selection", "text"})
# The audit log of deletions that BaseModel.unlink() writes.
_unlink_logger = logging.getLogger("odoo.models.unlink")


def _overridden_only_by(model, method, modules):
    """Whether ``method`` of ``model`` is defined by ``modules`` only (in this order)."""
    owners = tuple(cls.__module__ for cls in type(model).__mro__ if method in cls.__dict__)
    return owners == modules


class IkiBulk(models.AbstractModel):
    """What ``create()``, ``write()``, the chatter's batch log and ``activity_unlink()`` do,
    for any number of records in a fixed number of statements.

    The ORM inserts and updates 100 rows a statement and reads 1,000 records a query: opening
    the month of a province (10,000 appraisals, 50,000 lines, 70,000 behaviour rows) or
    approving it took hundreds of statements, growing with the province. Here each step is one
    statement whatever the number of records, written through ``tools.sql_bulk``; each method
    says which part of the ORM's work it does itself and which it leaves to the caller.
    """

    _name = "iki.bulk"
    _description = "IKI Set-based Writes"

    # ------------------------------------------------------------------
    # create()
    # ------------------------------------------------------------------
    @api.model
    def _iki_create(self, model, vals_list):
        """Create records of ``model`` (whose environment is the creating user's) from
        ``vals_list`` as ``create()`` with ``tracking_disable`` does, with one COPY; return
        them in the order of ``vals_list``.

        Done here, as ``create()`` does it: the access rights; the workflow guard and the input
        checks of the IKI mixins on each ``vals``; the defaults of the stored fields a ``vals``
        does not give, the log columns; the stored related fields, followed from the values
        (as superuser, as the ORM computes them); the constraints (``copy_insert``), the record
        rules (one query), the company check; the fields that depend on the new records marked
        for recomputation, the cached one2many of the records they point to invalidated. A
        stored computed field that is not related is taken from ``vals`` when given (the caller
        computes it as its compute method does), else the ORM computes it afterwards.

        Left to the caller: what the model's own ``create()`` override does besides (e.g. the
        open-month check of appraisal lines), x2many values (refused here).
        """
        if not vals_list:
            return model.browse()
        model = model.browse()
        model.check_access("create")
        if hasattr(model, "_iki_guard_create"):
            model._iki_guard_create(vals_list)
        if hasattr(model, "_iki_check_input"):
            self._iki_check_input(model, vals_list)
        stored = {
            name: field
            for name, field in model._fields.items()
            if field.store and field.column_type and name not in ("id", *LOG_ACCESS_COLUMNS)
        }
        given = set().union(*vals_list)
        wrong = sorted(name for name in given if name not in stored or stored[name].related)
        if wrong:
            raise ValueError(f"{model._name}: {wrong} are not plain stored columns to insert")
        defaults = model.default_get(
            [name for name, field in stored.items() if not field.compute and name not in given]
        )
        rows = [dict(defaults, **vals) for vals in vals_list]
        related = [name for name, field in stored.items() if field.related]
        for name in related:
            self._iki_follow_related(model, name, rows)
        columns = sorted(given | set(defaults) | set(related))
        cells = [self._iki_convert(model, name, rows) for name in columns]
        log = dict.fromkeys(("create_uid", "write_uid"), model.env.uid)
        log.update(dict.fromkeys(("create_date", "write_date"), model.env.cr.now()))
        cells += [[value] * len(rows) for value in log.values()]
        model.env.flush_all()
        records = copy_insert(model, [*columns, *log], list(zip(*cells, strict=True)))
        self._iki_created(records, columns, rows, cells, given)
        return records

    @api.model
    def _iki_created(self, records, columns, rows, cells, given):
        """What ``create()`` does once the rows of ``records`` are in: the records in the cache
        with what was inserted (``columns``: the values of ``rows``, ``cells`` as inserted),
        the computed fields not ``given`` left to the ORM, the record rules and the company
        checked, the dependent fields marked for recomputation (not those computed here, as
        ``create()`` protects what it was given), the cached one2many of the records they point
        to invalidated."""
        env = records.env
        for name, column in zip(columns, cells, strict=False):
            field = records._fields[name]
            if field.type not in SAME_IN_CACHE:
                column = self._iki_convert(records, name, rows, cache=True)
            env.cache.insert_missing(records, field, column)
        for name, field in records._fields.items():
            if field.store and field.compute and not field.related and name not in given:
                env.add_to_compute(field, records)
        self._iki_check_created(records)
        computed = [records._fields[name] for name in columns if records._fields[name].compute]
        with env.protecting(computed, records):
            records.modified(columns, create=True)
        for name in columns:
            for inverse in records.pool.field_inverses[records._fields[name]]:
                env[inverse.model_name].invalidate_model([inverse.name])

    @api.model
    def _iki_check_input(self, model, vals_list):
        """The input checks of ``iki.input.mixin`` (``value_problem``) on ``vals_list``, each
        distinct value of a field once; a refused value raises the error ``create()`` gives
        for the first ``vals`` that has it."""
        for name in set().union(*vals_list):
            field = model._fields.get(name)
            if field is None:
                continue
            values = [vals[name] for vals in vals_list if name in vals]
            with contextlib.suppress(TypeError):  # an unhashable value: each one checked
                values = set(values)
            for value in values:
                if value_problem(field.type, value):
                    vals = next(v for v in vals_list if name in v and v[name] is value)
                    model._iki_check_input(vals)  # raises the message of create()

    @api.model
    def _iki_follow_related(self, model, fname, rows):
        """Set ``fname``, a stored related field of ``model``, in each of ``rows`` from the
        row's value of the path's first field, as superuser (as the ORM computes related
        fields), reading each target record once."""
        first, *path = model._fields[fname].related.split(".")
        comodel = model.env[model._fields[first].comodel_name].sudo()
        target_ids = list({row[first] for row in rows if row.get(first)})
        target_field = comodel._fields.get(path[0]) if len(path) == 1 else None
        if target_field and target_field.store and target_field.column_type:
            # One column of one table: read with SQL (the ORM reads 1,000 records a query).
            comodel.flush_model([target_field.name])
            value_of = dict(
                comodel.env.execute_query(
                    SQL(
                        "SELECT id, %s FROM %s WHERE id = ANY(%s)",
                        SQL.identifier(target_field.name),
                        SQL.identifier(comodel._table),
                        target_ids,
                    )
                )
            )
        else:
            value_of = {}
            for target in comodel.browse(target_ids):
                value = target
                for name in path:
                    value = value[name]
                value_of[target.id] = value.id if isinstance(value, models.BaseModel) else value
        for row in rows:
            row[fname] = value_of.get(row.get(first))

    @api.model
    def _iki_convert(self, model, fname, rows, cache=False):
        """The value of field ``fname`` of each of ``rows`` (None where a row has none)
        converted as ``create()`` inserts it (selection values checked, numbers rounded), or
        to the cache format (``cache``); for the simple field types, each distinct value
        once."""
        field = model._fields[fname]
        if cache:

            def convert(value, row):
                return field.convert_to_cache(value, model)

        else:

            def convert(value, row):
                return field.convert_to_column_insert(value, model, row)

        values = [row.get(fname) for row in rows]
        if field.type in SIMPLE_TYPES:  # converted without the other values of the row
            try:
                converted = {value: convert(value, {}) for value in set(values)}
            except TypeError:  # an unhashable value: each converted below
                converted = None
            if converted is not None:
                return [converted[value] for value in values]
        return [convert(value, row) for value, row in zip(values, rows, strict=True)]

    @api.model
    def _iki_check_created(self, records):
        """The record rules on creation of ``records`` in one query (``create()`` reads the
        new records 1,000 at a time to check them), then the company check."""
        if not records.env.su:
            domain = records.env["ir.rule"]._compute_domain(records._name, "create")
            if domain:
                allowed = records.sudo().search_count([("id", "in", records.ids), *domain])
                if allowed != len(records):
                    records.check_access("create")  # the ORM's error, naming the records
        if records._check_company_auto:
            records._check_company()

    # ------------------------------------------------------------------
    # write() of the action code
    # ------------------------------------------------------------------
    @api.model
    def _iki_write(self, records, values_by_id):
        """Write ``{record id: {field: value}}`` on ``records`` (a model of the workflow
        mixin) from its action code, with one UPDATE per distinct set of fields: the guard of
        the workflow mixin (in action code: the declared state moves) and the input checks run
        on each set of values, the constraints and the recomputation of dependent fields in
        ``bulk_update``. Nothing is tracked: the caller logs the change
        (:meth:`_iki_log_tracking`)."""
        if not values_by_id:
            return
        groups = {}
        for record_id, vals in values_by_id.items():
            groups.setdefault(tuple(sorted(vals.items())), []).append(record_id)
        with records._iki_workflow():
            for items, ids in groups.items():
                group = records.browse(ids)
                group._iki_check_input(dict(items))
                group._iki_guard_write(dict(items))
            bulk_update(records.sudo().browse(), values_by_id)

    # ------------------------------------------------------------------
    # The chatter
    # ------------------------------------------------------------------
    @api.model
    def _iki_log_tracking(self, records, old_values, new_values, bodies=None):
        """Log on the chatter of ``records`` (a model of the workflow mixin) the changes of
        their tracked fields, with an optional text, as ``iki.workflow.mixin._iki_log_tracking``
        does, in one INSERT of messages and one of tracking values.

        ``old_values`` / ``new_values``: ``{record id: {field: value as stored}}``;
        ``bodies``: ``{record id: text}``. A record is logged when a tracked field changed or
        it has a text. Return the records logged.
        """
        bodies = bodies or {}
        tracked = {
            name for name, field in records._fields.items() if getattr(field, "tracking", None)
        }
        changes = {}
        for rid in sorted(set(new_values) | set(bodies)):
            old, new = old_values.get(rid, {}), new_values.get(rid, {})
            names = [
                name
                for name in sorted(new)
                if name in tracked and (old.get(name) or False) != (new[name] or False)
            ]
            if names or rid in bodies:
                changes[rid] = names
        if not changes:
            return records.browse()
        logged = records.browse(list(changes))
        messages = self._iki_log_messages(logged, {rid: bodies.get(rid, "") for rid in changes})
        Tracking = self.env["mail.tracking.value"].sudo()
        changed = sorted({f for names in changes.values() for f in names})
        attributes = ("string", "type", "selection", "currency_field")
        col_info = records.fields_get(changed, attributes=attributes) if changed else {}
        vals_list = []
        for message, (rid, names) in zip(messages, changes.items(), strict=True):
            record = records.browse(rid)
            for fname in names:
                old, new = old_values.get(rid, {}).get(fname), new_values[rid][fname]
                field = records._fields[fname]
                if field.type == "many2one":
                    comodel = self.env[field.comodel_name]
                    old, new = comodel.browse(old or []), comodel.browse(new or [])
                values = Tracking._create_tracking_values(
                    old or False, new or False, fname, col_info[fname], record
                )
                if values:
                    vals_list.append(dict(values, mail_message_id=message.id))
        if _overridden_only_by(Tracking, "create", MAIL_TRACKING_CREATE):
            self._iki_create(Tracking, vals_list)
        else:
            Tracking.create(vals_list)
        records._iki_tracking_logged(changes, new_values)
        return logged

    @api.model
    def _iki_log_messages(self, records, bodies):
        """``records._message_log_batch(bodies)`` with one INSERT: the same log notes (the
        current user's, internal, no notification), in the order of ``records``. Return the
        messages (as superuser)."""
        Message = self.env["mail.message"].sudo().with_context(clean_context(self.env.context))
        if not _overridden_only_by(Message, "create", MAIL_MESSAGE_CREATE):
            return records._message_log_batch(bodies)
        author_id, email_from = records._message_compute_author(None, None, raise_on_email=False)
        base = {
            "author_id": author_id,
            "email_from": email_from,
            "model": records._name,
            "record_alias_domain_id": False,
            "record_company_id": False,
            "record_name": False,
            "message_type": "notification",
            "is_internal": True,
            "subject": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_add_signature": False,
            "message_id": generate_tracking_message_id("message-notify"),
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False],
        }
        messages = self._iki_create(
            Message,
            [dict(base, res_id=rid, body=escape(bodies.get(rid, ""))) for rid in records.ids],
        )
        # What mail.message.create does for thread messages.
        records.invalidate_recordset(
            ["message_ids", "message_needaction", "message_needaction_counter"]
        )
        return messages

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------
    @api.model
    def _iki_unlink_activities(self, records, activity_xmlids):
        """``records.activity_unlink(activity_xmlids)`` in a fixed number of statements: one
        search, one read, the users of the due activities told to refresh their counters (as
        ``mail.activity.unlink`` does, one INSERT of bus notifications) and one DELETE
        (:meth:`_iki_delete`)."""
        activities = records.sudo().activity_search(activity_xmlids)
        if not activities:
            return
        if not _overridden_only_by(activities, "unlink", MAIL_ACTIVITY_UNLINK):
            activities.unlink()
            return
        activities.fetch(["res_model", "res_id", "user_id", "activity_type_id", "date_deadline"])
        today = fields.Date.today()
        due = activities.filtered(lambda activity: activity.date_deadline <= today)
        if due:
            due.user_id._bus_send("mail.activity/updated", {"activity_deleted": True})
            self._iki_flush_bus()
        self._iki_delete(activities)

    @api.model
    def _iki_flush_bus(self):
        """Insert the bus notifications queued in this transaction with one COPY (the bus
        creates them at commit, 100 a statement: one per user told about a change); they
        are still sent after the commit, by the bus's own hook."""
        Bus = self.env["bus.bus"].sudo()
        queued = self.env.cr.precommit.data.get("bus.bus.values")
        if queued and _overridden_only_by(Bus, "create", BUS_CREATE):
            values = list(queued)
            queued.clear()
            self._iki_create(Bus, values)

    @api.model
    def _iki_delete(self, records):
        """What ``BaseModel.unlink()`` does, in one DELETE (it deletes 1,000 rows a statement
        and looks for their external ids, attachments and defaults with as many queries): the
        access rights, the ``ondelete`` methods, the dependents marked, the row deletion, then
        the external ids and attachments of the rows removed with the ORM. The caller does what
        the model's own ``unlink()`` override does besides. Models with company-dependent
        many2one fields pointing at them go through ``unlink()``.

        TODO: move into ``tools.sql_bulk`` (``bulk_delete(model, ids)``): sql_bulk has no
        set-based delete yet and is the one module that writes with SQL.
        """
        if not records:
            return
        if records.env.registry.many2one_company_dependents[records._name]:
            records.unlink()
            return
        records.check_access("unlink")
        for method in records._ondelete_methods:
            method(records)
        for field in records._fields.values():
            records.env.remove_to_compute(field, records)
        records.env.flush_all()
        with records.env.protecting(records._fields.values(), records):
            records.modified(records._fields, before=True)
        ids = list(records.ids)
        records.env.cr.execute(
            SQL("DELETE FROM %s WHERE id = ANY(%s)", SQL.identifier(records._table), ids)
        )
        env = records.env
        data = env(context={})["ir.model.data"].sudo()
        data = data.search([("model", "=", records._name), ("res_id", "in", ids)])
        attachments = env.execute_query(
            SQL(
                "SELECT id FROM ir_attachment WHERE res_model = %s AND res_id = ANY(%s)",
                records._name,
                ids,
            )
        )
        attachments = env["ir.attachment"].sudo().browse(row[0] for row in attachments)
        env["ir.default"].sudo().discard_records(records)
        # As unlink(): the whole cache, since the database may have cascaded the deletion.
        env.invalidate_all(flush=False)
        if data:  # (unlink() clears the registry's caches even when there is nothing to delete)
            data.unlink()
        if attachments:
            attachments.unlink()
        _unlink_logger.info(
            "User #%s deleted %s records with IDs: %r", env.uid, records._name, records.ids
        )
