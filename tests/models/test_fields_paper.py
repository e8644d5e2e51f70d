"""Research-paper fields on small hand-built first pages, one behaviour per test."""

from __future__ import annotations

import pytest

from kpo.models.fields import FieldExtractor
from kpo.models.fields_paper import extract_paper
from kpo.records import ExtractedDocument, Page, Word

from .field_docs import BODY, PAPER, Line, make_doc, make_page, one, values


def test_paper_fields(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(PAPER), "research_paper")
    assert one(fields, "title") == "Learning to Extract Fields from Scientific Documents"
    assert values(fields, "authors") == ["Alice Johnson", "Robert Smith", "Maria Garcia"]
    assert one(fields, "abstract").startswith("We study how to extract fields")
    assert one(fields, "abstract").endswith("every day.")
    assert one(fields, "doi") == "10.1234/abcd.5678"
    assert one(fields, "arxiv_id") == "2101.01234"
    assert one(fields, "year") == "2021"
    assert fields.missing == ()


def test_paper_without_ids_misses_them(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(PAPER[1:-1]), "research_paper")
    assert {"doi", "arxiv_id", "year"} <= set(fields.missing)
    assert "title" not in fields.missing


@pytest.mark.parametrize(
    ("lines", "year"),
    [
        # a running venue line in the page footer, after the body
        ([*PAPER[1:-1], *BODY, ("Journal of Examples, Vol. 48, 2004", 8.0)], "2004"),
        # the year a paper was accepted, not the year it was received
        (
            [*PAPER[1:6], ("Received May 2, 2021; accepted June 23, 2022", 8.0), *PAPER[6:-1]],
            "2022",
        ),
    ],
)
def test_year_from_venue_line_and_acceptance(
    extractor: FieldExtractor, lines: list[Line], year: str
) -> None:
    assert one(extractor(make_doc(lines), "research_paper"), "year") == year


@pytest.mark.parametrize("heading", ["1 Related Work", "I. BACKGROUND", "Methods"])
def test_the_abstract_ends_at_the_first_section(extractor: FieldExtractor, heading: str) -> None:
    lines = [*PAPER[1:-2], (heading, 10.0), *BODY]
    abstract = one(extractor(make_doc(lines), "research_paper"), "abstract")
    assert abstract.endswith("every day.")


def test_a_cited_volume_in_the_body_is_not_the_year(extractor: FieldExtractor) -> None:
    cited = ("as shown by Smith in Physics Letters, Vol. 12, 1987, and by others.", 9.0)
    lines = [*PAPER[1:-1], *BODY[:2], cited, *BODY]
    assert "year" in extractor(make_doc(lines), "research_paper").missing


def test_superscript_markers_are_not_names(extractor: FieldExtractor) -> None:
    page = make_page(1, [("A Title About Things", 16.0), ("Jane Roe Sam Poe", 10.0)])
    marks = (Word("1", 96.0, 62.0, 99.0, 67.0, 6.0),)
    words = page.words[:6] + marks + page.words[6:]
    doc = make_doc()
    doc = ExtractedDocument("id", "x.pdf", doc.meta, (Page(1, 612, 792, page.text, words),))
    fields = extractor(doc, "research_paper")
    assert all("1" not in name for name in values(fields, "authors"))


def test_strong_patterns_beat_weak_guesses(extractor: FieldExtractor) -> None:
    hits = extract_paper(make_doc(PAPER), extractor.nlp, model=None)  # the rules' raw scores
    conf = {h.name: h.confidence for h in hits}
    assert conf["doi"] > conf["title"] >= 0.5


def test_header_model_values_keep_their_learned_confidence(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(PAPER), "research_paper")
    learned = [v for v in fields.values if v.extractor == "model.header"]
    assert {v.name for v in learned} >= {"title", "authors"}
    assert all(0.02 <= v.confidence <= 0.98 for v in learned)


def test_a_dagger_read_by_ocr_as_a_question_mark_is_not_part_of_a_name(
    extractor: FieldExtractor,
) -> None:
    lines = [PAPER[1], PAPER[2], ("Alice Johnson and Robert Smith?", 11.0), *PAPER[4:-1]]
    assert values(extractor(make_doc(lines), "research_paper"), "authors") == [
        "Alice Johnson",
        "Robert Smith",
    ]
