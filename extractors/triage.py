"""Cheap checks on a file's bytes before any PDF parser sees it.

``triage_file`` reads at most the header and scans for one PDF object; it never
parses. It raises :class:`~kpo.errors.ExtractionError` with the reason code of
the first problem found (``not_regular_file``, ``unreadable``, ``empty``,
``too_large``, ``not_pdf``). A path that is not a regular file (a named pipe, a
device) is refused from ``stat`` alone, never opened. A ZIP archive is refused as
``not_pdf`` even when it holds PDFs (a stored one shows ``%PDF`` in its first bytes):
kpo does not open archives. Messages carry sizes and at most a few magic bytes,
never document content.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
from typing import BinaryIO

from kpo.errors import Errors, ExtractionError
from kpo.ingest import file_kind
from kpo.reasons import ReasonCode
from kpo.settings import Limits

HEADER_WINDOW = 1024  # the PDF spec allows junk before %PDF; readers look this far
MAGIC_BYTES = 8  # how much of a non-PDF file's start a message may show
_PDF_MAGIC = b"%PDF"
# a ZIP's first bytes: a local file header, an empty archive's end record, a split archive
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OBJECT_RE = re.compile(rb"\d+[ \t\r\n\f\x00]+\d+[ \t\r\n\f\x00]+obj\b")
_MB = 1024 * 1024


def triage_file(path: str, limits: Limits) -> None:
    """Raise ExtractionError if ``path`` is not worth giving to a PDF parser."""
    try:
        _check_regular(os.stat(path))  # from stat alone: a pipe is never opened
        handle = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb")
    except OSError as exc:
        raise _unreadable(exc) from exc
    with handle:
        size = _check_regular(os.fstat(handle.fileno()))  # no pipe put in its place since
        if size == 0:
            raise ExtractionError(ReasonCode.EMPTY, Errors.E303)
        if size > limits.max_file_mb * _MB:
            message = Errors.E306.format(size_mb=size / _MB, limit_mb=limits.max_file_mb)
            raise ExtractionError(ReasonCode.TOO_LARGE, message)
        _check_pdf_structure(handle)


def _check_regular(info: os.stat_result) -> int:
    """The size of a regular file; NOT_REGULAR for anything else."""
    if not stat.S_ISREG(info.st_mode):
        message = Errors.E320.format(kind=file_kind(info.st_mode))
        raise ExtractionError(ReasonCode.NOT_REGULAR, message)
    return info.st_size


def _unreadable(exc: OSError) -> ExtractionError:
    why = exc.strerror or type(exc).__name__
    return ExtractionError(ReasonCode.UNREADABLE, Errors.E313.format(why=why))


def _check_pdf_structure(handle: BinaryIO) -> None:
    try:
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
            header = m[:HEADER_WINDOW]
            if header.startswith(_ZIP_MAGICS):
                raise ExtractionError(ReasonCode.NOT_PDF, Errors.E321)
            found = _PDF_MAGIC in header and _OBJECT_RE.search(m) is not None
    except OSError as exc:
        raise _unreadable(exc) from exc
    if not found:
        raise ExtractionError(ReasonCode.NOT_PDF, Errors.E302.format(magic=header[:MAGIC_BYTES]))
