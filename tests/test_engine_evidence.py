"""Database-free tests of the evidence file checks of the iki_performance engine: the type read
from the content (magic bytes), checked against the extension and the evidence rules.

Run with ``.venv/bin/python -m pytest -q -p no:odoo tests/test_engine_evidence.py``.
"""

import io
import zipfile

import pytest
from engine_loader import load_engine
from hypothesis import given
from hypothesis import strategies as st

load_engine("iki_performance")
from iki_performance_engine_standalone import evidence as ev  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"


def zip_bytes(names):
    """A ZIP archive holding one small entry per name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = zip_bytes(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
XLSX = zip_bytes(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"])
PPTX = zip_bytes(["[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml"])
SAMPLES = {
    ev.KIND_PDF: PDF,
    ev.KIND_JPEG: JPEG,
    ev.KIND_PNG: PNG,
    ev.KIND_DOCX: DOCX,
    ev.KIND_XLSX: XLSX,
    ev.KIND_PPTX: PPTX,
    ev.KIND_OLE: OLE,
}


def starts_with_magic(data, kind):
    """Whether ``data`` opens with the signature of ``kind`` (the ZIP one for OOXML)."""
    magic = ev.ZIP_MAGIC if kind in ev.OOXML_KINDS else ev.MAGIC[kind]
    return data.startswith(magic)


# -- Detection -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ev.KINDS)
def test_each_kind_detected_from_its_content(kind):
    assert ev.detect_kind(SAMPLES[kind]) == kind


@pytest.mark.parametrize("data", [b"", EXE, HTML, b"%PDF", b"\xff\xd8", b"PK\x03\x04garbage"])
def test_other_content_not_detected(data):
    assert ev.detect_kind(data) is None


def test_plain_zip_is_not_an_office_document():
    assert ev.detect_kind(zip_bytes(["word/document.xml"])) is None  # no [Content_Types].xml
    assert ev.detect_kind(zip_bytes(["[Content_Types].xml", "readme.txt"])) is None


def test_zip_naming_two_applications_is_not_detected():
    mixed = zip_bytes(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml"])
    assert ev.detect_kind(mixed) is None


@given(st.binary(max_size=256))
def test_random_bytes_never_detected_without_the_magic(data):
    kind = ev.detect_kind(data)
    if kind is not None:
        assert starts_with_magic(data, kind)
    if not any(starts_with_magic(data, k) for k in ev.KINDS):
        assert kind is None


@given(st.sampled_from(sorted(ev.MAGIC)), st.binary(max_size=256))
def test_magic_followed_by_anything_is_detected(kind, tail):
    assert ev.detect_kind(ev.MAGIC[kind] + tail) == kind


@given(st.binary(max_size=256))
def test_zip_magic_with_random_bytes_never_crashes(tail):
    # Random bytes after the ZIP signature are not an archive with an Office layout.
    assert ev.detect_kind(ev.ZIP_MAGIC + tail) in (None, *ev.OOXML_KINDS)


# -- Names and rules -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, extension",
    [("bukti.PDF", "pdf"), ("a.b.jpeg", "jpeg"), ("noext", ""), (None, ""), (".pdf", "")],
)
def test_extension_of(name, extension):
    assert ev.extension_of(name) == extension


def test_parse_and_unknown_file_types():
    assert ev.parse_file_types(" pdf, .JPG ,,xlsx ") == {"pdf", "jpg", "xlsx"}
    assert ev.parse_file_types(False) == frozenset()
    assert ev.unknown_file_types("exe, pdf, html") == ["exe", "html"]
    assert ev.unknown_file_types(",".join(ev.EVIDENCE_EXTENSIONS)) == []


# -- check_file ------------------------------------------------------------------------------------
@pytest.mark.parametrize("extension", ev.EVIDENCE_EXTENSIONS)
def test_every_evidence_extension_accepted_with_its_content(extension):
    data = SAMPLES[ev.EXTENSION_KINDS[extension]]
    assert ev.check_file(f"bukti.{extension}", data) is None
    assert ev.check_file(f"BUKTI.{extension.upper()}", data, {extension}) is None


def test_exe_renamed_pdf_refused():
    problem = ev.check_file("laporan.pdf", EXE, {"pdf"})
    assert problem == ev.FileProblem(ev.PROBLEM_UNRECOGNISED, "pdf")


def test_content_of_another_type_refused():
    problem = ev.check_file("foto.jpg", PNG, {"jpg", "png"})
    assert problem == ev.FileProblem(ev.PROBLEM_MISMATCH, "jpg", ev.KIND_PNG)
    problem = ev.check_file("rekap.xlsx", DOCX)
    assert problem == ev.FileProblem(ev.PROBLEM_MISMATCH, "xlsx", ev.KIND_DOCX)


def test_type_not_allowed_refused_before_reading_the_content():
    problem = ev.check_file("laporan.docx", DOCX, {"pdf", "jpg"})
    assert problem == ev.FileProblem(ev.PROBLEM_TYPE_NOT_ALLOWED, "docx")


@pytest.mark.parametrize("name", ["script.exe", "halaman.html", "tanpa-ekstensi"])
def test_unknown_type_refused_even_when_allowed(name):
    allowed = {ev.extension_of(name)} if ev.extension_of(name) else set()
    problem = ev.check_file(name, PDF, allowed)
    assert problem is not None
    assert problem.code == ev.PROBLEM_UNKNOWN_TYPE


def test_size_limit():
    limit = 0.01 * 1024 * 1024  # 10485.76 bytes
    at_limit = PDF + b"0" * (int(limit) - len(PDF))
    assert ev.check_file("pas.pdf", at_limit, max_bytes=limit) is None
    problem = ev.check_file("besar.pdf", at_limit + b"0", max_bytes=limit)
    assert problem == ev.FileProblem(ev.PROBLEM_TOO_LARGE, "pdf", ev.KIND_PDF)
    assert ev.check_file("besar.pdf", at_limit * 10, max_bytes=0) is None  # 0: no limit


@given(
    st.sampled_from(ev.EVIDENCE_EXTENSIONS),
    st.binary(max_size=256),
    st.sets(st.sampled_from(ev.EVIDENCE_EXTENSIONS)),
)
def test_accepted_file_is_of_an_allowed_type_and_holds_it(extension, data, allowed):
    if ev.check_file(f"bukti.{extension}", data, allowed) is None:
        assert not allowed or extension in allowed
        assert ev.detect_kind(data) == ev.EXTENSION_KINDS[extension]
        assert starts_with_magic(data, ev.EXTENSION_KINDS[extension])
