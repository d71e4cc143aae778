"""Evidence files (bukti dukung) of the demo: small but real PDF, XLSX, PNG or text files,
named after the indicator (``laporan_surveilans_gizi_2026_03.pdf``). Plain Python, no ORM."""

import hashlib
import io
import re
import struct
import zlib

from .story import LEVEL_UNITS

MONTH_NAMES = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
# Leading words of an indicator name that say how it is measured, not what is produced.
MEASURE_WORDS = {"jumlah", "persentase", "indeks", "nilai", "rata", "tingkat", "angka", "cakupan"}
STEM_PREFIX = {"orang": "daftar", "kegiatan": "laporan", "hari": "rekap", "temuan": "rekap"}
EVIDENCE_KINDS = ("pdf", "xlsx", "png", "txt", "csv")
# A fixed creation date inside the workbooks: the same evidence gives the same bytes.
FILE_DATE_ISO = "2000-01-01T00:00:00"


def slug(text):
    return "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_")


def evidence_stem(name, code, unit):
    """``laporan_surveilans_gizi`` from "Jumlah laporan surveilans gizi yang disusun"."""
    words = re.findall(r"[a-z0-9]+", (name or "").lower())
    if "yang" in words:
        words = words[: words.index("yang")]
    while words and words[0] in MEASURE_WORDS:
        words = words[1:]
    words = words[:4] or [slug(code or "bukti")]
    prefix = STEM_PREFIX.get(unit) or ("rekap" if unit in LEVEL_UNITS else None)
    if prefix and words[0] not in ("laporan", "daftar", "dokumen", "rekap", "data"):
        words = [prefix, *words]
    return "_".join(words)


def evidence_extension(file_types, note):
    """The file type the evidence note asks for, among the allowed ``file_types`` (a comma
    separated list; empty: any); None when the demo can produce none of them."""
    allowed = [t.strip().lower().lstrip(".") for t in (file_types or "").split(",") if t.strip()]
    note = (note or "").upper()
    wanted = ["xlsx", "pdf"] if "XLSX" in note and "PDF" not in note else ["pdf", "xlsx"]
    for kind in wanted + list(EVIDENCE_KINDS):
        if not allowed or kind in allowed:
            return kind
    return None


def render(kind, title, rows, items, unit):
    """The bytes of one evidence file of ``kind`` showing ``title`` and ``rows``; a workbook
    also lists ``items`` numbered outputs of ``unit``."""
    if kind == "pdf":
        return pdf_file(title, rows)
    if kind == "xlsx":
        table = [("No.", "Uraian", "Keterangan")] + [
            (n, f"{unit.capitalize()} {n}", "Selesai") for n in range(1, items + 1)
        ]
        return xlsx_file(title, rows, table)
    if kind == "png":
        return png_file("|".join(rows))
    return ("\n".join([title, *rows]) + "\n").encode()


def pdf_file(title, rows):
    """A one-page PDF showing ``title`` and ``rows`` (plain Helvetica)."""

    def text(value):
        value = str(value).encode("latin-1", "replace").decode("latin-1")
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 14 Tf", "56 780 Td", "18 TL", f"({text(title)}) Tj", "/F1 10 Tf", "T*"]
    ops += [f"T* ({text(row)}) Tj" for row in rows]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def xlsx_file(title, rows, table):
    """A workbook with the header ``rows`` and a ``table`` (list of rows, first the header)."""
    import datetime

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": title, "created": datetime.datetime.fromisoformat(FILE_DATE_ISO)})
    sheet = book.add_worksheet("Rekap")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, title, bold)
    for number, row in enumerate(rows, start=2):
        sheet.write(number, 0, row)
    start = len(rows) + 3
    for number, row in enumerate(table):
        sheet.write_row(start + number, 0, row, bold if number == 0 else None)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 3, 40)
    book.close()
    return buffer.getvalue()


def png_file(seed_text):
    """A small PNG (a 'photo' placeholder) whose shade depends on ``seed_text``."""
    shade = int(hashlib.sha1(seed_text.encode()).hexdigest()[:2], 16)
    width = height = 32
    raw = b"".join(b"\x00" + bytes([shade, shade, 200]) * width for _row in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
