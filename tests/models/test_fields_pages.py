"""Page text that runs on into the next page, furniture left out."""

from __future__ import annotations

from kpo.models.fields_pages import run_on
from kpo.models.fields_term import extract_term
from kpo.records import DocumentMeta, ExtractedDocument, Page


def doc(*texts: str) -> ExtractedDocument:
    pages = tuple(Page(i, 612.0, 792.0, t, ()) for i, t in enumerate(texts, start=1))
    return ExtractedDocument("id", "t.pdf", DocumentMeta(page_count=len(pages)), pages)


SOURCE = "Source: ACME INC, 10-K, 3/1/2021\n"
THREE_PAGES = doc(
    f"ACME SUPPLY AGREEMENT\nFirst page body ends mid sentence and\n{SOURCE}Page 1 of 3\n",
    "ACME SUPPLY AGREEMENT\ngoes on here. The term of this Agreement shall continue until\n"
    f"{SOURCE}Page 2 of 3\n",
    f"ACME SUPPLY AGREEMENT\nDecember 31, 2030, unless terminated earlier.\n{SOURCE}Page 3 of 3",
)


def test_the_next_page_follows_without_running_headers_footers_or_numbers() -> None:
    first, second, last = run_on(THREE_PAGES)
    assert first.text == (
        "ACME SUPPLY AGREEMENT\nFirst page body ends mid sentence and\n"
        f"goes on here. The term of this Agreement shall continue until\n{SOURCE}Page 2 of 3\n"
    )
    assert "continue until\nDecember 31, 2030, unless terminated earlier." in second.text
    assert last.next_page is None and last.text.endswith("unless terminated earlier.")


def test_positions_past_the_cut_map_to_the_next_page() -> None:
    second = list(run_on(THREE_PAGES))[1]
    position = second.text.index("December")
    assert second.next_page is not None
    assert second.next_page.text[second.on_next_page(position) :].startswith("December 31")
    assert second.on_next_page(second.text.index("until")) is None


def test_a_term_cut_by_a_page_break_is_read_and_placed_on_the_page_of_its_date() -> None:
    hit = extract_term(tuple(run_on(THREE_PAGES)))
    assert hit is not None and hit.value == "until December 31, 2030"
    assert hit.page_number == 3
    assert THREE_PAGES.pages[2].text[hit.start :].startswith("December 31, 2030")
