"""GROBID's gold TEI header markup read as (token, label) pairs, as GROBID reads it.

``read_tei`` turns a ``tei/*.tei.xml`` file into ``TeiToken``s, element to label as in
GROBID's ``TEIHeaderSaxParser`` (``<titlePart>`` -> ``title``, ``<docAuthor>`` ->
``author``, ``<idno>`` -> ``pubnum``, ``<div type="abstract">`` -> ``abstract``, text
outside the fields -> ``other``), the first token of each field marked ``begins``
(GROBID's ``I-``). ``tokenize`` splits text as GROBID does; kpo's header labeller splits
a page's words with it too.
"""

from __future__ import annotations

import xml.sax
from dataclasses import dataclass
from pathlib import Path
from xml.sax.xmlreader import AttributesImpl

# GROBID's TextUtilities.delimiters: each of these characters is a token of its own
DELIMITERS = frozenset(
    " \n\r\t\f\u00a0([\uff08\u2022*,:;?.!/)\uff09-\u2212\u2013\u2010\u00ab\u00bb\u201e"
    "\"\u201c\u201d\u2018\u2019'`$#@]\u2666\u2665\u2663\u2660"
)
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
