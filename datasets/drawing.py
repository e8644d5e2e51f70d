"""Draw placed text with reportlab and report the gold box of every field.

``draw`` writes the PDF (right-to-left lines in visual order when the layout says
so); ``field_boxes`` returns the union box of each field key in pdfplumber
coordinates (points from the top-left corner); ``visual`` is the visual order of a
line of right-to-left text.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kpo.datasets.blocks import PAGE_SIZES, has_rtl, visual
from kpo.datasets.layouts import Frame

__all__ = ["draw", "field_boxes", "visual"]


def drawn_text(frame: Frame, text: str) -> str:
    return visual(text) if frame.layout.direction == "rtl" and has_rtl(text) else text


def draw(path: Path, frame: Frame, title: str = "") -> None:
    """Write the placed lines and boxes to a PDF at ``path``."""
    pages = max((p.page for p in frame.placed), default=1)
    canvas = Canvas(
        str(path), pagesize=PAGE_SIZES[frame.layout.page], invariant=1, pageCompression=1
    )
    canvas.setTitle(title)
    for page in range(1, pages + 1):
        for rect in (r for r in frame.rects if r.page == page):
            canvas.rect(rect.x, frame.height - rect.y - rect.h, rect.w, rect.h)
        for item in (p for p in frame.placed if p.page == page and p.drawn):
            canvas.setFont(item.font, item.size)
            canvas.drawString(item.x, frame.height - item.y, drawn_text(frame, item.text))
        canvas.showPage()
    canvas.save()


def field_boxes(frame: Frame) -> dict[str, list[float]]:
    """The union box ``[page, x0, top, x1, bottom]`` of each field key, on its first page."""
    boxes: dict[str, list[float]] = {}
    for item in frame.placed:
        for key in (item.key or "").split("|"):
            if not key:
                continue
            x1 = item.x + stringWidth(item.text, item.font, item.size)
            box = [item.page, item.x, item.y - 0.85 * item.size, x1, item.y + 0.25 * item.size]
            old = boxes.get(key)
            if old is None:
                boxes[key] = box
            elif old[0] == item.page:
                boxes[key] = [
                    old[0],
                    min(old[1], box[1]),
                    min(old[2], box[2]),
                    max(old[3], box[3]),
                    max(old[4], box[4]),
                ]
    return {k: [round(v, 2) for v in b] for k, b in boxes.items()}
