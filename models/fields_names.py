"""Person names in a paper's byline: cleaning, splitting, and a name-shape test.

The byline is the block of lines between the title and the abstract. Affiliation
markers (superscript digits, ``* † ‡ # $ +``, ``?`` for a dagger read by OCR) are
dropped by font size and by pattern, lines of affiliations, addresses and e-mails
are skipped, and what is left is split at commas, semicolons, ``and`` and ``&``. A
piece counts as a name when it has the shape of one; spaCy's entities then confirm
it (PERSON) or veto it (a place).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .fields_common import AGREEMENT_BONUS, CONF_FAIR, CONF_GOOD, CONF_WEAK, fold
from .fields_layout import Line, word_size

if TYPE_CHECKING:
    from spacy.language import Language

_INSTITUTION = re.compile(
    r"\b(univ\w*|institut\w*|department|dept|school|college|laborator\w*|lab|center|centre|"
    r"faculty|academy|corporation|corp|inc|ltd|llc|gmbh|company|hospital|ministry|research|"
    r"foundation|society|street|st|road|avenue|floor|suite|box|email|e-mail|abstract|"
    r"keywords|received|accepted|published)\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"@|https?:|www\.|\b\d{3,}\b")
_GLUED_MARKS = re.compile(r"(?<=[^\W\d_])\d+(?:[,\u2013-]\d+)*")
# "?" is how OCR often reads a superscript dagger; no name holds one
_MARKS = re.compile(r"[\u2217*\u2020\u2021\u00a7\u00b6#$+?'\u2019`\"()\[\]{}]|(?<!\w)\d+(?!\w)")
_HONORIFIC = re.compile(r"\b(?:Dr|Prof|Professor|Mr|Mrs|Ms)\b\.?\s*")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_INITIALS = re.compile(r"(?<=[A-Z]\.)(?=[A-Z][a-z])")
_PARTICLES = frozenset(
    (
        "van",
        "von",
        "de",
        "dos",
        "da",
        "der",
        "del",
        "della",
        "la",
        "le",
        "du",
        "di",
        "bin",
        "ibn",
        "al",
        "den",
        "ter",
    )
)
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w.'\-]*$")
_VETO = frozenset({"GPE", "LOC", "FAC", "DATE", "CARDINAL", "NORP"})


def _clean_line(line: Line) -> str:
    top = max(word_size(w) for w in line.words)
    kept = [w.text for w in line.words if word_size(w) >= 0.8 * top]
    return " ".join(kept)


def _skippable(text: str) -> bool:
    return bool(_INSTITUTION.search(text) or _ADDRESS.search(text))


def clean_names(text: str) -> str:
    """Drop affiliation markers and honorifics; space out glued initials."""
    text = _HONORIFIC.sub("", _MARKS.sub(" ", _GLUED_MARKS.sub("", text)))
    return fold(_INITIALS.sub(" ", text))


def split_names(text: str) -> list[str]:
    return [p for p in (fold(p) for p in _SPLIT.split(clean_names(text))) if p]


def is_name_like(piece: str) -> bool:
    """Two to six capitalised tokens (particles allowed), one of them a real word."""
    tokens = piece.split()
    if not 2 <= len(tokens) <= 6 or _INSTITUTION.search(piece):
        return False
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        if not (_NAME_TOKEN.match(token) and token[0].isupper()):
            return False
    return any(sum(c.islower() for c in t) >= 2 for t in tokens)


def _byline_text(lines: list[Line]) -> str:
    """Join byline lines; a lone first piece on a new line continues the last name."""
    text, size = "", None
    for line in lines:
        cleaned = _clean_line(line)
        if not cleaned or _skippable(cleaned):
            continue
        if not any(is_name_like(p) for p in split_names(cleaned)):
            continue
        size = size if size is not None else line.size
        if abs(line.size - size) > 0.15 * size:
            continue
        first = _SPLIT.split(clean_names(cleaned))[0]
        wrapped = text and len(first.split()) == 1 and not re.search(r"[,;&]\s*$|\band$", text)
        text = f"{text} {cleaned}" if wrapped else (f"{text}, {cleaned}" if text else cleaned)
    return text


def author_pieces(lines: list[Line], nlp: Language) -> list[tuple[str, float]]:
    """``(name, confidence)`` for each author in the byline lines, in order."""
    pieces = [p for p in split_names(_byline_text(lines)) if is_name_like(p)]
    names: list[tuple[str, float]] = []
    for piece, doc in zip(pieces, nlp.pipe(pieces), strict=True):
        labels = {ent.label_ for ent in doc.ents}
        vetoed = sum(len(e.text) for e in doc.ents if e.label_ in _VETO)
        if "PERSON" not in labels and 2 * vetoed >= len(piece):
            continue
        if "PERSON" in labels:
            names.append((piece, CONF_GOOD + AGREEMENT_BONUS))
        else:
            names.append((piece, CONF_WEAK if "ORG" in labels else CONF_FAIR))
    unique: dict[str, tuple[str, float]] = {}
    for name, confidence in names:
        unique.setdefault(name.lower(), (name, confidence))
    return list(unique.values())
