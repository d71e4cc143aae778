"""Set-based writes for the month close: one SQL statement for any number of rows.

The ORM flushes inserts and updates by 100 rows, so the statements of a close would grow with
the province. These helpers write plain stored columns (no translated, related or computed-on-
write logic) in one statement, then keep the ORM consistent: cache invalidated and dependent
stored fields marked for recomputation (``modified``). :func:`copy_insert` is the raw COPY for
the largest loads (a month of discipline days, sheet lines), whose caller does that itself.
"""

import csv
import io

from odoo.tools import SQL


def _values_sql(cr, fields, rows):
    template = "(" + ", ".join(f"%s::{field.column_type[1]}" for field in fields) + ")"
    return ",".join(cr.mogrify(template, row).decode() for row in rows)


def bulk_update(model, values_by_id):
    """Write ``{record_id: {field: value}}`` with one UPDATE per distinct set of fields."""
    if not values_by_id:
        return
    env, cr = model.env, model.env.cr
    fnames = sorted({fname for vals in values_by_id.values() for fname in vals})
    model.flush_model(fnames)
    groups = {}
    for record_id, vals in values_by_id.items():
        groups.setdefault(tuple(sorted(vals)), []).append((record_id, vals))
    id_field = model._fields["id"]
    for cols, items in groups.items():
        fields = [model._fields[c] for c in cols]
        rows = [
            [record_id] + [f.convert_to_column(vals[f.name], model) for f in fields]
            for record_id, vals in items
        ]
        values = _values_sql(cr, [id_field, *fields], rows)
        assignments = ", ".join(f'"{c}" = v."{c}"' for c in cols)
        names = ", ".join(f'"{c}"' for c in cols)
        cr.execute(
            f'UPDATE "{model._table}" AS t SET {assignments}, "write_uid" = %s, '
            "\"write_date\" = (now() at time zone 'UTC') "
            f"FROM (VALUES {values.replace('%', '%%')}) AS v(id, {names}) "
            "WHERE t.id = v.id",
            [env.uid],
        )
    records = model.browse(list(values_by_id))
    records.invalidate_recordset(fnames)
    records.modified(fnames)


def bulk_insert(model, vals_list):
    """Insert plain rows with one INSERT; return the new records.

    Every stored column the model needs (related ones included) must be in ``vals_list``:
    no default, compute or ``create`` override runs.
    """
    if not vals_list:
        return model.browse()
    env, cr = model.env, model.env.cr
    cols = sorted({fname for vals in vals_list for fname in vals})
    fields = [model._fields[c] for c in cols]
    rows = [[f.convert_to_column(vals.get(f.name), model) for f in fields] for vals in vals_list]
    values = _values_sql(cr, fields, rows)
    names = ", ".join(f'"{c}"' for c in cols)
    cr.execute(
        f'INSERT INTO "{model._table}" ({names}, "create_uid", "create_date", "write_uid", '
        '"write_date") '
        f"SELECT v.*, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC' "
        f"FROM (VALUES {values.replace('%', '%%')}) AS v({names}) RETURNING id",
        [env.uid, env.uid],
    )
    records = model.browse([row[0] for row in cr.fetchall()])
    records.modified(cols, create=True)
    return records


def copy_insert(cr, table, columns, rows):
    """Insert ``rows`` (tuples in ``columns`` order, None for NULL) into ``table`` with one
    COPY and return their new ids, in order. For the facts of a whole month (hundreds of
    thousands of rows), where ``create()`` and even ``INSERT ... VALUES`` take minutes. The
    caller checks the rights, flushes before and invalidates the cache after; ``table`` and
    ``columns`` are identifiers of the calling model, never user input."""
    if not rows:
        return []
    cr.execute(SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"{table}_id_seq", len(rows)))
    ids = [row[0] for row in cr.fetchall()]
    buffer = io.StringIO()
    # CSV: the csv module formats in C; an unquoted empty field is NULL.
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerows((row_id, *row) for row_id, row in zip(ids, rows, strict=True))
    buffer.seek(0)
    cr.copy_expert(
        f"COPY {table} (id, {', '.join(columns)}) FROM STDIN "
        "WITH (FORMAT csv, DELIMITER E'\\t', NULL '')",
        buffer,
    )
    return ids
