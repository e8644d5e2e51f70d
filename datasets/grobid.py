"""GROBID's header training corpus: gold TEI markup joined to GROBID's feature files.

A copy of GROBID's ``grobid-trainer/resources/dataset/header/corpus/`` holds, per paper,
``tei/*.tei.xml`` (the first page's text, marked up by hand) and ``raw/ID.training.header``
(one token a line, 32 space-separated columns written by ``FeaturesVectorHeader``, no
labels). The reader does what GROBID's ``HeaderTrainer`` does to make its training data:

1. ``read_tei``: the TEI becomes (token, label) pairs, element to label as in GROBID's
   ``TEIHeaderSaxParser`` (``<titlePart>`` -> ``title``, ``<docAuthor>`` -> ``author``,
   ``<idno>`` -> ``pubnum``, ``<div type="abstract">`` -> ``abstract``, text outside the
   fields -> ``other``), the first token of each field marked ``begins`` (GROBID's ``I-``).
2. ``read_features``: each feature line becomes a typed ``FeatureRow``.
3. ``join``: each feature row takes the label of the next TEI token with the same text
   (NFKC-normalised), looking at most ``LOOKAHEAD`` tokens past the last match. A row
   with no match is dropped, except a single one between two rows of the same label,
   which takes that label (GROBID's post-processing). ``HeaderPaper.unmatched`` counts
   the dropped rows.

``read_corpus`` reads a whole folder; a file it cannot read is reported in
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
from xml.sax.xmlreader import AttributesImpl

from kpo.errors import Errors, InputError

LOOKAHEAD = 6  # HeaderTrainer compares a feature token with the next 7 TEI tokens
COLUMNS = 32
# GROBID's TextUtilities.delimiters: each of these characters is a token of its own
DELIMITERS = frozenset(
    " \n\r\t\f\u00a0([\uff08\u2022*,:;?.!/)\uff09-\u2212\u2013\u2010\u00ab\u00bb\u201e"
    "\"\u201c\u201d\u2018\u2019'`$#@]\u2666\u2665\u2663\u2660"
)
KPO_FIELDS = {
    "title": "title",
    "author": "authors",
    "abstract": "abstract",
    "date": "date",
    "pubnum": "pubnum",
}
FIELDS = ("title", "authors", "abstract", "date", "pubnum", "other")
ELEMENT_LABELS = {
    "titlePart": "title",
    "docAuthor": "author",
    "affiliation": "affiliation",
    "address": "address",
    "email": "email",
    "idno": "pubnum",
    "date": "date",
    "keyword": "keyword",
    "keywords": "keyword",
    "reference": "reference",
    "editor": "editor",
    "meeting": "meeting",
}
NOTE_LABELS = {
    "submission": "submission",
    "reference": "reference",
    "copyright": "copyright",
    "funding": "funding",
    "group": "group",
    **dict.fromkeys(
        ("document_type", "doctype", "docType", "documentType", "articleType"), "doctype"
    ),
}
FIELD_ENDS = frozenset([*ELEMENT_LABELS, "note", "ptr", "div"])


@dataclass(frozen=True, slots=True)
class TeiToken:
    """One token of the gold TEI, with GROBID's label (no brackets) and ``I-`` flag."""

    text: str
    label: str
    begins: bool


@dataclass(frozen=True, slots=True)
class FeatureRow:
    """One line of a feature file: the token and GROBID's layout columns 11-31."""

    text: str
    block: str  # BLOCKSTART, BLOCKIN, BLOCKEND
    line: str  # LINESTART, LINEIN, LINEEND
    alignment: str  # ALIGNEDLEFT, LINEINDENT
    new_font: bool
    font_size: str  # HIGHERFONT, SAMEFONTSIZE, LOWERFONT (against the previous token)
    bold: bool
    italic: bool
    capitals: str  # INITCAP, ALLCAP, NOCAPS
    digits: str  # ALLDIGIT, CONTAINSDIGITS, NODIGIT
    single_char: bool
    person_name: bool
    common_word: bool
    year: bool
    month: bool
    place: bool
    email: bool
    url: bool
    punctuation: str  # NOPUNCT, OPENBRACKET, ENDBRACKET, DOT, COMMA, HYPHEN, QUOTE, PUNCT
    largest_font: bool
    smallest_font: bool
    larger_than_average: bool


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


