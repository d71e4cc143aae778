"""The one place of the IKI addons that writes with SQL instead of the ORM.

Reading with SQL is fine anywhere (one query instead of a search per record). Writing is not:
every write that bypasses ``create()`` / ``write()`` goes through this module, and only where
the ORM's cost was measured to matter at the size of a province: the month close (the results
of every appraisal and appraisal line), the discipline days, the Tukin sheets and their lines.
There the ORM inserts and updates 100 rows a statement and takes minutes; these helpers take
one statement whatever the number of rows.

Statements are composed with :class:`odoo.tools.SQL`: table and column names through
``SQL.identifier``, values always as parameters, never formatted into the code. After writing,
each helper does what the ORM would have done with the rows: the cache of the written fields is
invalidated (:func:`bulk_update` also marks the stored fields that depend on them for
recomputation) and the model's Python constraints (``@api.constrains``) run on what was
written; PostgreSQL checks the SQL constraints itself. What the caller still does: check the
access rights and record rules, open the workflow guard of the model if its action code writes
protected fields, log in the chatter what must be tracked. Only plain stored columns are
written (no translated, company-dependent or inverse fields).
"""

import csv
import io

from odoo.tools import SQL

# How copy_insert writes NULL (COPY's text marker): distinct from an empty string.
COPY_NULL = "\\N"


def _plain_fields(model, fnames):
    """The fields ``fnames`` of ``model``, refused unless each is a plain stored column."""
    fields = [model._fields[fname] for fname in fnames]
    for field in fields:
        if not field.column_type or field.translate or field.company_dependent:
            raise ValueError(f"{field} is not a plain stored column: write it with the ORM")
    return fields


def _unnest(alias, fields, columns):
    """``unnest(ARRAY[...], ...) AS alias(...)``: the rows to write, one array per column, each
    cast to the column's type (one parameter per column whatever the number of rows)."""
    return SQL(
        "unnest(%s) AS %s(%s)",
        SQL(", ").join(
            SQL("%s::%s[]", column, SQL.identifier(field.column_type[0]))
            for field, column in zip(fields, columns, strict=True)
        ),
        SQL.identifier(alias),
        SQL(", ").join(SQL.identifier(field.name) for field in fields),
    )


def _update_sql(model, fields, items):
    """One UPDATE of the ``fields`` of the records of ``items`` (``[(id, vals)]``)."""
    columns = [
        [field.convert_to_column(vals[field.name], model) for _record_id, vals in items]
        for field in fields
    ]
    return SQL(
        "UPDATE %(table)s AS t SET %(assignments)s, write_uid = %(uid)s, write_date = %(now)s "
        "FROM %(rows)s WHERE t.id = v.id",
        table=SQL.identifier(model._table),
        assignments=SQL(", ").join(
            SQL("%s = %s", SQL.identifier(field.name), SQL.identifier("v", field.name))
            for field in fields
        ),
        uid=model.env.uid,
        now=model.env.cr.now(),
        rows=_unnest(
            "v",
            [model._fields["id"], *fields],
            [[record_id for record_id, _vals in items], *columns],
        ),
    )


def bulk_update(model, values_by_id):
    """Write ``{record_id: {field: value}}`` (values in the ``write()`` format) with one UPDATE
    per distinct set of fields, then invalidate, mark dependents and run the constraints."""
    if not values_by_id:
        return
    fnames = sorted({fname for vals in values_by_id.values() for fname in vals})
    field_of = dict(zip(fnames, _plain_fields(model, fnames), strict=True))
    model.flush_model(fnames)
    groups = {}
    for record_id, vals in values_by_id.items():
        groups.setdefault(tuple(sorted(vals)), []).append((record_id, vals))
    for group_fnames, items in groups.items():
        fields = [field_of[fname] for fname in group_fnames]
        model.env.cr.execute(_update_sql(model, fields, items))
    records = model.browse(list(values_by_id))
    records.invalidate_recordset(fnames)
    records.modified(fnames)
    records._validate_fields(fnames)


def copy_insert(model, columns, rows):
    """Insert ``rows`` (tuples in ``columns`` order, None for NULL, values as stored) into the
    table of ``model`` with one COPY, run the model's constraints on them and return the new
    records, in order.

    For the facts of a whole month (hundreds of thousands of rows), where ``create()`` and even
    ``INSERT ... VALUES`` take minutes. The caller checks the rights, gives every column the
    model needs (no default or compute runs), flushes before and invalidates after what it
    read of the table.
    """
    if not rows:
        return model.browse()
    fields = _plain_fields(model, columns)
    cr = model.env.cr
    cr.execute(
        SQL("SELECT nextval(%s) FROM generate_series(1, %s)", model._table + "_id_seq", len(rows))
    )
    ids = [row[0] for row in cr.fetchall()]
    buffer = io.StringIO()
    # CSV: the csv module formats in C. NULL is written \N, so that an empty string stays an
    # empty string as the ORM stores it (the csv module writes None and "" alike).
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerows(
        (row_id, *(COPY_NULL if value is None else value for value in row))
        for row_id, row in zip(ids, rows, strict=True)
    )
    buffer.seek(0)
    copy = SQL(
        "COPY %s (%s) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t', NULL '\\N')",
        SQL.identifier(model._table),
        SQL(", ").join(SQL.identifier(field.name) for field in [model._fields["id"], *fields]),
    )
    # COPY takes no parameters: the statement is identifiers and constants only.
    cr.copy_expert(copy.code, buffer)
    records = model.browse(ids)
    records._validate_fields(columns)
    return records
