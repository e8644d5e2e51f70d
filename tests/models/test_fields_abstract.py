"""The abstract of a research paper: under a heading, structured, or untitled."""

from __future__ import annotations

import pytest

from kpo.models.fields import FieldExtractor
from kpo.records import FieldValue

from .field_docs import BODY, PAPER, Line, make_doc, values

FRONT = PAPER[1:6]  # title, byline, affiliations
PROSE = [
    ("We study how to extract fields from scientific documents with layout cues and a", 9.0),
    ("small entity recogniser. Our method finds titles and authors reliably across the", 9.0),
    ("publishers and formats we tried, and it is fast enough to run on millions of pages", 9.0),
    ("every day. We release the code and the data for others to use.", 9.0),
]
STRUCTURED = [
    ("Aim To test whether the layout of a page tells the fields of a paper apart.", 9.0),
    ("Methods We labelled two hundred papers by hand and compared the fields found", 9.0),
    ("with the labels, field by field.", 9.0),
    ("Results Titles and authors were found in almost every paper, abstracts in most.", 9.0),
    ("Conclusions Layout cues are enough for the front matter of most papers.", 9.0),
]


@pytest.fixture(scope="module")
def extractor() -> FieldExtractor:
    return FieldExtractor()


def abstract(extractor: FieldExtractor, lines: list[Line]) -> FieldValue | None:
    fields = extractor(make_doc(lines), "research_paper")
    return next((v for v in fields.values if v.name == "abstract"), None)


def test_a_structured_abstract_without_a_heading(extractor: FieldExtractor) -> None:
    found = abstract(extractor, [*FRONT, *STRUCTURED, ("Keywords: layout, fields", 9.0), *BODY])
    assert found is not None
    assert found.value.startswith("Aim To test whether")
    assert found.value.endswith("most papers.")
    assert found.box is not None


def test_a_structured_abstract_under_its_heading_runs_past_its_methods_line(
    extractor: FieldExtractor,
) -> None:
    lines = [
        *FRONT,
        ("Abstract", 10.0),
        ("Background", 9.0),
        *STRUCTURED[:1],
        ("Methods", 9.0),
        *STRUCTURED[1:3],
        ("Results", 9.0),
        *STRUCTURED[3:4],
        ("Conclusions", 9.0),
        ("Layout cues are enough for the front matter of most papers.", 9.0),
        ("1 Introduction", 10.0),
        *BODY,
    ]
    found = abstract(extractor, lines)
    assert found is not None
    assert found.value.startswith("Background Aim To test")
    assert found.value.endswith("most papers.")


@pytest.mark.parametrize(
    "after",
    [
        [("1 Introduction", 10.0), *BODY],
        [("Received May 2, 2021", 8.0), ("PACS numbers: 02.30.Jr", 8.0), *BODY],
        [(text, 10.5) for text, _ in BODY],  # body text set larger, no heading
    ],
    ids=["section", "pacs", "larger-body-type"],
)
def test_an_untitled_abstract_before_the_body(extractor: FieldExtractor, after: list[Line]) -> None:
    found = abstract(extractor, [*FRONT, *PROSE, *after])
    assert found is not None
    assert found.value == " ".join(text for text, _ in PROSE)
    assert found.box is not None and found.page_number == 1


def test_an_untitled_abstract_is_less_sure_than_a_headed_one(extractor: FieldExtractor) -> None:
    untitled = abstract(extractor, [*FRONT, *PROSE, ("1 Introduction", 10.0), *BODY])
    headed = abstract(extractor, [*FRONT, ("Abstract", 10.0), *PROSE, ("1 Introduction", 10.0)])
    assert untitled is not None and headed is not None
    assert untitled.value == headed.value
    assert untitled.confidence < headed.confidence


@pytest.mark.parametrize(
    "lines",
    [
        [*FRONT, ("1 Introduction", 10.0), *PROSE, *BODY],  # prose only after the section
        [*FRONT, *PROSE, *BODY],  # prose that runs on in the same type: no end in sight
    ],
    ids=["section-first", "no-end"],
)
def test_no_abstract_is_guessed_from_body_text(
    extractor: FieldExtractor, lines: list[Line]
) -> None:
    fields = extractor(make_doc(lines), "research_paper")
    assert values(fields, "abstract") == []
    assert "abstract" in fields.missing


def test_the_byline_stops_where_an_untitled_abstract_starts(extractor: FieldExtractor) -> None:
    # byline, addresses and abstract in one type: only the abstract's start ends the byline
    same_type = [(text, 9.0) for text, _ in FRONT[2:]]
    thanks = ("we thank Peter Olsen, Carla Mendes and the referees for their help. We", 9.0)
    lines = [*FRONT[:2], *same_type, thanks, *PROSE, ("1 Introduction", 10.0)]
    fields = extractor(make_doc(lines), "research_paper")
    assert values(fields, "authors") == ["Alice Johnson", "Robert Smith", "Maria Garcia"]
