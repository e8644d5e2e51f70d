"""Typed answers: a correction is read by its field's kind, or refused saying what to type."""

from __future__ import annotations

import pytest

from kpo.errors import ConfigError
from kpo.records import Box
from kpo.review.answers import check_decision, parse_answer, parse_box
from kpo.review.model import Decision, QueueItem


def _item(field: str | None, value: str | None = "x", page: int | None = 1) -> QueueItem:
    head = (7, "acme", "b1", "d1", "/in/d1.pdf", "contract", field, "low_confidence")
    return QueueItem(*head, value, 0.3, 0.7, page, None, "claimed", "2026-01-01T00:00:00+00:00")


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("agreement_date", "31 March 2024", "2024-03-31"),
        ("agreement_date", " March 31, 2024 ", "2024-03-31"),
        ("date_of_loss", "2024-03-31", "2024-03-31"),
        ("contract_value", "$1,250,000", "USD 1,250,000"),
        ("contract_value", "EUR 3.400,50", "EUR 3,400.50"),
        ("amount_claimed", "12,000.5", "12,000.5"),
        ("year", " 2021 ", "2021"),
        ("governing_law", "  New York \n", "New York"),
        ("parties", "ACME Corp.", "ACME Corp."),
    ],
)
def test_a_correction_is_stored_normalised_by_its_field_kind(
    field: str, typed: str, stored: str
) -> None:
    assert parse_answer(_item(field), typed) == stored


@pytest.mark.parametrize(
    ("field", "typed", "hint"),
    [
        ("agreement_date", "next Tuesday", "type a date such as 2024-03-31 or 31 March 2024"),
        ("agreement_date", "2024-02-30", "type a date such as"),
        ("contract_value", "n/a", "type an amount such as 1,250.00 or USD 1,250.00"),
        ("year", "twenty", "type a year of four digits"),
        ("governing_law", "   ", "type the value as the document writes it"),
    ],
)
def test_a_value_that_does_not_parse_is_refused_saying_what_to_type(
    field: str, typed: str, hint: str
) -> None:
    with pytest.raises(ConfigError, match=r"^E512 ") as refused:
        parse_answer(_item(field), typed)
    assert hint in str(refused.value) and field in str(refused.value)
    assert "Nothing was saved" in str(refused.value)


def test_a_document_type_takes_no_typed_value() -> None:
    with pytest.raises(ConfigError, match=r"^E511 .*contract, research_paper, claim, other"):
        parse_answer(_item(None, "contract"), "invoice")


@pytest.mark.parametrize(
    ("decision", "why"),
    [
        (Decision("correct", value="Invoice"), "E511"),
        (Decision("absent"), "E511"),
        (Decision("reclassify", doc_type="invoice"), "E505"),  # type: ignore[arg-type]
    ],
)
def test_a_document_type_is_only_accepted_rejected_or_reclassified(
    decision: Decision, why: str
) -> None:
    with pytest.raises(ConfigError, match=rf"^{why} "):
        check_decision(_item(None, "contract"), decision)
    assert check_decision(_item(None), Decision("reclassify", doc_type="claim")).doc_type == "claim"


@pytest.mark.parametrize(
    ("item", "decision", "why"),
    [
        (_item("term", None), Decision("accept"), "no proposed value to accept; correct it, mark"),
        (_item("term"), Decision("correct", value=" "), "a correction needs a new value"),
        (_item("term", page=None), Decision("correct", value="v", box=Box(1, 2, 3, 4)),
         "a new box needs a page number"),
        (_item("term"), Decision("reject"), "a rejection needs a reason"),
    ],
)  # fmt: skip
def test_an_incomplete_decision_says_what_it_lacks_in_words_for_any_face(
    item: QueueItem, decision: Decision, why: str
) -> None:
    with pytest.raises(ConfigError, match=r"^E505 ") as refused:
        check_decision(item, decision)
    assert why in str(refused.value) and "--" not in str(refused.value)


def test_absent_keeps_no_value_or_box_and_a_new_box_takes_the_item_page() -> None:
    absent = Decision("absent", value="x", box=Box(1, 2, 3, 4), page_number=2, reason=" blank ")
    assert check_decision(_item("term"), absent) == Decision("absent", reason="blank")
    moved = check_decision(_item("agreement_date"), Decision("correct", value="1 May 2020",
                                                             box=Box(1, 2, 3, 4)))  # fmt: skip
    assert moved.value == "2020-05-01" and moved.page_number == 1


@pytest.mark.parametrize("text", ["1,2,3", "1,2,x,4", "3,2,1,4", "1,2,inf,4", "1,nan,3,4"])
def test_a_box_that_is_not_four_finite_ordered_numbers_is_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="E509"):
        parse_box(text)


def test_a_box_is_read_in_pdf_points_and_a_blank_one_is_none() -> None:
    assert parse_box(" 1, 2.5 ,3,4") == Box(1.0, 2.5, 3.0, 4.0)
    assert parse_box("") is None and parse_box(None) is None
