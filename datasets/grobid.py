"""GROBID's header training corpus: gold TEI markup joined to GROBID's feature files.

A copy of GROBID's ``grobid-trainer/resources/dataset/header/corpus/`` holds, per paper,
``tei/*.tei.xml`` (the first page's text, marked up by hand) and ``raw/ID.training.header``
(one token a line, 32 space-separated columns written by ``FeaturesVectorHeader``, no
labels). The reader does what GROBID's ``HeaderTrainer`` does to make its training data:

1. ``read_tei`` (``kpo.datasets.grobid_tei``): the TEI becomes (token, label) pairs,
   element to label as in GROBID's ``TEIHeaderSaxParser``, the first token of each
   field marked ``begins`` (GROBID's ``I-``).
2. ``read_features`` (``kpo.datasets.grobid_features``): each feature line becomes a
   typed ``FeatureRow``.
3. ``join`` (here): each feature row takes the label of the next TEI token with the same
   text (NFKC-normalised), looking at most ``LOOKAHEAD`` tokens past the last match. A row
   with no match is dropped, except a single one between two rows of the same label,
   which takes that label (GROBID's post-processing). ``HeaderPaper.unmatched`` counts
   the dropped rows.

This module walks the corpus: ``read_corpus`` reads a whole folder, pairing each TEI
file with its feature file; a file it cannot read is reported in
``HeaderCorpus.skipped`` (messages E018/E019) and the others are still read.
``KPO_FIELDS`` maps GROBID's labels to kpo's paper fields; the rest are ``other``.
"""

from __future__ import annotations

import glob
import unicodedata
import xml.sax
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kpo.datasets.grobid_features import FeatureRow, read_features
from kpo.datasets.grobid_tei import TeiToken, read_tei
from kpo.errors import Errors, InputError

LOOKAHEAD = 6  # HeaderTrainer compares a feature token with the next 7 TEI tokens
KPO_FIELDS = {
    "title": "title",
    "author": "authors",
    "abstract": "abstract",
    "date": "date",
    "pubnum": "pubnum",
}
FIELDS = ("title", "authors", "abstract", "date", "pubnum", "other")


@dataclass(frozen=True, slots=True)
class LabelledToken:
    """A feature row with the label the join gave it."""

    row: FeatureRow
    label: str
    begins: bool

    @property
    def field(self) -> str:
        """kpo's field for the label: one of ``FIELDS``."""
        return KPO_FIELDS.get(self.label, "other")


@dataclass(frozen=True, slots=True)
class HeaderPaper:
    """One paper's labelled sequence, in reading order."""

    paper_id: str
    tokens: tuple[LabelledToken, ...]
    rows: int  # feature rows read
    unmatched: int  # rows dropped for want of a matching TEI token
    filled: int  # rows labelled by the one-row gap rule


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class HeaderCorpus:
    papers: tuple[HeaderPaper, ...]
    skipped: tuple[SkippedFile, ...]

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.papers)

    @property
    def tokens(self) -> int:
        return sum(len(p.tokens) for p in self.papers)

    @property
    def unmatched(self) -> int:
        return sum(p.unmatched for p in self.papers)

    @property
    def filled(self) -> int:
        return sum(p.filled for p in self.papers)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def match_labels(rows: Sequence[FeatureRow], gold: Sequence[TeiToken]) -> list[TeiToken | None]:
    """For each row, the next gold token with the same text, within ``LOOKAHEAD``."""
    keys = [_key(t.text) for t in gold]
    found: list[TeiToken | None] = []
    position = 0
    for row in rows:
        key = _key(row.text)
        window = range(position, min(position + LOOKAHEAD + 1, len(gold)))
        hit = next((i for i in window if keys[i] == key), None)
        found.append(None if hit is None else gold[hit])
        position = position if hit is None else hit + 1
    return found


def join(paper_id: str, rows: Sequence[FeatureRow], gold: Sequence[TeiToken]) -> HeaderPaper:
    """The labelled sequence of one paper (see the module's docstring)."""
    found = match_labels(rows, gold)
    tags = [None if t is None else (t.label, t.begins) for t in found]
    tokens: list[LabelledToken] = []
    filled = 0
    for i, (row, tag) in enumerate(zip(rows, tags, strict=True)):
        between = 0 < i < len(rows) - 1 and tags[i - 1] is not None
        if tag is None and between and tags[i + 1] == tags[i - 1]:
            tag, filled = tags[i + 1], filled + 1
        if tag is not None:
            tokens.append(LabelledToken(row, tag[0], tag[1]))
    unmatched = len(rows) - len(tokens)
    return HeaderPaper(paper_id, tuple(tokens), len(rows), unmatched, filled)


def feature_file(raw: Path, paper_id: str, tei: Path) -> Path | None:
    """``raw/ID.training.header``, else ``raw/ID._*.training.header``, else the file
    named as the TEI file (a few TEI ids lost characters that the file names kept)."""
    suffix = ".training.header"
    exact = raw / f"{paper_id}{suffix}"
    if paper_id and exact.is_file():
        return exact
    prefixed = sorted(raw.glob(f"{glob.escape(paper_id)}._*{suffix}")) if paper_id else []
    if prefixed:
        return prefixed[0]
    stem = tei.name.removesuffix(".tei.xml").removesuffix(".training.header")
    stem = stem.removesuffix(".header")
    by_name = raw / f"{stem}{suffix}"
    return by_name if by_name.is_file() else None


def read_paper(tei: Path, raw: Path) -> HeaderPaper | SkippedFile:
    """One paper, or why it was skipped."""
    try:
        paper_id, gold = read_tei(tei)
    except (xml.sax.SAXException, OSError, UnicodeError) as exc:
        return SkippedFile(str(tei), Errors.E018.format(path=tei, why=exc))
    features = feature_file(raw, paper_id, tei)
    if features is None:
        return SkippedFile(str(tei), Errors.E019.format(path=tei, paper_id=paper_id, raw=raw))
    try:
        rows = read_features(features)
    except (ValueError, OSError) as exc:
        return SkippedFile(str(features), Errors.E018.format(path=features, why=exc))
    return join(paper_id or tei.name, rows, gold)


def read_corpus(folder: Path | str) -> HeaderCorpus:
    """Every paper of a corpus folder (``tei/`` and ``raw/``), in file-name order."""
    root = Path(folder)
    tei_dir, raw = root / "tei", root / "raw"
    if not (tei_dir.is_dir() and raw.is_dir()):
        raise InputError(Errors.E017.format(path=root))
    papers: list[HeaderPaper] = []
    skipped: list[SkippedFile] = []
    for tei in sorted(tei_dir.glob("*.xml")):
        result = read_paper(tei, raw)
        if isinstance(result, HeaderPaper):
            papers.append(result)
        else:
            skipped.append(result)
    return HeaderCorpus(tuple(papers), tuple(skipped))
