"""A contract's term from the sentence that sets it, on one-page texts."""

from __future__ import annotations

import pytest

from kpo.models.fields_pages import run_on
from kpo.models.fields_term import extract_term
from kpo.records import DocumentMeta, ExtractedDocument, Page


def term(*paragraphs: str) -> str | None:
    text = "\r\n\r\n".join(paragraphs)
    page = Page(1, 612.0, 792.0, text, ())
    doc = ExtractedDocument("id", "t.pdf", DocumentMeta(page_count=1), (page,))
    hit = extract_term(tuple(run_on(doc)))
    return hit.value if hit else None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "1. Term. The initial term of this Agreement shall be three (3) years.",
            "three (3) years",
        ),
        (
            "This Agreement shall be effective as of the later of (i) the date hereof or (ii) the "
            "date the records are converted, and shall continue for three years thereafter (the "
            "\u201cInitial Term\u201d).",
            "three years",
        ),
        ("The Licensee is granted an initial term of 36 months from the Launch.", "36 months"),
        ("This Agreement has a 5-year initial term (the \u201cTerm\u201d).", "5-year"),
        (
            "Unless earlier terminated, this Agreement shall continue for two (2) years.",
            "two (2) years",
        ),
        (
            "TERM. This Agreement is effective as of the Effective Date and will remain in effect "
            "for three (3) years.",
            "three (3) years",
        ),
        (
            "Unless sooner terminated as provided herein, the Agreement shall continue for a "
            "period of ten (10) years.",
            "ten (10) years",
        ),
        (
            "This Lease shall be for a term of five (5) years commencing on the Commencement Date.",
            "five (5) years",
        ),
        ("The Term shall be three (3) years from the Effective Date.", "three (3) years"),
        (
            "This Agreement shall be effective on the Effective Date and shall remain in effect "
            "for a period of eighteen months.",
            "eighteen months",
        ),
        (
            "The Term of this Agreement shall be twenty four months from the Effective Date.",
            "twenty four months",
        ),
        ("The initial term of this Lease shall be fifty (50) years.", "fifty (50) years"),
    ],
)
def test_a_duration_in_a_term_sentence_is_the_term(sentence: str, expected: str) -> None:
    assert term(sentence) == expected


def test_a_start_and_an_end_date_make_a_range() -> None:
    sentence = (
        'The term of this Agreement will commence on January 1, 1998 (the "Effective Date") '
        "and will end on December 31, 1998."
    )
    assert term(sentence) == "January 1, 1998 to December 31, 1998"


def test_an_end_date_alone_is_until_that_date() -> None:
    sentence = (
        "Unless otherwise terminated, the term of this Agreement shall commence on the Effective "
        "Date and shall terminate on December 31, 2034 (such period, including as may be "
        "extended, the \u201cTerm\u201d)."
    )
    assert term(sentence) == "until December 31, 2034"


def test_renewal_periods_are_not_the_initial_term() -> None:
    sentence = (
        "This Agreement shall commence on the Effective Date and continue until June 30, 2027, "
        "and shall renew automatically for successive five (5) year terms."
    )
    assert term(sentence) == "until June 30, 2027"


def test_obligations_during_or_after_the_term_are_not_the_term() -> None:
    survival = (
        "During the term of this Agreement and for a period of seven (7) years after its "
        "termination, each Party shall maintain in confidence the other's know-how."
    )
    after = (
        "The term of this Agreement ends when the Project ends, and for two (2) years after its "
        "expiration the Licensee shall keep records."
    )
    assert term(survival) is None
    assert term(after) is None


def test_a_duration_outside_a_term_sentence_is_ignored() -> None:
    assert term("The Supplier warrants the Products for a period of two (2) years.") is None


def test_the_first_term_sentence_wins() -> None:
    first = "The term of this Agreement shall be five (5) years from the Effective Date."
    later = "This Agreement shall remain in effect for ten (10) years."
    assert term(first, later) == "five (5) years"


def test_abbreviated_months_do_not_end_the_sentence() -> None:
    sentence = (
        "The term of this Agreement will commence on Jan. 1, 2020 and will end on Feb. 20, 2026."
    )
    assert term(sentence) == "Jan. 1, 2020 to Feb. 20, 2026"


def test_a_numbered_sentence_about_the_term_starts_at_its_number() -> None:
    text = (
        "4.2 The obligations in this Section survive termination for five (5) years.\r\n"
        "4.3 During the term of this Agreement each Party shall keep records."
    )
    assert term(text) is None


def test_an_anniversary_that_ends_the_term_is_a_number_of_years() -> None:
    sentence = (
        "This Agreement shall commence on the Effective Date and expire on the fifth (5th) "
        "anniversary of the Effective Date."
    )
    assert term(sentence) == "5 years"
    first = "The term of this Agreement shall end on the 1st anniversary of the Launch Date."
    assert term(first) == "1 year"


def test_an_anniversary_that_does_not_end_the_term_is_not_the_term() -> None:
    sentence = (
        "The term of this Agreement shall commence on the Effective Date; fees rise on the "
        "first anniversary of the Effective Date."
    )
    assert term(sentence) is None


def test_a_duration_before_the_end_date_wins_over_the_range() -> None:
    sentence = (
        "The term of this Agreement shall commence on January 1, 2020 and continue for a "
        "period of three (3) years, ending on December 31, 2022."
    )
    assert term(sentence) == "three (3) years"


def test_the_term_of_a_license_granted_inside_the_agreement_is_not_its_term() -> None:
    sentence = (
        "The Distributor may sell the Products for the term of the license granted in "
        "Section 2, and the term of such license shall be at least five (5) years."
    )
    assert term(sentence) is None
