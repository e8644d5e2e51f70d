"""kpo.textsafe: every string becomes valid UTF-8; undecodable paths are escaped and flagged."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

from kpo.textsafe import all_clean, clean_optional, clean_text, escape_path, is_clean

BOLD_A = "\U0001d400"  # MATHEMATICAL BOLD CAPITAL A
HIGH, LOW = "\ud835", "\udc00"  # its UTF-16 code units, as pdfium's char list gives them


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")  # raises on a surrogate, as pyarrow refuses the row


def test_a_surrogate_pair_is_joined_into_its_character() -> None:
    assert clean_text(f"over {HIGH}{LOW}-Modules") == f"over {BOLD_A}-Modules"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"a{HIGH}b", "a\ufffdb"),  # a high surrogate alone
        (f"a{LOW}b", "a\ufffdb"),  # a low surrogate alone
        (f"{LOW}{HIGH}", "\ufffd\ufffd"),  # a pair in the wrong order is two lone halves
        (f"{HIGH}{HIGH}{LOW}", f"\ufffd{BOLD_A}"),  # a lone half before a good pair
        (os.fsdecode(b"caf\xe9"), "caf\ufffd"),  # a file name's escape inside text
    ],
)
def test_lone_surrogates_are_replaced(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_a_control_character_inside_a_doi_like_token_is_replaced() -> None:
    cleaned = clean_text("doi:10.1000/\x00182\x07\x1b[31m x\x7f\x9b")
    assert cleaned == "doi:10.1000/\ufffd182\ufffd\ufffd[31m x\ufffd\ufffd"
    assert cleaned.split() == ["doi:10.1000/\ufffd182\ufffd\ufffd[31m", "x\ufffd\ufffd"]


def test_controls_that_are_white_space_become_a_space_so_words_stay_apart() -> None:
    text = "one\x0btwo\x0cthree\x1cfour\x85five"
    assert clean_text(text) == "one two three four five"
    assert clean_text(text).split() == text.split()


def test_tab_newline_and_carriage_return_are_kept() -> None:
    assert clean_text("a\tb\r\nc\n") == "a\tb\r\nc\n"


def test_clean_text_returns_the_same_string_when_nothing_needs_mending() -> None:
    text = f"plain text, é, {BOLD_A}, \ufffe and \u2028"
    assert clean_text(text) is text
    assert is_clean(text) and all_clean([text, "x"]) and all_clean([])


@pytest.mark.parametrize(
    "text", [f"{HIGH}", f"x{LOW}{LOW}y", f"{HIGH}{LOW}\x02\x03", "\udcff\udc80 \ud800"]
)
def test_arrow_refuses_a_surrogate_and_accepts_the_cleaned_string(text: str) -> None:
    with pytest.raises(UnicodeEncodeError):  # what took the batch down (issue 16)
        pa.array([text], pa.string())
    cleaned = clean_text(text)
    assert is_clean(cleaned) and _utf8(cleaned)
    assert pa.array([cleaned], pa.string()).to_pylist() == [cleaned]


def test_clean_optional_keeps_none() -> None:
    assert clean_optional(None) is None and clean_optional(f"{HIGH}{LOW}") == BOLD_A


def test_all_clean_finds_one_bad_string_among_many() -> None:
    assert not all_clean(["fine", "also fine", f"bad{HIGH}"])
    assert not all_clean(["fine", "bad\x00"])


def test_a_file_name_that_is_not_utf8_is_escaped_and_flagged() -> None:
    path = os.fsdecode(b"/in/caf\xe9-report.pdf")
    assert escape_path(path) == ("/in/caf\\xe9-report.pdf", True)
    assert os.fsencode(path) == b"/in/caf\xe9-report.pdf"  # the original still names the file


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/in/a\nb.pdf", "/in/a\\x0ab.pdf"),  # a newline would break a log line
        ("/in/\x1b[2Jx.pdf", "/in/\\x1b[2Jx.pdf"),  # a terminal escape sequence
        ("/in/x\x85.pdf", "/in/x\\u0085.pdf"),
        (f"/in/{HIGH}.pdf", "/in/\\xed\\xa0\\xb5.pdf"),  # a surrogate that is no PEP 383 escape
    ],
)
def test_control_characters_and_other_surrogates_in_a_path_are_escaped(
    path: str, shown: str
) -> None:
    assert escape_path(path) == (shown, True)
    assert _utf8(shown)


@pytest.mark.parametrize("path", ["/in/report.pdf", "/in/café/résumé.pdf", f"/in/{BOLD_A}.pdf"])
def test_a_valid_path_is_kept_as_it_is(path: str) -> None:
    assert escape_path(path) == (path, False)
