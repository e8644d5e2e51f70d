"""Contract fields on small hand-built documents, one behaviour per test."""

from __future__ import annotations

from kpo.fieldspec import CANONICAL_FIELDS
from kpo.models.fields import FieldExtractor

from .field_docs import CONTRACT, GOVERNING, make_doc, one, values


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
