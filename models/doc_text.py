"""Text preprocessing of the document-type classifier.

``normalize_text`` lowercases, maps digits to ``0``, puts right-to-left runs in one
canonical order (PDFs give Hebrew or Arabic text in either order), folds white space,
keeps the first words and appends script-independent layout cue words
(``layout_cues``: digit share, short lines, label lines, words per line, bullet lines,
number lines, words per page).
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
# A bullet opening a line: the glyphs slide and list software print (\uf0b7 and \uf0a7
# are the Symbol and Wingdings bullets of office exports), or a dash or ">" and a space.
_BULLET_LINE = re.compile(
    r"^([\u2022\u25cf\u25aa\u25e6\u2023\u27a2\uf0b7\uf0a7\uf0d8]|[-\u2013>o] )"
)
_NUMBER = re.compile(r"^[-+(]?[$\u20ac\u00a3]?\d[\d,.%)]*$")
EDGES: dict[str, tuple[float, ...]] = {
    "digit": (0.05, 0.1, 0.2, 0.35),  # share of digits among letters and digits
    "short": (0.2, 0.35, 0.5, 0.7),  # share of lines of three words or fewer
    "label": (0.05, 0.15, 0.3, 0.5),  # share of label lines (colons, blanks, boxes)
    "linewords": (3, 6, 9, 12),  # words per line
    "bullet": (0.1, 0.25, 0.5),  # share of lines opened by a bullet
    "numline": (0.1, 0.25, 0.5),  # share of lines that are mostly numbers
    "pagewords": (40, 80, 150, 300),  # words per page
}
# Every cue word ``layout_cues`` can write: ``zz<name><bucket>``, bucket 0 to len(edges).
CUE_WORDS = [f"zz{name}{i}" for name, edges in EDGES.items() for i in range(len(edges) + 1)]
PAGE_BREAK = "\n\n"  # how kpo joins the text of pages (document_text, pdf_text)


def canonical_rtl(text: str) -> str:
    """Right-to-left runs in one canonical order: PDFs give them either way round."""
    return _RTL_RUN.sub(lambda m: min(m.group(0), m.group(0)[::-1]), text)


def bucket(name: str, value: float, edges: Sequence[float]) -> str:
    """The cue word of ``value``: ``zz<name><how many edges it reaches>``."""
    return f"zz{name}{sum(value >= e for e in edges)}"


def layout_cues(text: str) -> str:
    """Script-independent cue words: digit share, short lines, label lines, line length.

    Forms are many short lines with labels, colons, blanks and check boxes; prose is
    long lines of letters. The cues are words like ``zzshort3`` (``CUE_WORDS``) that the
    word n-gram block learns like any other word, and the classifier's layout block
    weighs on their own.
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
        bucket("digit", digits / max(1, letters + digits), EDGES["digit"]),
        bucket("short", short, EDGES["short"]),
        bucket("label", labels, EDGES["label"]),
        bucket("linewords", sum(words) / len(lines), EDGES["linewords"]),
        *shape_cues(text, lines),
    )
    return " ".join(cues)


def shape_cues(text: str, lines: Sequence[str]) -> tuple[str, ...]:
    """Bullet lines (slides, lists), number lines (statistics tables), words per page.

    Slide decks are pages of few words in bullets; tables of figures are lines that
    are mostly numbers; papers and contracts are hundreds of words a page.
    """
    bullets = sum(bool(_BULLET_LINE.match(line)) for line in lines) / len(lines)
    numeric = sum(number_share(line) >= 0.5 for line in lines) / len(lines)
    pages = [p for p in text.split(PAGE_BREAK) if p.strip()] or [text]
    per_page = sum(len(p.split()) for p in pages) / len(pages)
    return (
        bucket("bullet", bullets, EDGES["bullet"]),
        bucket("numline", numeric, EDGES["numline"]),
        bucket("pagewords", per_page, EDGES["pagewords"]),
    )


def number_share(line: str) -> float:
    tokens = line.split()
    return sum(bool(_NUMBER.match(t)) for t in tokens) / len(tokens) if tokens else 0.0


def normalize_text(text: str, max_words: int = DEFAULT_MAX_WORDS) -> str:
    """Lowercase, digits to ``0``, RTL runs canonical, white space folded, cue words added.

    Keeps the first ``max_words`` words, then appends ``layout_cues`` of the raw text.
    """
    folded = canonical_rtl(_DIGITS.sub("0", text.lower()))
    words = _SPACE.sub(" ", folded).strip().split(" ")
    return " ".join(words[:max_words]) + " " + layout_cues(text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
