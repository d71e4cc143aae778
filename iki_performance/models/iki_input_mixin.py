from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools.input_checks import (
    DATE_MAX,
    DATE_MIN,
    INT_MAX,
    INT_MIN,
    NUL,
    PROBLEM_DATE,
    PROBLEM_DATE_RANGE,
    PROBLEM_DATETIME,
    PROBLEM_INTEGER,
    PROBLEM_INTEGER_RANGE,
    PROBLEM_NOT_FINITE,
    PROBLEM_NUL,
    PROBLEM_NUMBER,
    value_problem,
)


class IkiInputMixin(models.AbstractModel):
    """Bad input refused where it enters, naming the record and the field, with nothing written.

    Inherited by every model of the IKI addons. ``create`` and ``write`` check each value a
    client sends against the type of its field (``tools.input_checks``) *before* the ORM
    converts, caches or inserts it: a NUL character in any text, an impossible or far-off date,
    a non-numeric, infinite or NaN number, an integer PostgreSQL cannot hold. Left to the ORM,
    these fail later with a raw ``ValueError`` or a psycopg2 error that names nobody (a NUL or
    an impossible date only at the INSERT or the flush, after other records were written),
    or are stored (infinity) and break the month close. ``_iki_check_year_window`` is the shared
    constraint of the ``year`` fields (plans, months, annual evaluations, indicators).
    """

    _name = "iki.input.mixin"
    _description = "IKI Input Checks"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._iki_check_input(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._iki_check_input(vals)
        return super().write(vals)

    def _iki_check_input(self, vals):
        """Raise a ``ValidationError`` for the first value of ``vals`` its field cannot take."""
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None:
                continue
            problem = value_problem(field.type, value)
            if problem:
                raise ValidationError(self._iki_input_message(problem, field, value, vals))

    def _iki_input_record_name(self, vals):
        """The records written (``self``), or the name given to a record being created."""
        if self:
            return ", ".join(r.display_name or f"#{r.id}" for r in self[:3])
        name = vals.get("name")
        if isinstance(name, str) and name.strip() and NUL not in name:
            return name
        return self.env._("(new)")

    def _iki_input_message(self, problem, field, value, vals):
        where = {
            "model": self._description,
            "record": self._iki_input_record_name(vals),
            "field": field._description_string(self.env),
            "value": str(value)[:40],
        }
        messages = {
            PROBLEM_NUL: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: the text contains a NUL character "
                "(code 0), which cannot be stored. Remove it and try again.",
                **where,
            ),
            PROBLEM_DATE: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: %(value)s is not a valid date; use "
                "the format YYYY-MM-DD (e.g. 2025-03-31).",
                **where,
            ),
            PROBLEM_DATETIME: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: %(value)s is not a valid date and "
                "time; use the format YYYY-MM-DD HH:MM:SS.",
                **where,
            ),
            PROBLEM_DATE_RANGE: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: the date %(value)s lies outside the "
                "years %(min)s to %(max)s.",
                min=DATE_MIN.year,
                max=DATE_MAX.year,
                **where,
            ),
            PROBLEM_NUMBER: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: %(value)s is not a number; use digits "
                "with a '.' decimal point (e.g. 12.5).",
                **where,
            ),
            PROBLEM_NOT_FINITE: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: %(value)s is not a finite number.",
                **where,
            ),
            PROBLEM_INTEGER: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: %(value)s is not a whole number.",
                **where,
            ),
            PROBLEM_INTEGER_RANGE: lambda: self.env._(
                "%(model)s %(record)s, field %(field)s: %(value)s lies outside %(min)s to %(max)s.",
                min=INT_MIN,
                max=INT_MAX,
                **where,
            ),
        }
        return messages[problem]()

    def _iki_check_year_window(self, fname="year"):
        """Refuse the records of ``self`` whose ``fname`` lies outside the years the rule set
        in force today for their company allows (``iki.rule.set._iki_year_window``)."""
        RuleSet = self.env["iki.rule.set"]
        windows = {}
        for record in self:
            company = record.company_id if "company_id" in record._fields else self.env.company
            if company.id not in windows:
                windows[company.id] = RuleSet._iki_year_window(company)
            first, last = windows[company.id]
            if not first <= record[fname] <= last:
                raise ValidationError(
                    self.env._(
                        "%(model)s %(record)s, field %(field)s: the year %(year)s lies outside "
                        "the years %(first)s to %(last)s that the rule set in force allows.",
                        model=self._description,
                        record=record.display_name or self.env._("(new)"),
                        field=self._fields[fname]._description_string(self.env),
                        year=record[fname],
                        first=first,
                        last=last,
                    )
                )
