"""Repair a damaged PDF with qpdf (through pikepdf) before calling it corrupt.

Files cut short in transit, or whose cross-reference table points to the wrong
places, are the commonest damage. pdfium refuses many of them; qpdf's recovery
scans the file for its objects and rebuilds the table, so the pages before the
damage can still be read. The repaired copy lives in memory only; the caller
reports the document as repaired (some content may be missing).
"""

from __future__ import annotations

import io
import logging

import pikepdf

from kpo.textsafe import escape_path

_log = logging.getLogger(__name__)


def repaired_pdf(path: str) -> bytes | None:
    """The file rewritten by qpdf's recovery, or None when qpdf cannot recover it either.

    The file is opened here, not by pikepdf, which cannot take a name that is not UTF-8.
    """
    shown = escape_path(path)[0]
    try:
        with open(path, "rb") as raw, pikepdf.open(raw, attempt_recovery=True) as pdf:
            if len(pdf.pages) == 0:
                return None
            out = io.BytesIO()
            pdf.save(out)
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, OSError) as exc:
        _log.info("qpdf could not repair %s (%s)", shown, type(exc).__name__)
        return None
    return out.getvalue()
