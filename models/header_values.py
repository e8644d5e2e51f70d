"""From a labelled header to paper values: title, authors, year, DOI, arXiv id.

``header_values`` reads the labeller's fields (``header_model.Labelled``) over the
header's tokens and returns ``HeaderValue``s with the model's mean probability over the
tokens each value came from. The same function makes the values of GROBID's corpus
when training (tokens without words) and of kpo's pages when running (tokens that know
their word, so the text keeps the page's spacing), so what is calibrated in training is
what runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kpo.normalise.values import clean_doi

from .fields_names import clean_names, is_name_like, split_names
from .header_model import Labelled
from .header_tokens import HeaderToken

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_ID_CUE = re.compile(r"^(?:arxiv|doi|issn|isbn|pmid|pmcid|https?|www)$", re.I)
_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_OPEN_END = re.compile(r"(?:[,;&]|\band)\s*$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NO_SPACE_BEFORE = frozenset(".,;:)]!?%'\u2019-/\u2010\u2013")
_NO_SPACE_AFTER = frozenset("([-/\u2010\u2013")
PAPER_FIELDS = ("title", "authors", "year", "doi", "arxiv_id")


@dataclass(frozen=True, slots=True)
class HeaderValue:
    """One value, the model's mean probability over its tokens, and its first token."""

    field: str
    value: str
    probability: float
    first: int


def join_tokens(tokens: Sequence[HeaderToken], indexes: Sequence[int]) -> str:
    """The tokens' text: pieces of one word glued, else spaced as printed English."""
    text = ""
    for k, i in enumerate(indexes):
        token = tokens[i]
        if k == 0:
            text = token.text
            continue
        prev = tokens[indexes[k - 1]]
        same_word = token.word >= 0 and token.word == prev.word
        glued = token.text in _NO_SPACE_BEFORE or prev.text in _NO_SPACE_AFTER
        text += token.text if same_word or (token.word < 0 and glued) else " " + token.text
    return text


def runs(labelled: Sequence[Labelled], field: str) -> list[list[int]]:
    """Maximal runs of consecutive tokens labelled ``field``."""
    out: list[list[int]] = []
    for i, item in enumerate(labelled):
        if item.field != field:
            continue
        if out and out[-1][-1] == i - 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _mean(labelled: Sequence[Labelled], indexes: Sequence[int]) -> float:
    return sum(labelled[i].probability for i in indexes) / len(indexes)


def _title_pieces(tokens: Sequence[HeaderToken], labelled: Sequence[Labelled]) -> list[list[int]]:
    """The title runs, each cut where a line starts in another font size (a journal
    banner or running head set above the title)."""
    pieces: list[list[int]] = []
    for run in runs(labelled, "title"):
        pieces.append([])
        for i in run:
            token = tokens[i]
            if pieces[-1] and token.line == "LINESTART" and token.font_size != "SAMEFONTSIZE":
                pieces.append([])
            pieces[-1].append(i)
    return pieces


def _title(tokens: Sequence[HeaderToken], labelled: Sequence[Labelled]) -> list[HeaderValue]:
    """The title piece with the most tokens in the largest font (then the longest)."""
    pieces = [
        p
        for p in _title_pieces(tokens, labelled)
        if sum(c.isalpha() for c in join_tokens(tokens, p)) >= 4
    ]
    if not pieces:
        return []
    best = max(pieces, key=lambda p: (sum(tokens[i].largest_font for i in p), len(p)))
    return [HeaderValue("title", join_tokens(tokens, best), _mean(labelled, best), best[0])]


def author_names(text: str) -> list[str]:
    """The name-like pieces of a byline's text, in order, without repeats."""
    seen: dict[str, str] = {}
    for piece in split_names(text):
        if is_name_like(piece):
            seen.setdefault(piece.lower(), piece)
    return list(seen.values())


def _pieces(tokens: Sequence[HeaderToken], run: Sequence[int]) -> list[list[int]]:
    """The run cut where a line starts or a wide gap opens: each piece one line's part."""
    pieces: list[list[int]] = []
    for i in run:
        if not pieces or tokens[i].line == "LINESTART" or tokens[i].gap_before:
            pieces.append([])
        pieces[-1].append(i)
    return pieces


def byline_text(tokens: Sequence[HeaderToken], run: Sequence[int]) -> str:
    """A byline's text with a separator between names set on separate lines or apart.

    A piece whose first name (up to a separator) is one word continues the name before
    it ("John" / "Smith"); otherwise, unless the text already ends with a separator or
    "and", a comma goes between.
    """
    text = ""
    for piece in _pieces(tokens, run):
        part = join_tokens(tokens, piece)
        first = clean_names(_SEPARATOR.split(part.strip(), maxsplit=1)[0])
        continues = len(first.split()) <= 1 and not tokens[piece[0]].gap_before
        if not text or continues or _OPEN_END.search(text):
            text = f"{text} {part}".strip()
        else:
            text = f"{text}, {part}"
    return text


def _authors(tokens: Sequence[HeaderToken], labelled: Sequence[Labelled]) -> list[HeaderValue]:
    out: list[HeaderValue] = []
    for run in runs(labelled, "authors"):
        p = _mean(labelled, run)
        names = author_names(byline_text(tokens, run))
        out += [HeaderValue("authors", n, p, run[0]) for n in names]
    unique: dict[str, HeaderValue] = {}
    for value in out:
        unique.setdefault(value.value.lower(), value)
    return list(unique.values())


def _year(tokens: Sequence[HeaderToken], labelled: Sequence[Labelled]) -> list[HeaderValue]:
    for run in runs(labelled, "date"):
        years = [i for i in run if _YEAR.match(tokens[i].text)]
        if years:
            return [HeaderValue("year", tokens[years[0]].text, _mean(labelled, run), run[0])]
    return []


def _ids(tokens: Sequence[HeaderToken], labelled: Sequence[Labelled]) -> list[HeaderValue]:
    out: dict[str, HeaderValue] = {}
    for run in runs(labelled, "pubnum"):
        text = "".join((" " if _ID_CUE.match(tokens[i].text) else "") + tokens[i].text for i in run)
        p = _mean(labelled, run)
        doi = _DOI.search(text)
        if doi and "doi" not in out:
            out["doi"] = HeaderValue("doi", clean_doi(doi[1]).lower(), p, run[0])
        arxiv = _ARXIV.search(text) if "arxiv" in text.lower() else None
        if arxiv and "arxiv_id" not in out:
            out["arxiv_id"] = HeaderValue("arxiv_id", arxiv[1], p, run[0])
    return list(out.values())


def header_values(tokens: Sequence[HeaderToken], labelled: Sequence[Labelled]) -> list[HeaderValue]:
    """Every paper value the labels give, in ``PAPER_FIELDS`` order."""
    return [
        *_title(tokens, labelled),
        *_authors(tokens, labelled),
        *_year(tokens, labelled),
        *_ids(tokens, labelled),
    ]
