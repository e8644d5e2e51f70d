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
from collections.abc import Iterable

REPLACEMENT = "\ufffd"
# C0 controls except tab, newline and carriage return; DEL and the C1 controls; surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_PATH_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# controls that Python's str.split() takes for white space become a space, so that a
# cleaned text splits into the same words; every other one becomes U+FFFD
_SPACES = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")


def is_clean(text: str) -> bool:
    """Whether ``text`` holds no surrogate and no control character (one regex scan)."""
    return _UNSAFE.search(text) is None


def clean_text(text: str) -> str:
    """``text`` as valid UTF-8: surrogate pairs joined, lone surrogates and controls replaced.

    Replacement is U+FFFD, so a reader sees that something was there, except for the
    controls that count as white space (vertical tab, form feed, the separators
    U+001C..U+001F, U+0085), which become a space. Tab, newline and carriage return
    stay. Text that needs no mending is returned as it is (one regex scan).
    """
    if _UNSAFE.search(text) is None:
        return text
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _UNSAFE.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    return " " if match.group() in _SPACES else REPLACEMENT


def clean_optional(text: str | None) -> str | None:
    """``clean_text`` for a value that may be None."""
    return None if text is None else clean_text(text)


def all_clean(texts: Iterable[str]) -> bool:
    """Whether every string of ``texts`` is clean, in one regex scan of them all."""
    return _UNSAFE.search("\n".join(texts)) is None


def escape_path(path: str) -> tuple[str, bool]:
    """A path as valid UTF-8 text on one line, and whether it had to be escaped.

    Bytes that are not UTF-8 appear as ``\\xNN``, and so do control characters (a
    newline or an escape sequence in a file name would break a log line or a
    terminal); the result is for rows, the review queue and messages, never for
    opening the file (use the original string).
    """
    if _PATH_UNSAFE.search(path) is None:
        return path, False
    raw = path.encode("utf-8", "surrogateescape" if _only_escapes(path) else "surrogatepass")
    text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(_escaped_control, text), True


def _escaped_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def _only_escapes(path: str) -> bool:
    """Whether every surrogate in ``path`` is one of PEP 383's escapes (U+DC80..U+DCFF)."""
    return all("\udc80" <= ch <= "\udcff" for ch in _SURROGATE.findall(path))
