"""Field extraction on small hand-built documents, one behaviour per test."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from kpo.fieldspec import CANONICAL_FIELDS
from kpo.models.fields import FieldExtractor
from kpo.models.fields_common import fix_rtl_line
from kpo.models.fields_paper import extract_paper
from kpo.records import DocType, DocumentMeta, ExtractedDocument, FieldSet, Page, Word

Line = tuple[str, float]  # text, font size


def make_page(number: int, lines: Sequence[Line]) -> Page:
    """A page whose words sit left to right, one text line under the other."""
    words, top = [], 40.0
    for text, size in lines:
        x = 50.0
        for token in text.split():
            width = 0.5 * size * len(token)
            words.append(Word(token, x, top, x + width, top + size, size))
            x += width + 0.3 * size
        top += 1.4 * size
    text = "\r\n".join(t for t, _ in lines)
    return Page(number, 612.0, 792.0, text, tuple(words))


def make_doc(*pages: Sequence[Line]) -> ExtractedDocument:
    built = tuple(make_page(i, lines) for i, lines in enumerate(pages, start=1))
    return ExtractedDocument("id", "test.pdf", DocumentMeta(page_count=len(built)), built)


@pytest.fixture(scope="module")
def extractor() -> FieldExtractor:
    return FieldExtractor()


def values(fields: FieldSet, name: str) -> list[str]:
    return [v.value for v in sorted(fields.values, key=lambda v: v.index) if v.name == name]


def one(fields: FieldSet, name: str) -> str:
    (value,) = values(fields, name)
    return value


CONTRACT = [
    ("Exhibit 10.1", 10.0),
    ("LICENSE AGREEMENT", 12.0),
    (
        "This License Agreement (the \u201cAgreement\u201d) is dated as of March 3, 2019, by and",
        10.0,
    ),
    (
        "between Acme Widgets Inc., a Delaware corporation (\u201cLicensor\u201d), and Blue River",
        10.0,
    ),
    ("Holdings LLC, a Texas limited liability company (\u201cLicensee\u201d).", 10.0),
    ("WHEREAS, Licensor owns certain software;", 10.0),
    ("1. Term. The initial term of this Agreement shall be three (3) years.", 10.0),
    ("2. Fees. Licensee shall pay a license fee of $250,000 on signature.", 10.0),
]
GOVERNING = [
    ("9. Governing Law. This Agreement shall be governed by and construed in", 10.0),
    ("accordance with the laws of the State of New York, without regard to conflicts.", 10.0),
]


def test_contract_fields(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(CONTRACT, GOVERNING), "contract")
    assert values(fields, "parties") == ["Acme Widgets Inc.", "Blue River Holdings LLC"]
    assert [v.index for v in fields.values if v.name == "parties"] == [0, 1]
    assert one(fields, "agreement_date") == "2019-03-03"
    assert one(fields, "governing_law") == "New York"
    assert one(fields, "term") == "three (3) years"
    assert one(fields, "contract_value") == "$250,000"
    assert fields.missing == ()


def test_effective_date_defined_in_the_text(extractor: FieldExtractor) -> None:
    lines = [
        *CONTRACT[:2],
        (
            'This Agreement is entered into on 5 May 2020 (the "Effective Date"), '
            "by and between Foo Bar Ltd. and Baz Quux Corp.",
            10.0,
        ),
    ]
    fields = extractor(make_doc(lines), "contract")
    assert one(fields, "effective_date") == "2020-05-05"
    assert one(fields, "agreement_date") == "2020-05-05"


def test_organised_under_laws_is_not_governing_law(extractor: FieldExtractor) -> None:
    lines = [
        *CONTRACT,
        ("Each party is duly organized under the laws of the State of Delaware.", 10.0),
    ]
    fields = extractor(make_doc(lines), "contract")
    assert "governing_law" in fields.missing
    assert not values(fields, "governing_law")


def test_governing_law_cut_by_a_page_break_is_read_on_its_page(extractor: FieldExtractor) -> None:
    first = [*CONTRACT, ("12. This Agreement shall be governed by the laws of the State of", 10.0),
             ("Page 1", 8.0)]  # fmt: skip
    second = [("Page 2", 8.0), ("New York, without regard to its conflict of laws rules.", 10.0)]
    fields = extractor(make_doc(first, second), "contract")
    (law,) = [v for v in fields.values if v.name == "governing_law"]
    assert (law.value, law.page_number) == ("New York", 2)
    assert law.box is not None  # found among the second page's words


def test_contract_without_preamble_reports_missing(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc([("Some unrelated page of text.", 10.0)]), "contract")
    assert fields.values == ()
    assert fields.missing == CANONICAL_FIELDS["contract"]


def test_box_holds_the_value_words(extractor: FieldExtractor) -> None:
    doc = make_doc(CONTRACT, GOVERNING)
    fields = extractor(doc, "contract")
    party = next(v for v in fields.values if v.name == "parties" and v.index == 1)
    words = [w for w in doc.pages[0].words if w.text in ("Blue", "River", "Holdings", "LLC,")]
    assert party.box is not None and party.page_number == 1
    assert party.box.x0 <= min(w.x0 for w in words) and party.box.x1 >= max(w.x1 for w in words)
    assert party.box.top <= min(w.top for w in words)
    assert party.box.bottom >= max(w.bottom for w in words)
    law = next(v for v in fields.values if v.name == "governing_law")
    assert law.page_number == 2 and law.box is not None and law.box.top > 40.0


PAPER = [
    ("Journal of Examples 12 (2020) 1-9", 8.0),
    ("Learning to Extract Fields", 18.0),
    ("from Scientific Documents", 18.0),
    ("Alice Johnson1, Robert Smith2 and Maria Garcia1", 11.0),
    ("1 Department of Computer Science, Example University", 9.0),
    ("2 Institute of Things, Springfield", 9.0),
    ("Abstract", 10.0),
    ("We study how to extract fields from scientific documents with layout cues and a small", 9.0),
    ("entity recogniser. Our method finds titles and authors reliably across many publishers", 9.0),
    ("and formats, and it is fast enough to run on millions of pages every day.", 9.0),
    ("Keywords: extraction, layout", 9.0),
    ("doi:10.1234/abcd.5678. Copyright \u00a9 2021 The Authors. arXiv:2101.01234v2", 8.0),
]


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


BODY = [("We report results on several data sets and compare them with earlier work.", 9.0)] * 8


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


CLAIM = [
    ("NOTICE OF LOSS", 14.0),
    ("Claim No.: CL-2023-00412   Policy Number: PN 77812-A", 10.0),
    ("Claimant Name: Jordan Miles   Phone: 555 0100", 10.0),
    ("Date of Loss: 03/14/2023   Location: Springfield", 10.0),
    ("Amount Claimed: $12,450.00", 10.0),
]


def test_claim_label_values(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(CLAIM), "claim")
    assert one(fields, "claim_number") == "CL-2023-00412"
    assert one(fields, "policy_number") == "PN 77812-A"
    assert one(fields, "claimant_name") == "Jordan Miles"
    assert one(fields, "date_of_loss") == "2023-03-14"
    assert one(fields, "amount_claimed") == "$12,450.00"


def test_blank_claim_form_gives_nothing(extractor: FieldExtractor) -> None:
    blank = [
        ("Claim No.:", 10.0),
        ("Policy Number:", 10.0),
        ("Claimant Name:", 10.0),
        ("Date of Loss:", 10.0),
        ("Amount Claimed:", 10.0),
    ]
    fields = extractor(make_doc(blank), "claim")
    assert fields.values == ()
    assert fields.missing == CANONICAL_FIELDS["claim"]


def test_reversed_hebrew_does_not_crash(extractor: FieldExtractor) -> None:
    reversed_line = "\u05dd\u05d9\u05dc\u05e9\u05d5\u05e8\u05d9 \u05dd\u05d5\u05dc\u05e9"
    fields = extractor(make_doc([(reversed_line, 10.0)]), "claim")
    assert fields.missing == CANONICAL_FIELDS["claim"]
    assert fix_rtl_line(reversed_line) == reversed_line[::-1]
    assert fix_rtl_line("\u05e9\u05dc\u05d5\u05dd") == "\u05e9\u05dc\u05d5\u05dd"


def test_other_type_has_no_fields(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(CLAIM), "other")
    assert fields.values == () and fields.missing == ()


@pytest.mark.parametrize(
    ("doc_type", "lines"),
    [("contract", CONTRACT + GOVERNING), ("research_paper", PAPER), ("claim", CLAIM)],
)
def test_every_value_is_well_formed(
    extractor: FieldExtractor, doc_type: DocType, lines: list[Line]
) -> None:
    fields = extractor(make_doc(lines), doc_type)
    assert fields.values and fields.model_version.startswith("fields-")
    for value in fields.values:
        assert 0.0 <= value.confidence <= 1.0
        assert value.extractor and value.raw and value.value
        assert value.box is not None and value.page_number == 1


def test_strong_patterns_beat_weak_guesses(extractor: FieldExtractor) -> None:
    hits = extract_paper(make_doc(PAPER), extractor.nlp, model=None)  # the rules' raw scores
    conf = {h.name: h.confidence for h in hits}
    assert conf["doi"] > conf["title"] >= 0.5


def test_header_model_values_keep_their_learned_confidence(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(PAPER), "research_paper")
    learned = [v for v in fields.values if v.extractor == "model.header"]
    assert {v.name for v in learned} >= {"title", "authors"}
    assert all(0.02 <= v.confidence <= 0.98 for v in learned)


def test_pipe_keeps_order(extractor: FieldExtractor) -> None:
    docs = [(make_doc(CLAIM), "claim"), (make_doc(PAPER), "research_paper")]
    assert [f.doc_type for f in extractor.pipe(docs)] == ["claim", "research_paper"]


def test_a_dagger_read_by_ocr_as_a_question_mark_is_not_part_of_a_name(
    extractor: FieldExtractor,
) -> None:
    lines = [PAPER[1], PAPER[2], ("Alice Johnson and Robert Smith?", 11.0), *PAPER[4:-1]]
    assert values(extractor(make_doc(lines), "research_paper"), "authors") == [
        "Alice Johnson",
        "Robert Smith",
    ]


def test_confidences_from_generated_data_alone_stay_under_the_ceiling(
    extractor: FieldExtractor,
) -> None:
    from kpo.models.fields import GENERATED_CEILING

    fields = extractor(make_doc(CLAIM), "claim")  # claims: calibrated on generated data only
    assert fields.values
    assert all(v.confidence <= GENERATED_CEILING for v in fields.values)


def test_the_ceiling_keeps_the_order_of_confidences() -> None:
    from kpo.models.fields import GENERATED_CEILING, under_ceiling

    assert under_ceiling(0.5) == 0.5
    assert under_ceiling(0.95) < under_ceiling(0.99) <= GENERATED_CEILING
