"""Text preprocessing of the document-type classifier.

``normalize_text`` lowercases, maps digits to ``0``, puts right-to-left runs in one
canonical order (PDFs give Hebrew or Arabic text in either order), folds white space,
keeps the first words and appends script-independent layout cue words
(``layout_cues``: digit share, short lines, label lines, words per line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

DEFAULT_MAX_WORDS = 4000
_DIGITS = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_RTL_RUN = re.compile(r"[\u0590-\u05ff\u0600-\u06ff]+")
_LETTER = re.compile(r"[^\W\d_]")
_LABEL_LINE = re.compile(r"[:_\u2610\u2611\u25a1\uf06f\uf071\uf0a8]|\.\.\.\.|__")


def canonical_rtl(text: str) -> str:
    """Right-to-left runs in one canonical order: PDFs give them either way round."""
    return _RTL_RUN.sub(lambda m: min(m.group(0), m.group(0)[::-1]), text)


def bucket(name: str, value: float, edges: Sequence[float]) -> str:
    return f"zz{name}{sum(value >= e for e in edges)}"


def layout_cues(text: str) -> str:
    """Script-independent cue words: digit share, short lines, label lines, line length.

    Forms are many short lines with labels, colons, blanks and check boxes; prose is
    long lines of letters. The cues are words like ``zzshort3`` that the word n-gram
    block learns like any other word.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    letters = len(_LETTER.findall(text))
    digits = len(_DIGITS.findall(text))
    words = [len(line.split()) for line in lines]
    short = sum(w <= 3 for w in words) / len(lines)
    labels = sum(bool(_LABEL_LINE.search(line)) for line in lines) / len(lines)
    cues = (
        bucket("digit", digits / max(1, letters + digits), (0.05, 0.1, 0.2, 0.35)),
        bucket("short", short, (0.2, 0.35, 0.5, 0.7)),
        bucket("label", labels, (0.05, 0.15, 0.3, 0.5)),
        bucket("linewords", sum(words) / len(lines), (3, 6, 9, 12)),
    )
    return " ".join(cues)


def normalize_text(text: str, max_words: int = DEFAULT_MAX_WORDS) -> str:
    """Lowercase, digits to ``0``, RTL runs canonical, white space folded, cue words added.

    Keeps the first ``max_words`` words, then appends ``layout_cues`` of the raw text.
    """
    folded = canonical_rtl(_DIGITS.sub("0", text.lower()))
    words = _SPACE.sub(" ", folded).strip().split(" ")
    return " ".join(words[:max_words]) + " " + layout_cues(text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
