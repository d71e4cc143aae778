"""NIP (Nomor Induk Pegawai) structure: 18 digits.

YYYYMMDD (birth date) + YYYYMM (appointment month) + sex digit (1 male, 2 female) + 3-digit serial.
"""

import datetime
from dataclasses import dataclass

NIP_LENGTH = 18
# Only these count as digits: str.isdigit() also accepts Arabic-Indic, fullwidth and other
# Unicode digits, which int() would silently read as 0-9.
ASCII_DIGITS = frozenset("0123456789")
SEX_MALE = "1"
SEX_FEMALE = "2"


@dataclass(frozen=True)
class ParsedNip:
    birth_date: datetime.date
    appointment_year: int
    appointment_month: int
    sex: str  # "1" male, "2" female
    serial: str


class NipError(ValueError):
    """A NIP that does not follow the structure; ``code`` names the rule broken."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def parse_nip(nip):
    """Parse and validate a NIP string. Return a ``ParsedNip``; raise ``NipError``.

    Spaces are ignored; anything else but the ASCII digits 0-9 is refused (code ``digits``)
    before the length is checked (code ``format``).
    """
    value = (nip or "").replace(" ", "")
    if not set(value) <= ASCII_DIGITS:
        raise NipError("digits", "a NIP holds only the digits 0-9")
    if len(value) != NIP_LENGTH:
        raise NipError("format", "a NIP has exactly 18 digits")
    try:
        birth = datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError as exc:
        raise NipError("birth_date", "digits 1-8 are not a valid birth date") from exc
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12:
        raise NipError("appointment", "digits 9-14 are not a valid appointment month")
    if (year, month) <= (birth.year, birth.month):
        raise NipError("appointment", "the appointment month is not after the birth date")
    sex = value[14]
    if sex not in (SEX_MALE, SEX_FEMALE):
        raise NipError("sex", "digit 15 (sex) must be 1 (male) or 2 (female)")
    serial = value[15:18]
    if serial == "000":
        raise NipError("serial", "the serial (digits 16-18) cannot be 000")
    return ParsedNip(birth, year, month, sex, serial)


def make_nip(birth_date, appointment_year, appointment_month, sex, serial):
    """Build a NIP from its parts (used by the demo and synthetic data generators)."""
    return "%s%04d%02d%s%03d" % (
        birth_date.strftime("%Y%m%d"),
        appointment_year,
        appointment_month,
        sex,
        serial,
    )
