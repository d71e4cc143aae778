"""Employees: NIP structure and consistency, ASN ranks, job class, appraiser resolution and the
derived appraiser group."""

import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from ..engine.nip import SEX_FEMALE, SEX_MALE, make_nip, parse_nip
from .common import TODAY, IkiCommon

BIRTH = datetime.date(1985, 3, 12)
# A valid NIP: born 12 March 1985, appointed March 2010, male, serial 7.
VALID_NIP = make_nip(BIRTH, 2010, 3, SEX_MALE, 7)


class TestEmployeeNip(IkiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No birthday nor gender: only the structure of the NIP is checked.
        cls.candidate = cls.env["hr.employee"].create(
            {"name": "Calon Pegawai", "company_id": cls.company.id}
        )

    def test_valid_nip(self):
        self.candidate.iki_nip = VALID_NIP
        parsed = parse_nip(self.candidate.iki_nip)
        self.assertEqual(parsed.birth_date, BIRTH)
        self.assertEqual((parsed.appointment_year, parsed.appointment_month), (2010, 3))
        self.assertEqual(parsed.sex, SEX_MALE)
        self.assertEqual(parsed.serial, "007")
        # The fixture employees all carry valid NIPs matching birthday and gender.
        for employee in (self.head_a, self.sec_head, self.staff_1, self.emp_c2):
            self.assertEqual(parse_nip(employee.iki_nip).birth_date, employee.birthday)

    def test_valid_nip_matching_birthday_and_gender(self):
        employee = self.env["hr.employee"].create(
            {
                "name": "Pegawai Baru",
                "company_id": self.company.id,
                "birthday": BIRTH,
                "gender": "female",
                "iki_nip": make_nip(BIRTH, 2010, 3, SEX_FEMALE, 8),
            }
        )
        self.assertEqual(parse_nip(employee.iki_nip).sex, SEX_FEMALE)

    def test_malformed_nips(self):
        cases = {
            "too short": VALID_NIP[:-1],
            "too long": VALID_NIP + "1",
            "non-digit": VALID_NIP[:-1] + "A",
            "bad birth date (30 February)": "19850230" + VALID_NIP[8:],
            "appointment month 13": VALID_NIP[:12] + "13" + VALID_NIP[14:],
            "appointment month 00": VALID_NIP[:12] + "00" + VALID_NIP[14:],
            "appointment before birth": VALID_NIP[:8] + "198001" + VALID_NIP[14:],
            "appointment in the birth month": VALID_NIP[:8] + "198503" + VALID_NIP[14:],
            "sex digit 3": VALID_NIP[:14] + "3" + VALID_NIP[15:],
            "serial 000": VALID_NIP[:15] + "000",
        }
        for case, nip in cases.items():
            with self.subTest(case=case, nip=nip):
                with self.assertRaises(ValidationError) as caught:
                    self.candidate.write({"iki_nip": nip})
                self.assertIn(self.candidate.name, str(caught.exception))
                self.assertFalse(self.candidate.iki_nip)

    def test_nip_typed_with_spaces(self):
        # People write the NIP in its four groups; it is stored as the 18 digits.
        spaced = " ".join((VALID_NIP[:8], VALID_NIP[8:14], VALID_NIP[14], VALID_NIP[15:]))
        self.candidate.iki_nip = spaced
        self.assertEqual(self.candidate.iki_nip, VALID_NIP)

    def test_malformed_nip_refused_at_create(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["hr.employee"].create(
                {
                    "name": "Pegawai NIP Salah",
                    "company_id": self.company.id,
                    "iki_nip": VALID_NIP[:15] + "000",
                }
            )
        self.assertIn("Pegawai NIP Salah", str(caught.exception))

    def test_nip_birthday_mismatch(self):
        with self.assertRaises(ValidationError) as caught:
            self.staff_1.birthday = self.staff_1.birthday + datetime.timedelta(days=1)
        self.assertIn(self.staff_1.name, str(caught.exception))

    def test_nip_gender_mismatch(self):
        self.assertEqual(self.staff_1.gender, "male")
        with self.assertRaises(ValidationError) as caught:
            self.staff_1.gender = "female"
        self.assertIn(self.staff_1.name, str(caught.exception))
        # "other" states no sex: nothing to compare.
        self.staff_1.gender = "other"
        self.assertEqual(self.staff_1.gender, "other")

    def test_nip_unique_per_company(self):
        twin = {
            "name": "Kembaran",
            "birthday": self.staff_1.birthday,
            "gender": self.staff_1.gender,
            "iki_nip": self.staff_1.iki_nip,
        }
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["hr.employee"].create(dict(twin, company_id=self.company.id))
        # The same NIP typed with spaces is the same NIP.
        spaced = " ".join((twin["iki_nip"][:8], twin["iki_nip"][8:]))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["hr.employee"].create(dict(twin, company_id=self.company.id, iki_nip=spaced))
        # Another company keeps its own register.
        other = self.env["hr.employee"].create(dict(twin, company_id=self.company_2.id))
        self.assertEqual(other.iki_nip, self.staff_1.iki_nip)

    def test_job_class_range(self):
        for job_class in (1, 17):
            self.staff_2.iki_job_class = job_class
            self.env.flush_all()
            self.assertEqual(self.staff_2.iki_job_class, job_class)
        # 0 is what the form sends for an empty integer: "no job class yet".
        self.staff_2.iki_job_class = 0
        self.env.flush_all()
        for job_class in (18, -1):
            with (
                self.subTest(job_class=job_class),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
            ):
                self.staff_2.iki_job_class = job_class
                self.env.flush_all()

    def test_rank_matches_asn_status(self):
        self.staff_2.write({"iki_asn_status": "pns", "iki_rank": "III/a"})
        self.staff_2.write({"iki_asn_status": "pppk", "iki_rank": "pppk_IX"})
        self.assertEqual(self.staff_2.iki_rank, "pppk_IX")
        with self.assertRaises(ValidationError) as caught:
            self.staff_2.write({"iki_rank": "III/b"})
        self.assertIn(self.staff_2.name, str(caught.exception))
        self.staff_2.write({"iki_asn_status": "cpns", "iki_rank": "II/a"})
        with self.assertRaises(ValidationError):
            self.staff_2.write({"iki_rank": "pppk_V"})
        with self.assertRaises(ValidationError):
            self.staff_2.write({"iki_asn_status": "pppk"})


class TestAppraiserResolution(IkiCommon):
    def _assignment(self, **vals):
        values = {
            "kind": "plt",
            "date_from": TODAY,
            "reason": "Cuti besar",
            "company_id": self.company.id,
        }
        values.update(vals)
        return self.env["iki.appraiser.assignment"].create(values)

    def _appraisers(self, employee, date=TODAY):
        return employee._iki_get_appraiser(date)

    def test_direct_supervisor_and_their_supervisor(self):
        nobody = self.env["hr.employee"]
        employees = self.staff_1 | self.sec_head | self.div_head | self.head_a
        result = employees._iki_get_appraisers(TODAY)
        self.assertEqual(
            result,
            {
                self.staff_1.id: (self.sec_head, self.div_head),
                self.sec_head.id: (self.div_head, self.head_a),
                self.div_head.id: (self.head_a, nobody),
                self.head_a.id: (nobody, nobody),
            },
        )

    def test_plt_replaces_supervisor_on_a_date_range(self):
        date_from = datetime.date(TODAY.year, 4, 1)
        date_to = datetime.date(TODAY.year, 4, 30)
        self._assignment(
            appraiser_id=self.sec2_head.id,
            replaced_employee_id=self.sec_head.id,
            date_from=date_from,
            date_to=date_to,
        )
        one_day = datetime.timedelta(days=1)
        expected = {
            date_from - one_day: self.sec_head,
            date_from: self.sec2_head,
            datetime.date(TODAY.year, 4, 15): self.sec2_head,
            date_to: self.sec2_head,
            date_to + one_day: self.sec_head,
        }
        for date, appraiser in expected.items():
            with self.subTest(date=date):
                for employee in (self.staff_1, self.staff_2):
                    self.assertEqual(self._appraisers(employee, date), (appraiser, self.div_head))
        # The replaced official keeps their own appraiser.
        self.assertEqual(self._appraisers(self.sec_head, date_from), (self.div_head, self.head_a))

    def test_named_appraisees(self):
        self._assignment(
            kind="delegation",
            appraiser_id=self.div_head.id,
            employee_ids=[(6, 0, self.staff_2.ids)],
        )
        self.assertEqual(self._appraisers(self.staff_2), (self.div_head, self.head_a))
        self.assertEqual(self._appraisers(self.staff_1), (self.sec_head, self.div_head))
        # Named appraisees win over a Plt of their supervisor.
        self._assignment(appraiser_id=self.sec2_head.id, replaced_employee_id=self.sec_head.id)
        self.assertEqual(self._appraisers(self.staff_2), (self.div_head, self.head_a))
        self.assertEqual(self._appraisers(self.staff_1), (self.sec2_head, self.div_head))

    def test_vacant_head_post_by_department(self):
        orphan = self._make_employee("Pelaksana Bidang", self.division)
        orphan_below = self._make_employee("Pelaksana Seksi", self.section)
        nobody = self.env["hr.employee"]
        self.assertEqual(self._appraisers(orphan), (nobody, nobody))
        self._assignment(appraiser_id=self.head_a.id, department_id=self.division.id)
        self.assertEqual(self._appraisers(orphan), (self.head_a, nobody))
        # A unit below the vacant post falls back on the acting head above it.
        self.assertEqual(self._appraisers(orphan_below), (self.head_a, nobody))
        # The acting head does not appraise themselves.
        self.assertEqual(self._appraisers(self.head_a), (nobody, nobody))
        # Employees with a supervisor keep their supervisor.
        self.assertEqual(self._appraisers(self.staff_1), (self.sec_head, self.div_head))

    def test_unit_head_recorded_as_own_manager(self):
        # Odoo makes a unit head his own manager when his contract sets his department: the
        # appraiser is then the head of the nearest unit above who is somebody else.
        self.section.manager_id = self.sec_head
        self.division.manager_id = self.div_head
        self.sec_head.parent_id = self.sec_head
        self.assertEqual(self._appraisers(self.sec_head)[0], self.div_head)
        # Without a manager on the division, the next unit above that has one.
        self.agency_a.manager_id = self.head_a
        self.division.manager_id = False
        self.assertEqual(self._appraisers(self.sec_head)[0], self.head_a)

    def test_appraiser_supervisor_follows_acting_officials(self):
        # The division head is replaced by the agency head: the section head's appraiser, and so
        # the appraiser's supervisor of the section staff, become the agency head.
        nobody = self.env["hr.employee"]
        self._assignment(appraiser_id=self.head_a.id, replaced_employee_id=self.div_head.id)
        self.assertEqual(self._appraisers(self.sec_head), (self.head_a, nobody))
        self.assertEqual(self._appraisers(self.staff_1), (self.sec_head, self.head_a))
        self.assertEqual(self._appraisers(self.div_head), (self.head_a, nobody))

    def test_archived_assignment_ignored(self):
        assignment = self._assignment(
            appraiser_id=self.sec2_head.id, replaced_employee_id=self.sec_head.id
        )
        assignment.active = False
        self.assertEqual(self._appraisers(self.staff_1), (self.sec_head, self.div_head))

    def _count_queries(self, employees):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = employees._iki_get_appraisers(TODAY)
        count = self.env.cr.sql_log_count - before
        self.assertEqual(set(result), set(employees.ids))
        return count

    def test_constant_number_of_queries(self):
        self._assignment(appraiser_id=self.div_head.id, replaced_employee_id=self.sec2_head.id)
        extra = self.env["hr.employee"]
        for index, supervisor in enumerate((self.sec_head, self.sec2_head) * 2):
            extra |= self._make_employee(
                f"Staf Tambahan {index}", supervisor.department_id, supervisor
            )
        two = self.staff_1 | self.staff_3
        six = two | extra
        self.assertEqual(len(six), 2 + 4)
        self.assertEqual(self._count_queries(two), self._count_queries(six))


class TestAppraiserGroup(IkiCommon):
    def _is_appraiser(self, user):
        return user.has_group("iki_performance.group_iki_appraiser")

    def test_fixture_groups(self):
        self.assertTrue(self._is_appraiser(self.user_sec_head))
        self.assertTrue(self._is_appraiser(self.user_sec2_head))
        self.assertFalse(self._is_appraiser(self.user_employee))
        self.assertFalse(self._is_appraiser(self.user_agency_admin))
        self.assertTrue(self.user_employee.has_group("iki_performance.group_iki_employee"))

    def test_new_supervisor_gains_then_loses_the_group(self):
        user = self._new_user("iki_new_boss", "base.group_user")
        boss = self._make_employee("Calon Atasan", self.section, self.sec_head, user_id=user.id)
        self.assertFalse(self._is_appraiser(user))
        report = self._make_employee("Bawahan Baru", self.section, boss)
        self.assertTrue(self._is_appraiser(user))
        self.assertIn(user, self.group_appraiser.users)
        report.parent_id = self.sec_head
        self.assertFalse(self._is_appraiser(user))
        self.assertNotIn(user, self.group_appraiser.users)
        # Still an employee of the application.
        self.assertTrue(user.has_group("iki_performance.group_iki_employee"))

    def test_group_follows_archived_reports(self):
        user = self._new_user("iki_new_boss", "base.group_user")
        boss = self._make_employee("Calon Atasan", self.section, self.sec_head, user_id=user.id)
        report = self._make_employee("Bawahan Baru", self.section, boss)
        self.assertTrue(self._is_appraiser(user))
        report.active = False
        self.assertFalse(self._is_appraiser(user))

    def test_acting_appraiser_gains_then_loses_the_group(self):
        assignment = self.env["iki.appraiser.assignment"].create(
            {
                "kind": "plh",
                "appraiser_id": self.staff_1.id,
                "employee_ids": [(6, 0, self.staff_2.ids)],
                "date_from": TODAY,
                "date_to": TODAY,
                "reason": "Kepala seksi dinas luar",
                "company_id": self.company.id,
            }
        )
        self.assertTrue(self._is_appraiser(self.user_employee))
        assignment.unlink()
        self.assertFalse(self._is_appraiser(self.user_employee))
