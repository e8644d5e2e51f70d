"""Cheap checks on a file's bytes before any PDF parser sees it.

``triage_file`` reads at most the header and scans for one PDF object; it never
parses. It raises :class:`~kpo.errors.ExtractionError` with the reason code of
the first problem found (``unreadable``, ``empty``, ``too_large``, ``not_pdf``).
Messages carry sizes and at most a few magic bytes, never document content.
"""

from __future__ import annotations

import mmap
import os
import re

from kpo.errors import Errors, ExtractionError, ReasonCode
from kpo.settings import Limits

HEADER_WINDOW = 1024  # the PDF spec allows junk before %PDF; readers look this far
MAGIC_BYTES = 8  # how much of a non-PDF file's start a message may show
_PDF_MAGIC = b"%PDF"
_OBJECT_RE = re.compile(rb"\d+[ \t\r\n\f\x00]+\d+[ \t\r\n\f\x00]+obj\b")
_MB = 1024 * 1024


def triage_file(path: str, limits: Limits) -> None:
    """Raise ExtractionError if ``path`` is not worth giving to a PDF parser."""
    size = _file_size(path)
    if size == 0:
        raise ExtractionError(ReasonCode.EMPTY, Errors.E303)
    if size > limits.max_file_mb * _MB:
        message = Errors.E306.format(size_mb=size / _MB, limit_mb=limits.max_file_mb)
        raise ExtractionError(ReasonCode.TOO_LARGE, message)
    _check_pdf_structure(path)


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError as exc:
        raise ExtractionError(ReasonCode.UNREADABLE, Errors.E313.format(why=_os_why(exc))) from exc


def _os_why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _check_pdf_structure(path: str) -> None:
    try:
        with (
            open(path, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m,
        ):
            header = m[:HEADER_WINDOW]
            found = _PDF_MAGIC in header and _OBJECT_RE.search(m) is not None
    except OSError as exc:
        raise ExtractionError(ReasonCode.UNREADABLE, Errors.E313.format(why=_os_why(exc))) from exc
    if not found:
        raise ExtractionError(ReasonCode.NOT_PDF, Errors.E302.format(magic=header[:MAGIC_BYTES]))
