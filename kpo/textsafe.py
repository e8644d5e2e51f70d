"""Text that every store accepts: valid UTF-8, no control characters, escaped file names.

pdfium returns characters outside the Basic Multilingual Plane (mathematical
alphanumeric symbols, emoji) as UTF-16 surrogate pairs, and a PDF's text layer can
hold lone surrogates and control characters. Parquet, SQLite, PostgreSQL, a web page
and a log all refuse or garble such strings, so they are mended where text enters
kpo (the extractors) and checked again where it leaves (rows, review items).

A file name that is not valid UTF-8 reaches Python with ``surrogateescape``
surrogates (PEP 383); it is shown in its escaped form (``\\xff``) with a flag, and
the original string stays usable to open the file.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
# C0 controls except tab, newline and carriage return; DEL and the C1 controls; surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` as valid UTF-8: surrogate pairs joined, lone surrogates and controls replaced.

    Replacement is U+FFFD, so a reader sees that something was there. Text that needs
    no mending is returned as it is (the common case costs one regex scan).
    """
    if not _UNSAFE.search(text):
        return text
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _UNSAFE.sub(REPLACEMENT, text)


def clean_optional(text: str | None) -> str | None:
    """``clean_text`` for a value that may be None."""
    return None if text is None else clean_text(text)


def escape_path(path: str) -> tuple[str, bool]:
    """A path as valid UTF-8 text, and whether it had to be escaped.

    Bytes that are not UTF-8 appear as ``\\xNN``; the result is for rows, the review
    queue and messages, never for opening the file (use the original string).
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogateescape" if _only_escapes(path) else "surrogatepass")
        return raw.decode("utf-8", "backslashreplace"), True
    return path, False


def _only_escapes(path: str) -> bool:
    """Whether every surrogate in ``path`` is one of PEP 383's escapes (U+DC80..U+DCFF)."""
    return all("\udc80" <= ch <= "\udcff" for ch in _SURROGATE.findall(path))
