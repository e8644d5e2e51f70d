"""The evidence of an item: its PDF page as a PNG with the value's box drawn, and the text near it.

The page is rendered with pypdfium2 from the original file path stored in the queue
item (PDFium is not thread-safe: one render at a time). The text comes from the
words of the batch's ``pages.parquet`` (what the pipeline saw), lines around the
box with the words inside it marked; when the batch is not in this workspace (a
shared PostgreSQL queue), from the PDF's text layer in a band around the box.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kpo.errors import Errors, WorkspaceError
from kpo.records import Box, Word
from kpo.review_model import QueueItem
from kpo.workspace import Workspace

if TYPE_CHECKING:
    from PIL.Image import Image

MARGIN_PT = 30.0  # lines this far above and below the box are "around" it
MAX_LINES = 12
OUTLINE = (220, 38, 38, 255)
FILL = (255, 214, 0, 90)
Line = list[tuple[str, bool]]  # words, each marked True when inside the box

_PDFIUM = threading.Lock()


def render_page(path: str, page_number: int, box: Box | None, scale: float) -> bytes:
    """The page as PNG bytes at ``scale`` pixels per point, the box outlined; E611 if unreadable."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(path)
        except (OSError, pdfium.PdfiumError) as exc:
            raise WorkspaceError(Errors.E611.format(path=path, why=exc)) from exc
        try:
            index = min(max(page_number, 1), len(pdf)) - 1
            image = pdf[index].render(scale=scale).to_pil().convert("RGBA")
        finally:
            pdf.close()
    if box is not None:
        image = draw_box(image, box, scale)
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG")
    return out.getvalue()


def draw_box(image: Image, box: Box, scale: float) -> Image:
    """The image with ``box`` (points) filled translucent yellow and outlined in red."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    pad = 3
    rect = (
        box.x0 * scale - pad,
        box.top * scale - pad,
        box.x1 * scale + pad,
        box.bottom * scale + pad,
    )
    overlay = PILImage.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).rectangle(rect, fill=FILL, outline=OUTLINE, width=3)
    return PILImage.alpha_composite(image, overlay)


def _inside(word: Word, box: Box) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box.x0 - 1 <= cx <= box.x1 + 1 and box.top - 1 <= cy <= box.bottom + 1


def words_to_lines(words: Sequence[Word], box: Box | None) -> list[Line]:
    """Words near the box (all when no box), as reading-order lines with in-box words marked."""
    if box is not None:
        words = [
            w for w in words if w.bottom >= box.top - MARGIN_PT and w.top <= box.bottom + MARGIN_PT
        ]
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        mid = (word.top + word.bottom) / 2
        if lines and lines[-1][0].top <= mid <= lines[-1][0].bottom:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [
        [(w.text, box is not None and _inside(w, box)) for w in sorted(line, key=lambda w: w.x0)]
        for line in lines[:MAX_LINES]
    ]


def page_words(workspace: Path, item: QueueItem, page_number: int) -> list[Word] | None:
    """The words of the item's page from its batch's pages.parquet; None if not there."""
    import pyarrow.parquet as pq

    path = Workspace(workspace).batch_dir(item.client, item.batch_id) / "pages.parquet"
    if not path.exists():
        return None
    table = pq.read_table(
        path,
        columns=["words"],
        filters=[("doc_id", "=", item.doc_id), ("page_number", "=", page_number)],
    )
    rows = table.column("words").to_pylist()
    if not rows:
        return None
    return [
        Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["size"] or 0.0)
        for w in rows[0] or []
    ]


def pdf_text(path: str, page_number: int, box: Box | None) -> list[Line]:
    """Fallback: the PDF's text in a band around the box (the page's start without a box)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(path)
        except (OSError, pdfium.PdfiumError):
            return []
        try:
            page = pdf[min(max(page_number, 1), len(pdf)) - 1]
            height = page.get_height()
            top, bottom = (box.top - MARGIN_PT, box.bottom + MARGIN_PT) if box else (0, height)
            text = page.get_textpage().get_text_bounded(bottom=height - bottom, top=height - top)
        finally:
            pdf.close()
    lines = [line.split() for line in text.splitlines() if line.strip()]
    return [[(word, False) for word in line] for line in lines[:MAX_LINES]]


def text_around(workspace: Path, item: QueueItem) -> list[Line]:
    """The lines around the item's value (see the module docstring)."""
    page = item.page_number or 1
    words = page_words(workspace, item, page)
    if words is not None:
        return words_to_lines(words, item.box)
    return pdf_text(item.path, page, item.box)
