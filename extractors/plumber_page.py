"""The slow path: pdfplumber layout analysis, only for pages that need it.

A :class:`PlumberDocument` opens pdfplumber lazily, the first time a page asks
for it, and closes every page after use (pdfplumber caches ~8 MB of layout
objects per parsed page otherwise). pdfplumber dicts stay inside this module:
callers get :class:`~kpo.records.Word` and :class:`~kpo.records.Table` records,
their text valid UTF-8 (:mod:`kpo.textsafe`).
"""

from __future__ import annotations

import io
from types import TracebackType
from typing import Any

import pdfplumber

from kpo.records import Box, Table, Word
from kpo.textsafe import clean_optional, clean_text


class PlumberDocument:
    """One PDF opened with pdfplumber on first use; ``close()`` releases it."""

    def __init__(self, path: str, data: bytes | None = None) -> None:
        self.path = path
        self.data = data  # the file's repaired bytes, read instead of ``path``
        self._pdf: Any = None

    def _open(self) -> Any:
        if self._pdf is None:
            source = self.path if self.data is None else io.BytesIO(self.data)
            self._pdf = pdfplumber.open(source)
        return self._pdf

    def page_count(self) -> int:
        return len(self._open().pages)

    def tables_and_words(self, page_number: int) -> tuple[tuple[Table, ...], tuple[Word, ...]]:
        """Tables (ruled, pdfplumber's default strategy) and words of one page."""
        page = self._open().pages[page_number - 1]
        try:
            found = page.find_tables()
            tables = tuple(table_record(page_number, i, t) for i, t in enumerate(found))
            words = _words(page) if tables else ()
        finally:
            page.close()
        return tables, words

    def text_and_words(self, page_number: int) -> tuple[float, float, str, tuple[Word, ...]]:
        """Size, text and words of one page (the fallback when pdfium cannot open a file)."""
        page = self._open().pages[page_number - 1]
        try:
            text = clean_text(page.extract_text() or "")
            return float(page.width), float(page.height), text, _words(page)
        finally:
            page.close()

    def metadata(self) -> dict[str, Any]:
        return dict(self._open().metadata or {})

    def close(self) -> None:
        pdf, self._pdf = self._pdf, None
        if pdf is None:
            return
        try:
            pdf.close()
        except Exception:  # pdfplumber re-parses every page to close them: a broken file fails
            if not pdf.stream_is_external:
                pdf.stream.close()

    def __enter__(self) -> PlumberDocument:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def table_record(page_number: int, index: int, table: Any) -> Table:
    """A pdfplumber ``Table`` (its ``bbox`` and ``extract()``) as a Table record."""
    x0, top, x1, bottom = (float(v) for v in table.bbox)
    rows = tuple(tuple(clean_optional(cell) for cell in row) for row in table.extract())
    return Table(page_number, index, Box(x0, top, x1, bottom), rows)


def _words(page: Any) -> tuple[Word, ...]:
    return tuple(_word(w) for w in page.extract_words(extra_attrs=["size"]))


def _word(w: dict[str, Any]) -> Word:
    size = float(w.get("size", 0.0))
    return Word(clean_text(w["text"]), w["x0"], w["top"], w["x1"], w["bottom"], size)
