"""Paper values from labelled header tokens."""

from __future__ import annotations

import pytest

from kpo.models.header_model import Labelled
from kpo.models.header_tokens import HeaderToken
from kpo.models.header_values import header_values, join_tokens, runs


def tok(text: str, word: int = -1) -> HeaderToken:
    return HeaderToken(text, "BLOCKIN", "LINEIN", "ALIGNEDLEFT", "SAMEFONTSIZE", False, word)


def labelled(*pairs: tuple[str, str, float]) -> tuple[list[HeaderToken], list[Labelled]]:
    return [tok(t) for t, _, _ in pairs], [Labelled(f, p) for _, f, p in pairs]


def test_pieces_of_one_word_are_glued_and_words_spaced() -> None:
    tokens = [tok("Olarerin", 0), tok("-", 0), tok("George", 0), tok(",", 0), tok("Ada", 1)]
    assert join_tokens(tokens, range(5)) == "Olarerin-George, Ada"


def test_tokens_without_words_are_spaced_as_english() -> None:
    tokens = [tok(t) for t in ["Fine", "(", "field", ")", "tests", ":", "a", "-", "b"]]
    assert join_tokens(tokens, range(len(tokens))) == "Fine (field) tests: a-b"


def test_runs_are_maximal() -> None:
    _, labels = labelled(("a", "title", 1), ("b", "title", 1), ("c", "other", 1), ("d", "title", 1))
    assert runs(labels, "title") == [[0, 1], [3]]


def test_values_and_their_mean_probability() -> None:
    tokens, labels = labelled(
        ("Journal", "other", 0.9),
        ("Fine", "title", 0.8),
        ("Tests", "title", 0.6),
        ("Ada", "authors", 0.9),
        ("Lovelace", "authors", 0.9),
        ("1", "authors", 0.9),
        (",", "authors", 0.9),
        ("Alan", "authors", 0.7),
        ("Turing", "authors", 0.7),
        ("Received", "date", 0.5),
        ("2020", "date", 0.7),
        ("doi", "pubnum", 0.8),
        (":", "pubnum", 0.8),
        ("10.1234/abc.5\x02", "pubnum", 0.8),
        ("arXiv", "pubnum", 0.6),
        (":", "pubnum", 0.6),
        ("2101.01234v2", "pubnum", 0.6),
    )
    found = {(v.field, v.value): round(v.probability, 3) for v in header_values(tokens, labels)}
    assert found == {
        ("title", "Fine Tests"): 0.7,
        ("authors", "Ada Lovelace"): 0.833,
        ("authors", "Alan Turing"): 0.833,
        ("year", "2020"): 0.6,
        ("doi", "10.1234/abc.5"): 0.7,  # one run holds both ids: its mean
        ("arxiv_id", "2101.01234"): 0.7,
    }


def test_no_labels_no_values() -> None:
    tokens, labels = labelled(("Some", "other", 0.9), ("text", "other", 0.9))
    assert header_values(tokens, labels) == []


def test_a_title_without_letters_is_no_title() -> None:
    tokens, labels = labelled(("12", "title", 0.9), ("Real", "other", 0.9))
    assert header_values(tokens, labels) == []


def line(texts: list[str], *, gaps: tuple[int, ...] = ()) -> list[HeaderToken]:
    """Tokens of one line: the first starts the line, those at ``gaps`` follow a wide space."""
    return [
        HeaderToken(t, "BLOCKIN", "LINESTART" if i == 0 else "LINEIN", "ALIGNEDLEFT",
                    "SAMEFONTSIZE", False, -1, i in gaps)
        for i, t in enumerate(texts)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "names"),
    [
        # one name a line, markers after each
        ([line(["Ada", "Lovelace", "1"]), line(["Alan", "Turing", "2"])],
         ["Ada Lovelace", "Alan Turing"]),
        # a name broken across two lines
        ([line(["Ada", "Lovelace", ",", "Alan"]), line(["Turing", "2", ",", "Grace", "Hopper"])],
         ["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
        # two names side by side, a wide space between
        ([line(["Yusuke", "Shinyama", "Satoshi", "Sekine"], gaps=(2,))],
         ["Yusuke Shinyama", "Satoshi Sekine"]),
        # a line ending with "and" joins the next without a second separator
        ([line(["Ada", "Lovelace", "and"]), line(["Alan", "Turing"])],
         ["Ada Lovelace", "Alan Turing"]),
    ],
)  # fmt: skip
def test_bylines_over_lines_and_columns(lines: list[list[HeaderToken]], names: list[str]) -> None:
    tokens = [t for group in lines for t in group]
    found = header_values(tokens, [Labelled("authors", 0.9) for _ in tokens])
    assert [v.value for v in found] == names


def test_a_banner_in_another_size_is_cut_from_the_title() -> None:
    def tok2(text: str, line: str, size: str, largest: bool) -> HeaderToken:
        return HeaderToken(text, "BLOCKIN", line, "ALIGNEDLEFT", size, largest)

    tokens = [
        tok2("IOP", "LINESTART", "HIGHERFONT", False),
        tok2("journal", "LINEIN", "SAMEFONTSIZE", False),
        tok2("Apparent", "LINESTART", "HIGHERFONT", True),
        tok2("accelerations", "LINEIN", "SAMEFONTSIZE", True),
        tok2("of", "LINESTART", "SAMEFONTSIZE", True),  # the title's second line
        tok2("the", "LINEIN", "SAMEFONTSIZE", True),
        tok2("Universe", "LINEIN", "SAMEFONTSIZE", True),
    ]
    (title,) = header_values(tokens, [Labelled("title", 0.8) for _ in tokens])
    assert title.value == "Apparent accelerations of the Universe"