def tokenize(text: str) -> list[str]:
    """Split as GROBID's ``StringTokenizer(text, delimiters, true)``, dropping blanks."""
    tokens: list[str] = []
    start = 0
    for i, char in enumerate(text):
        if char in DELIMITERS:
            tokens.append(text[start:i])
            tokens.append(char)
            start = i + 1
    tokens.append(text[start:])
    return [t for t in (t.strip() for t in tokens) if t]


class _TeiHandler(xml.sax.ContentHandler):
    """TEIHeaderSaxParser's state machine: text is written out when an element starts
    (as ``other``) or when a field element ends (with the field's label)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.label: str | None = None
        self.paper_id = ""
        self.tokens: list[TeiToken] = []

    def characters(self, content: str) -> None:
        self.text.append(content)

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        if name == "lb":
            self.text.append(" ")
            return
        self._flush("other")
        kind = attrs.get("type")
        if name == "fileDesc":
            self.paper_id = attrs.get("xml:id", "")
        elif name == "div":
            self.label = "abstract" if kind == "abstract" else "other"
        elif name == "note":
            self.label = NOTE_LABELS.get(kind or "", "other")
        elif name == "ptr":
            self.label = "web" if kind == "web" else self.label
        elif name in ELEMENT_LABELS:
            self.label = ELEMENT_LABELS[name]
        elif name not in ("byline", "front", "tei", "teiHeader", "text", "docTitle", "p"):
            self.label = "other"  # ignored (page, phone, publisher, title ...) or unknown

    def endElement(self, name: str) -> None:
        if name in FIELD_ENDS:
            self._write(self.label)
        elif name == "front":
            self._flush("other")

    def _flush(self, label: str) -> None:
        if "".join(self.text).strip():
            self.label = label
            self._write(label)
        self.text = []

    def _write(self, label: str | None) -> None:
        words = tokenize("".join(self.text)) if label else []
        self.tokens += [TeiToken(w, label or "other", i == 0) for i, w in enumerate(words)]
        self.text = []


def read_tei(path: Path) -> tuple[str, tuple[TeiToken, ...]]:
    """The paper id (``fileDesc/@xml:id`` without its leading ``_``) and the gold tokens.

    Raises ``xml.sax.SAXException`` (or ``OSError``) for a file that cannot be read.
    """
    handler = _TeiHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(handler)
    parser.parse(str(path))
    return handler.paper_id.removeprefix("_"), tuple(handler.tokens)


def parse_feature_line(line: str) -> FeatureRow:
    """One feature line; raises ValueError when it does not have 32 columns."""
    c = line.rstrip("\r\n").split(" ")
    if len(c) != COLUMNS:
        raise ValueError(f"{len(c)} columns instead of {COLUMNS}")
    on = [v == "1" for v in c]
    return FeatureRow(
        text=c[0],
        block=c[10],
        line=c[11],
        alignment=c[12],
        new_font=c[13] == "NEWFONT",
        font_size=c[14],
        bold=on[15],
        italic=on[16],
        capitals=c[17],
        digits=c[18],
        single_char=on[19],
        person_name=on[20],
        common_word=on[21],
        year=on[22],
        month=on[23],
        place=on[24],
        email=on[25],
        url=on[26],
        punctuation=c[27],
        largest_font=on[28],
        smallest_font=on[29],
        larger_than_average=on[30],
    )


def read_features(path: Path) -> tuple[FeatureRow, ...]:
    """The rows of a feature file (blank lines skipped); ValueError names a bad line."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    rows.append(parse_feature_line(line))
                except ValueError as exc:
                    raise ValueError(f"line {number}: {exc}") from None
    return tuple(rows)


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
