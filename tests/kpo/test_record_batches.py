"""The pages table's words come from their columns, and hold what one dict a word held."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from kpo.journal import Journal, JournalEntry
from kpo.record_batches import rows_to_batch
from kpo.records import DocumentResult, Page, Word
from kpo.rows import Row, page_row, result_rows
from kpo.schema import DOCUMENTS, PAGES, with_version
from kpo.textsafe import all_clean, clean_text
from kpo.words import Words

KEYS = {"client": "acme", "batch_id": "b1", "doc_id": "d1"}
PAIR = "\ud835\udc00"  # pdfium's view of U+1D400, a character outside the BMP

PAGES_OF_WORDS = {
    "ascii": (Word("Acme", 10, 20, 40.123456789, 30, 11), Word("Ltd.", 42, 20, 60, 30, 11.5)),
    "non-ascii": (
        Word("Café", 1, 2, 3, 4, 5), Word("\U0001d400-Modules", 6, 7, 8, 9, 10),
        Word("日本語", 1e-9, 1e30, -0.0, 4, 5), Word("", 0, 0, 0, 0, 0), Word("ok", 1, 1, 1, 1, 1),
    ),
    "ocr": (Word("RECEIVED", 10, 100, 60, 112, 12, conf=0.817), Word("x", 1, 2, 3, 4, 5, 0.0)),
    "mixed conf": (Word("a", 1, 2, 3, 4, 5, conf=0.5), Word("b", 1, 2, 3, 4, 5)),
    "dirty": (
        Word(f"{PAIR}-x", 1, 2, 3, 4, 5), Word("a\x00b\x0bc", 1, 2, 3, 4, 5),
        Word("\ud835", 1, 2, 3, 4, 5),
    ),
    "none": (),
}  # fmt: skip


def _page(number: int, words: tuple[Word, ...]) -> Page:
    return Page(number, 612, 792, " ".join(w.text for w in words), words)


def _old_rows(pages: list[Page]) -> list[Row]:
    """The pages rows as they were made before the words were columns: one dict a word."""
    rows = []
    for page in pages:
        row = page_row(KEYS, page)
        clean = all_clean(w.text for w in page.words)
        row["words"] = [_old_word(w, clean) for w in page.words]
        rows.append(row)
    return rows


def _old_word(w: Word, clean: bool) -> dict[str, Any]:
    return {"text": w.text if clean else clean_text(w.text), "x0": w.x0, "top": w.top,
            "x1": w.x1, "bottom": w.bottom, "size": w.size, "conf": w.conf}  # fmt: skip


@pytest.mark.parametrize("name", list(PAGES_OF_WORDS))
def test_the_words_column_holds_what_one_dict_a_word_held(name: str) -> None:
    pages = [_page(1, PAGES_OF_WORDS[name]), _page(2, PAGES_OF_WORDS["ascii"])]
    schema = with_version(PAGES)
    got = rows_to_batch([page_row(KEYS, p) for p in pages], schema)
    assert got.schema.equals(schema, check_metadata=True)
    assert got.equals(pa.RecordBatch.from_pylist(_old_rows(pages), schema=schema))


def test_every_page_of_many_gets_its_own_words() -> None:
    pages = [_page(i + 1, words) for i, words in enumerate(PAGES_OF_WORDS.values())]
    got = rows_to_batch([page_row(KEYS, p) for p in pages], with_version(PAGES)).to_pylist()
    assert [r["word_count"] for r in got] == [len(w) for w in PAGES_OF_WORDS.values()]
    assert [w["text"] for w in got[1]["words"]] == [
        "Café",
        "\U0001d400-Modules",
        "日本語",
        "",
        "ok",
    ]
    assert [w["text"] for w in got[4]["words"]] == ["\U0001d400-x", "a\ufffdb c", "\ufffd"]
    assert [w["conf"] for w in got[3]["words"]] == [0.5, None] and got[5]["words"] == []


def test_rows_keep_clean_words_as_they_are() -> None:
    page = _page(1, PAGES_OF_WORDS["non-ascii"])
    assert page_row(KEYS, page)["words"] is page.words
    assert isinstance(page_row(KEYS, _page(1, PAGES_OF_WORDS["dirty"]))["words"], Words)


def test_tables_without_words_are_built_as_before() -> None:
    rows = result_rows("acme", "b1", DocumentResult("d1", "/in/a.pdf", 5, "ok"))["documents"]
    schema = with_version(DOCUMENTS)
    assert rows_to_batch(rows, schema).equals(pa.RecordBatch.from_pylist(rows, schema=schema))


def test_the_journal_keeps_a_documents_words(tmp_path: Path) -> None:
    pages = tuple(_page(i + 1, words) for i, words in enumerate(PAGES_OF_WORDS.values()))
    result = DocumentResult("d1", "/in/a.pdf", 5, "ok", pages=pages)
    journal = Journal(tmp_path, keep=lambda entry: True)
    journal.append(JournalEntry.of(result), result_rows("acme", "b1", result))
    journal.close()
    [batch] = journal.batches("pages")
    expected = pa.RecordBatch.from_pylist(_old_rows(list(pages)), schema=with_version(PAGES))
    assert batch.equals(expected)
