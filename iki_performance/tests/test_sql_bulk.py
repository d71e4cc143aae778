"""The set-based writes of ``tools.sql_bulk`` behave as the ORM's writes do for what they write:
values stored as given, dependent stored fields recomputed, the model's constraints run (a
refused value raises, and nothing of it stays once the transaction rolls back), fields that
are not plain stored columns refused before anything is written."""

import datetime

from odoo.exceptions import ValidationError

from ..tools.sql_bulk import bulk_update, copy_insert
from .common import TODAY, IkiCommon

MODEL = "iki.appraiser.assignment"
# The columns a COPY of an assignment needs (no default or compute runs).
COLUMNS = (
    "name",
    "kind",
    "appraiser_id",
    "replaced_employee_id",
    "date_from",
    "date_to",
    "reason",
    "company_id",
    "active",
)


class TestSqlBulk(IkiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Assignment = cls.env[MODEL]
        cls.plt = cls.Assignment.create(
            {
                "kind": "plt",
                "appraiser_id": cls.div_head.id,
                "replaced_employee_id": cls.sec_head.id,
                "date_from": TODAY,
                "reason": "Cuti besar",
            }
        )
        cls.plh = cls.Assignment.create(
            {
                "kind": "plh",
                "appraiser_id": cls.head_a.id,
                "replaced_employee_id": cls.div_head.id,
                "date_from": TODAY,
                "reason": "Dinas luar",
            }
        )

    def _row(self, date_to):
        return (
            "Plt copied",
            "plt",
            self.head_a.id,
            self.sec2_head.id,
            TODAY,
            date_to,
            "Tugas belajar",
            self.company.id,
            True,
        )

    def test_bulk_update_writes_each_set_of_fields_and_recomputes_the_name(self):
        date_to = TODAY + datetime.timedelta(days=30)
        bulk_update(
            self.Assignment,
            {
                self.plt.id: {"appraiser_id": self.head_a.id},
                self.plh.id: {"date_to": date_to},
            },
        )
        self.assertEqual(self.plt.appraiser_id, self.head_a)
        self.assertEqual(self.plh.date_to, date_to)
        # ``name`` is a stored compute of ``appraiser_id``: marked and recomputed.
        self.assertIn(self.head_a.name, self.plt.name)
        self.env.invalidate_all()
        self.assertEqual(self.Assignment.search([("id", "=", self.plt.id)]).name, self.plt.name)

    def test_bulk_update_runs_the_constraints_of_what_it_wrote(self):
        before = self.plh.date_to
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            bulk_update(
                self.Assignment, {self.plh.id: {"date_to": TODAY - datetime.timedelta(days=1)}}
            )
        self.env.invalidate_all()
        self.assertEqual(self.plh.date_to, before)

    def test_bulk_update_refuses_a_field_that_is_not_a_plain_column(self):
        with self.assertRaisesRegex(ValueError, r"\.employee_ids is not a plain stored column"):
            bulk_update(self.Assignment, {self.plt.id: {"employee_ids": [self.staff_1.id]}})
        self.env.invalidate_all()
        self.assertFalse(self.plt.employee_ids)

    def test_copy_insert_returns_the_new_records_in_order(self):
        date_to = TODAY + datetime.timedelta(days=10)
        records = copy_insert(self.Assignment, COLUMNS, [self._row(date_to), self._row(None)])
        self.assertEqual(len(records), 2)
        self.assertEqual(records.mapped("date_to"), [date_to, False])
        self.assertEqual(records.appraiser_id, self.head_a)
        self.assertEqual(records.replaced_employee_id, self.sec2_head)

    def test_copy_insert_runs_the_constraints_of_what_it_wrote(self):
        count = self.Assignment.search_count([])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            copy_insert(self.Assignment, COLUMNS, [self._row(TODAY - datetime.timedelta(days=1))])
        self.env.invalidate_all()
        self.assertEqual(self.Assignment.search_count([]), count)
