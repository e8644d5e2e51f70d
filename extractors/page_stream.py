"""Pages as extraction makes them: kept for the document, or handed on in windows.

A long document's pages need not all be held by the process that reads them: given a
``sink``, :class:`PageStream` hands them on ``WINDOW_PAGES`` at a time (the extraction
child writes each window to its parent at once) and keeps only the pages that OCR will
read again later. A page read again by OCR is handed on once more; the receiver keeps
the last page of each number. Without a sink every page is kept, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kpo.records import ExtractedDocument, Page

PageSink = Callable[[tuple[Page, ...]], None]
WINDOW_PAGES = 32


def has_content(page: Page) -> bool:
    """Text, an image, or a page that OCR may read: a document of none of these is empty."""
    return bool(page.text.strip() or page.image_count or page.needs_ocr)


class PageStream:
    """The pages of one document, in page order, as they are made (see the module doc)."""

    def __init__(
        self, sink: PageSink | None = None, *, keep_for_ocr: bool = True, window: int = WINDOW_PAGES
    ) -> None:
        self.sink, self.window, self.keep_for_ocr = sink, window, keep_for_ocr
        self.kept: dict[int, Page] = {}
        self._pending: list[Page] = []
        self._content: dict[int, bool] = {}

    def add(self, page: Page) -> None:
        """A page made (or made again by OCR, replacing the one of its number)."""
        self._content[page.page_number] = has_content(page)
        if self.sink is None or (self.keep_for_ocr and page.needs_ocr):
            self.kept[page.page_number] = page
        else:
            self.kept.pop(page.page_number, None)
        if self.sink is not None:
            self._pending.append(page)
            if len(self._pending) >= self.window:
                self.flush()

    def flush(self) -> None:
        """Hand on the pages not yet handed on."""
        if self.sink is not None and self._pending:
            pages, self._pending = tuple(self._pending), []
            self.sink(pages)

    def waiting_for_ocr(self) -> list[int]:
        """The numbers of the kept pages that need OCR."""
        return [n for n, page in self.kept.items() if page.needs_ocr]

    @property
    def has_content(self) -> bool:
        return any(self._content.values())

    def pages(self) -> tuple[Page, ...]:
        """The document's pages: all of them without a sink; with one, none (handed on)."""
        if self.sink is not None:
            return ()
        return tuple(self.kept[n] for n in sorted(self.kept))


class PageWindows:
    """The receiving end: pages taken a window at a time, checked (the sender is untrusted).

    ``take`` and ``into`` raise ValueError on anything but pages numbered within the
    limit, or on pages that do not make up the document the answer describes.
    """

    def __init__(self) -> None:
        self.pages: dict[int, Page] = {}

    def take(self, window: tuple[object, ...], max_pages: int) -> None:
        for page in window:
            if not isinstance(page, Page) or not 1 <= page.page_number <= max_pages:
                raise ValueError("a window holding something other than a page of the document")
            self.pages[page.page_number] = page  # a page read again by OCR replaces the first

    def into(self, document: ExtractedDocument) -> ExtractedDocument:
        """The document with the pages taken (as it came when none were sent apart)."""
        if not self.pages:
            return document
        count = document.meta.page_count
        if document.pages or sorted(self.pages) != list(range(1, count + 1)):
            raise ValueError(f"{len(self.pages)} pages sent apart for a {count}-page document")
        return replace(document, pages=tuple(self.pages[n] for n in range(1, count + 1)))
