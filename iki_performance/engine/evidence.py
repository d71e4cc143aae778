"""Evidence files (bukti dukung): the file type read from the content, checked against the name
and the evidence rules of an indicator line.

A file is recognised by its first bytes (its "magic"), never by its name alone: PDF, JPEG, PNG,
the Office Open XML documents (a ZIP archive whose entries name the application) and the
legacy Office documents (an OLE compound file). Its extension must name the type found in the
content, be one of the allowed types, and the file must not exceed the size limit.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass

# -- Kinds of content ------------------------------------------------------------------------------
KIND_PDF = "pdf"
KIND_JPEG = "jpeg"
KIND_PNG = "png"
KIND_DOCX = "docx"
KIND_XLSX = "xlsx"
KIND_PPTX = "pptx"
KIND_OLE = "ole"  # legacy Office: doc, xls and ppt share the same container
KINDS = (KIND_PDF, KIND_JPEG, KIND_PNG, KIND_DOCX, KIND_XLSX, KIND_PPTX, KIND_OLE)
# The signatures that open a file of each kind; the OOXML kinds are ZIP archives.
MAGIC = {
    KIND_PDF: b"%PDF-",
    KIND_JPEG: b"\xff\xd8\xff",
    KIND_PNG: b"\x89PNG\r\n\x1a\n",
    KIND_OLE: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
}
ZIP_MAGIC = b"PK\x03\x04"
OOXML_CONTENT_TYPES = "[Content_Types].xml"
# The folder of the main part of each Office Open XML kind.
OOXML_FOLDERS = {KIND_DOCX: "word/", KIND_XLSX: "xl/", KIND_PPTX: "ppt/"}
OOXML_KINDS = tuple(OOXML_FOLDERS)

# -- Extensions ------------------------------------------------------------------------------------
# Every extension an evidence file may have, and the kind of content it must hold.
EXTENSION_KINDS = {
    "pdf": KIND_PDF,
    "jpg": KIND_JPEG,
    "jpeg": KIND_JPEG,
    "png": KIND_PNG,
    "docx": KIND_DOCX,
    "xlsx": KIND_XLSX,
    "pptx": KIND_PPTX,
    "doc": KIND_OLE,
    "xls": KIND_OLE,
    "ppt": KIND_OLE,
}
EVIDENCE_EXTENSIONS = tuple(EXTENSION_KINDS)

# -- Problems found by :func:`check_file` ----------------------------------------------------------
PROBLEM_TYPE_NOT_ALLOWED = "type_not_allowed"  # the extension is not among the allowed types
PROBLEM_UNKNOWN_TYPE = "unknown_type"  # the extension names no evidence type
PROBLEM_UNRECOGNISED = "unrecognised"  # the content is none of the evidence kinds
PROBLEM_MISMATCH = "mismatch"  # the content is of another kind than the extension says
PROBLEM_TOO_LARGE = "too_large"
PROBLEMS = (
    PROBLEM_TYPE_NOT_ALLOWED,
    PROBLEM_UNKNOWN_TYPE,
    PROBLEM_UNRECOGNISED,
    PROBLEM_MISMATCH,
    PROBLEM_TOO_LARGE,
)


@dataclass(frozen=True)
class FileProblem:
    """Why a file is refused: ``code`` (one of :data:`PROBLEMS`), the ``extension`` of its
    name and the ``kind`` found in its content (``None`` when unrecognised or not read)."""

    code: str
    extension: str
    kind: str | None = None


def _ooxml_kind(data: bytes) -> str | None:
    """The Office Open XML kind of a ZIP archive, from the names of its entries only (nothing
    is decompressed), or ``None``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return None
    if OOXML_CONTENT_TYPES not in names:
        return None
    found = [
        kind
        for kind, folder in OOXML_FOLDERS.items()
        if any(name.startswith(folder) for name in names)
    ]
    return found[0] if len(found) == 1 else None


def detect_kind(data: bytes) -> str | None:
    """Return the kind of ``data`` (one of :data:`KINDS`) read from its first bytes, or
    ``None`` when it is none of them."""
    if not isinstance(data, bytes):
        data = bytes(data or b"")
    for kind, magic in MAGIC.items():
        if data.startswith(magic):
            return kind
    if data.startswith(ZIP_MAGIC):
        return _ooxml_kind(data)
    return None


def extension_of(name: str | None) -> str:
    """The extension of a file name, lower case and without the dot ('' when none)."""
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def parse_file_types(text: str | None) -> frozenset[str]:
    """The allowed types of a comma-separated list (``"pdf, .JPG"`` -> ``{"pdf", "jpg"}``)."""
    return frozenset(
        part.strip().lower().lstrip(".") for part in (text or "").split(",") if part.strip()
    )


def unknown_file_types(text: str | None) -> list[str]:
    """The types of a comma-separated list that are not evidence types, sorted."""
    return sorted(parse_file_types(text) - set(EXTENSION_KINDS))


def check_file(
    name: str | None,
    data: bytes,
    file_types: frozenset[str] | set[str] = frozenset(),
    max_bytes: float = 0,
) -> FileProblem | None:
    """Check one evidence file; return the first problem found, or ``None``.

    ``file_types``: the allowed extensions (empty: every evidence type); ``max_bytes``: the size
    limit (0: none). The extension must be allowed and name an evidence type, the content must
    be of that type, and the file no larger than the limit.
    """
    extension = extension_of(name)
    if file_types and extension not in file_types:
        return FileProblem(PROBLEM_TYPE_NOT_ALLOWED, extension)
    expected = EXTENSION_KINDS.get(extension)
    if expected is None:
        return FileProblem(PROBLEM_UNKNOWN_TYPE, extension)
    kind = detect_kind(data)
    if kind is None:
        return FileProblem(PROBLEM_UNRECOGNISED, extension)
    if kind != expected:
        return FileProblem(PROBLEM_MISMATCH, extension, kind)
    if max_bytes and len(data or b"") > max_bytes:
        return FileProblem(PROBLEM_TOO_LARGE, extension, kind)
    return None
