"""A page's words as columns (kpo/words.py): a sequence of Word, cheap to pickle, checked."""

from __future__ import annotations

import gc
import math
import pickle
import pickletools
import tracemalloc
from array import array
from dataclasses import replace

import pytest

from kpo.extractors.sandbox_child import load_answer
from kpo.records import Box, DocumentMeta, ExtractedDocument, Page, Table, Word
from kpo.words import Words

LAYER = (Word("Acme", 10, 20, 40, 30, 11), Word("Café", 42, 20, 70, 30, 11))
OCR = (Word("RECEIVED", 10, 100, 60, 112, 12, conf=0.8), Word("\U0001d400x", 1, 2, 3, 4, 5))


def _page(words: tuple[Word, ...] = (*LAYER, *OCR), number: int = 1) -> Page:
    return Page(number, 612, 792, " ".join(w.text for w in words), words, source="ocr")


def _words(n: int) -> tuple[Word, ...]:
    return tuple(
        Word(f"w{i}", i, 2 * i, i + 5, 2 * i + 9, 10, 0.5 if i % 3 else None) for i in range(n)
    )


def test_a_page_keeps_its_words_as_columns_and_as_the_same_objects_once_made() -> None:
    page = _page()
    assert isinstance(page.words, Words)
    assert tuple(page.words) == (*LAYER, *OCR)
    first = tuple(page.words)
    assert all(again is made for again, made in zip(page.words, first, strict=True))
    assert replace(page, text="x").words is page.words


def test_words_given_as_objects_are_not_kept_beside_their_columns() -> None:
    tracemalloc.start()
    try:
        given = [Word(f"w{i}", i + 0.5, 1.5, i + 1.5, 10.5, 9.5) for i in range(20_000)]
        made = tracemalloc.get_traced_memory()[0]
        words = Words(given)
        del given
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(words) == 20_000 and words[7].text == "w7"
    assert kept < made / 2  # the columns (about 1.1 MB), not 20,000 tuples of 5 floats


def test_words_behave_as_a_tuple_of_word() -> None:
    words = _page().words
    everything = (*LAYER, *OCR)
    assert len(words) == 4 and words[1].text == "Café" and words[-1] == OCR[1]
    assert words[1:3] == everything[1:3] and isinstance(words[1:3], tuple)
    assert list(words) == list(everything) and OCR[0] in words and words.index(OCR[0]) == 2
    assert words == everything and words != everything[:3] and words != list(everything)
    assert hash(words) == hash(everything)
    assert (*words[:1], *words[1:]) == everything and not Words() and Words() == ()
    with pytest.raises(IndexError):
        words[4]


def test_columns_read_back_as_the_words_they_came_from() -> None:
    words = Words(LAYER + OCR)
    assert words.texts == ("Acme", "Café", "RECEIVED", "\U0001d400x")
    assert words.joined_text == "AcmeCaféRECEIVED\U0001d400x"
    assert words.offsets.tolist() == [0, 4, 8, 16, 18] and len(words.numbers) == 6 * 4
    with pytest.raises(TypeError):
        words.numbers[0] = 99.0  # a record: its columns are read-only
    assert list(words.column("x0")) == [10, 42, 10, 1]
    conf = words.column("conf")
    assert math.isnan(conf[0]) and conf[2] == 0.8  # None is NaN in the column
    columns = [words.column(name) for name in ("x0", "top", "x1", "bottom", "size")]
    rebuilt = Words.from_columns(words.texts, *columns, conf=[w.conf for w in words])
    assert rebuilt == words and rebuilt.as_tuple() == LAYER + OCR
    assert Words.from_columns(["a"], [1], [2], [3], [4], [5])[0] == Word("a", 1, 2, 3, 4, 5)
    with pytest.raises(ValueError, match="2 values each"):
        Words.from_columns(["a", "b"], [1, 2], [2, 2], [3, 3], [4, 4], [5], conf=None)
    with pytest.raises(ValueError, match="2 values each"):
        Words.from_columns(["a", "b"], [1, 2], [2, 2], [3, 3], [4, 4], [5, 5], conf=[])


def test_pages_compare_by_their_words() -> None:
    assert _page() == _page() and [_page(), _page(LAYER)] == [_page(), _page(LAYER)]
    assert _page() != _page(LAYER + OCR[:1]) and _page(LAYER) != _page(LAYER[::-1])
    moved = (replace(LAYER[0], x0=11), LAYER[1])
    assert _page(LAYER) != _page(moved)
    assert _page() == pickle.loads(pickle.dumps(_page()))


def test_unpickled_words_are_made_once_and_keep_their_identity() -> None:
    words = pickle.loads(pickle.dumps(_page())).words
    assert words[0] is words[0] and next(iter(words)) is words[0]
    assert words == (*LAYER, *OCR) and words[3].conf is None and words[2].conf == 0.8


def _opcodes(page: Page) -> int:
    """How many pickle opcodes ``page`` takes (framing left out)."""
    data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
    return sum(op.name != "FRAME" for op, _, _ in pickletools.genops(data))


def test_the_pickle_of_a_page_holds_no_object_a_word() -> None:
    """Issue 19: a tuple of Word pickled several objects a word, 7 us a word a hop."""
    small, large = _opcodes(_page(_words(10))), _opcodes(_page(_words(2000)))
    assert small == large < 60  # the same few objects, whatever the number of words
    data = pickle.dumps(_page(_words(2000)), protocol=pickle.HIGHEST_PROTOCOL)
    assert b"Word\x94" not in data.replace(b"Words", b"")  # no Word class in the pickle
    assert pickle.loads(data).words == _words(2000)


def _document(*pages: Page) -> ExtractedDocument:
    return ExtractedDocument("d", "/in/a.pdf", DocumentMeta(len(pages)), pages)


def test_an_extracted_document_passes_the_sandbox_answer_loader() -> None:
    table = Table(1, 0, Box(0, 0, 100, 50), (("a", None),))
    document = _document(replace(_page(), tables=(table,)), _page(_words(300), 2))
    assert load_answer(pickle.dumps(("ok", document))) == ("ok", document)
    with pytest.raises(pickle.UnpicklingError, match="Word is not part of an answer"):
        load_answer(pickle.dumps(("ok", LAYER)))  # Word objects never need to cross


def _tampered(**parts: object) -> bytes:
    words = Words(LAYER)
    for name, value in parts.items():
        setattr(words, name, value)
    return pickle.dumps(("ok", _document(replace(_page(), words=words))))


@pytest.mark.parametrize(
    "parts",
    [
        {"_offsets": array("i", [0, 9, 4])},  # a word that ends before it starts
        {"_offsets": array("i", [0, 4, 99])},  # past the end of the text
        {"_offsets": array("i", [1, 4, 8])},  # not from the start
        {"_numbers": array("d", [1.0] * 11)},  # one number short
        {"_text": b"AcmeCafe"},  # not a str
    ],
)  # fmt: skip
def test_the_loader_refuses_words_whose_columns_do_not_agree(parts: dict[str, object]) -> None:
    """A subverted child must not make the parent read past a buffer (Arrow trusts offsets)."""
    with pytest.raises(ValueError, match="Words"):
        load_answer(_tampered(**parts))
