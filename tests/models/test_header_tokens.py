"""A title page's header as tokens with GROBID's layout columns, computed from kpo's words."""

from __future__ import annotations

from collections.abc import Sequence

from kpo.datasets.grobid_features import FeatureRow
from kpo.models.header_tokens import from_page, from_rows, header_lines, text_features
from kpo.records import Page, Word

Line = tuple[str, float, float]  # text, font size, gap above the line in points


def page(lines: Sequence[Line]) -> Page:
    words, top = [], 40.0
    for text, size, gap in lines:
        top += gap
        x = 50.0
        for token in text.split():
            width = 0.5 * size * len(token)
            words.append(Word(token, x, top, x + width, top + size, size))
            x += width + 0.3 * size
        top += size * 1.2
    return Page(1, 612.0, 792.0, "\n".join(t for t, _, _ in lines), tuple(words))


HEADER = [
    ("Journal of Tests 12", 8.0, 0.0),
    ("Fine Field Tests", 16.0, 12.0),
    ("Ada Olarerin-George, Alan Turing", 10.0, 10.0),
    ("1 Dept. of Logic", 8.0, 1.0),
    ("Abstract", 10.0, 14.0),
    ("We test things here.", 9.0, 1.0),
    ("1 Introduction", 11.0, 14.0),
    ("Body text that is not the header.", 9.0, 1.0),
]


def test_the_header_ends_at_the_introduction() -> None:
    lines = header_lines(page(HEADER))
    assert [line.text for line in lines][-1] == "We test things here."


def test_tokens_split_as_grobid_and_remember_their_word() -> None:
    p = page(HEADER)
    tokens = from_page(p)
    hyphenated = [t for t in tokens if p.words[t.word].text == "Olarerin-George,"]
    assert [t.text for t in hyphenated] == ["Olarerin", "-", "George", ","]
    assert len({t.word for t in hyphenated}) == 1


def test_layout_columns_follow_grobid_definitions() -> None:
    tokens = from_page(page(HEADER))
    by_text = {t.text: t for t in tokens}
    title = [t for t in tokens if t.text in ("Fine", "Field", "Tests") and t.largest_font]
    assert [t.text for t in title] == ["Fine", "Field", "Tests"]
    assert by_text["Fine"].font_size == "HIGHERFONT"
    assert by_text["Field"].font_size == "SAMEFONTSIZE"
    assert by_text["Ada"].font_size == "LOWERFONT"
    assert (by_text["Fine"].line, by_text["Field"].line) == ("LINESTART", "LINEIN")
    assert by_text["Fine"].block == "BLOCKSTART"  # a gap above and a new size: a new block
    affiliation = next(t for t in tokens if t.text == "1")
    assert affiliation.block == "BLOCKSTART"  # no gap, but a smaller font: a new block
    assert by_text["Abstract"].block == "BLOCKSTART"
    assert by_text["We"].block == "BLOCKIN"  # no gap, about the same size: the same block
    assert by_text["here"].block == "BLOCKIN" and by_text["."].block == "BLOCKEND"


def test_max_tokens_caps_the_header() -> None:
    assert len(from_page(page(HEADER), max_tokens=5)) == 5


def test_a_page_without_words_has_no_tokens() -> None:
    assert from_page(Page(1, 612.0, 792.0, "", ())) == []


def test_text_features_come_from_the_text_alone() -> None:
    assert text_features("IEEE")["capitals"] == "ALLCAP"
    assert text_features("Tests")["capitals"] == "INITCAP"
    assert text_features("2019")["year"] and text_features("2019")["digits"] == "ALLDIGIT"
    assert text_features("x2")["digits"] == "CONTAINSDIGITS"
    assert text_features("(")["punctuation"] == "OPENBRACKET"
    assert text_features("March")["month"] and not text_features("march")["month"]
    assert text_features("a@b.org")["email"] and text_features("the")["common_word"]


def test_training_tokens_keep_grobids_layout() -> None:
    row = FeatureRow("Fine", "BLOCKSTART", "LINESTART", "LINEINDENT", True, "HIGHERFONT",
                     True, False, "INITCAP", "NODIGIT", False, False, False, False, False,
                     False, False, False, "NOPUNCT", True, False, True)  # fmt: skip
    (token,) = from_rows([row])
    assert (token.block, token.alignment, token.font_size, token.largest_font) == (
        "BLOCKSTART",
        "LINEINDENT",
        "HIGHERFONT",
        True,
    )
    assert token.word == -1


def test_a_wide_space_between_words_is_marked() -> None:
    p = page([("Title Words Here", 16.0, 0.0), ("Yusuke Shinyama", 10.0, 10.0)])
    far = Word("Satoshi", 300.0, p.words[-1].top, 335.0, p.words[-1].bottom, 10.0)
    words = (*p.words, far, Word("Sekine", 338.0, far.top, 368.0, far.bottom, 10.0))
    tokens = from_page(Page(1, 612.0, 792.0, p.text, words))
    assert [t.text for t in tokens if t.gap_before] == ["Satoshi"]
