"""Lay out blocks of tagged text on pages and draw them with reportlab.

A document is a list of blocks (paragraphs, form grids, tables). ``place`` wraps
them into positioned lines on pages (one or two columns, full-width front matter),
and ``draw`` writes the PDF with headers, footers and page numbers. Every piece of
text can carry a field key; ``field_boxes`` returns the union box of each key in
pdfplumber coordinates (points from the top-left corner).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

Role = Literal["title", "heading", "body", "small"]
Segment = tuple[str, str | None]  # text, field key(s) separated by "|"
FAMILIES = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "courier": ("Courier", "Courier-Bold"),
}
PAGE_SIZES = {"letter": LETTER, "a4": A4}
KEEP_TOGETHER = 45  # field values up to this many characters are never wrapped


@dataclass(frozen=True, slots=True)
class Layout:
    """How a document looks: fonts, margins, columns, running header and footer."""

    family: str = "helvetica"
    size: float = 10.0
    page: str = "letter"
    margin: float = 72.0
    columns: int = 1
    header: tuple[Segment, ...] = ()
    footer: tuple[Segment, ...] = ()
    page_numbers: str = "none"  # none | plain | page | page_of | dash


@dataclass(frozen=True, slots=True)
class Para:
    segments: tuple[Segment, ...]
    role: Role = "body"
    align: Literal["left", "center"] = "left"
    space_after: float = 6.0


@dataclass(frozen=True, slots=True)
class Cell:
    label: str
    value: str = ""
    key: str | None = None
    span: float = 1.0


@dataclass(frozen=True, slots=True)
class Grid:
    """A form: rows of boxed cells, a small label on top and the value below."""

    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[Segment, ...], ...]
    ruled: bool = True


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Para | Grid | TableBlock | PageBreak


@dataclass(frozen=True, slots=True)
class Placed:
    """One string drawn at a baseline; ``key`` marks a field value."""

    page: int
    x: float
    y: float  # baseline, from the top of the page
    font: str
    size: float
    text: str
    key: str | None = None
    drawn: bool = True  # False: a keyed word inside a drawn line, kept for its box


@dataclass(frozen=True, slots=True)
class Rect:
    page: int
    x: float
    y: float  # top, from the top of the page
    w: float
    h: float


@dataclass
class Frame:
    """The cursor while placing: page, column and current baseline."""

    layout: Layout
    page: int = 1
    column: int = 0
    y: float = 0.0
    top: float = 0.0
    placed: list[Placed] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)

    @property
    def height(self) -> float:
        return float(PAGE_SIZES[self.layout.page][1])

    @property
    def width(self) -> float:
        return float(PAGE_SIZES[self.layout.page][0])

    def column_box(self, columns: int) -> tuple[float, float]:
        gap = 18.0
        usable = self.width - 2 * self.layout.margin
        w = (usable - gap * (columns - 1)) / columns
        return self.layout.margin + self.column * (w + gap), w

    def ensure(self, need: float, columns: int) -> None:
        if self.y + need <= self.height - self.layout.margin:
            return
        if self.column + 1 < columns:
            self.column += 1
        else:
            self.page, self.column, self.top = self.page + 1, 0, self.layout.margin
        self.y = self.top

    def new_page(self) -> None:
        self.page, self.column, self.top = self.page + 1, 0, self.layout.margin
        self.y = self.top


def fonts(layout: Layout, role: Role) -> tuple[str, float]:
    regular, bold = FAMILIES[layout.family]
    sizes = {"title": layout.size + 8, "heading": layout.size + 1, "small": layout.size - 2}
    font = bold if role in ("title", "heading") else regular
    return font, sizes.get(role, layout.size)


def tokens(segments: Sequence[Segment]) -> Iterator[tuple[str, str | None]]:
    for text, key in segments:
        if key is not None and len(text) <= KEEP_TOGETHER:
            yield text, key
            continue
        for word in text.split():
            yield word, key


def wrap(segments: Sequence[Segment], font: str, size: float, width: float) -> list[list[Segment]]:
    lines: list[list[Segment]] = [[]]
    used = 0.0
    space = stringWidth(" ", font, size)
    for word, key in tokens(segments):
        w = stringWidth(word, font, size)
        if lines[-1] and used + space + w > width:
            lines.append([])
            used = 0.0
        used += w + (space if lines[-1] else 0.0)
        lines[-1].append((word, key))
    return [line for line in lines if line]


def glued(word: str) -> bool:
    """A word that follows the previous one without a space (``,`` ``.`` ``)``)."""
    return word[:1] in ",.;:)"


def line_text(line: Sequence[Segment]) -> str:
    return "".join(("" if i == 0 or glued(w) else " ") + w for i, (w, _) in enumerate(line))


def place_line(frame: Frame, line: list[Segment], x: float, font: str, size: float) -> None:
    frame.placed.append(Placed(frame.page, x, frame.y, font, size, line_text(line)))
    cursor = x
    space = stringWidth(" ", font, size)
    for i, (word, key) in enumerate(line):
        if i and not glued(word):
            cursor += space
        if key is not None:
            frame.placed.append(Placed(frame.page, cursor, frame.y, font, size, word, key, False))
        cursor += stringWidth(word, font, size)


def place_para(frame: Frame, para: Para, columns: int) -> None:
    font, size = fonts(frame.layout, para.role)
    leading = size * 1.25
    x0, width = frame.column_box(columns)
    for line in wrap(para.segments, font, size, width):
        frame.ensure(leading, columns)
        x0, width = frame.column_box(columns)
        frame.y += size
        x = x0
        if para.align == "center":
            x = x0 + (width - stringWidth(line_text(line), font, size)) / 2
        place_line(frame, line, x, font, size)
        frame.y += leading - size
    frame.y += para.space_after


def place_grid(frame: Frame, grid: Grid) -> None:
    x0, width = frame.column_box(1)
    label_size, value_size = frame.layout.size - 3, frame.layout.size
    regular, bold = FAMILIES[frame.layout.family]
    row_h = label_size + value_size + 10
    for row in grid.rows:
        frame.ensure(row_h, 1)
        total = sum(cell.span for cell in row)
        x = x0
        for cell in row:
            w = width * cell.span / total
            frame.rects.append(Rect(frame.page, x, frame.y, w, row_h))
            base = frame.y + label_size + 2
            frame.placed.append(Placed(frame.page, x + 3, base, bold, label_size, cell.label))
            if cell.value:
                vy = base + value_size + 3
                item = Placed(frame.page, x + 3, vy, regular, value_size, cell.value, cell.key)
                frame.placed.append(item)
            x += w
        frame.y += row_h
    frame.y += 8


def place_table(frame: Frame, table: TableBlock) -> None:
    x0, width = frame.column_box(1)
    regular, bold = FAMILIES[frame.layout.family]
    size = frame.layout.size - 1
    col_w = width / max(1, len(table.header))
    frame.ensure(size * 2, 1)
    frame.y += size + 2
    for i, head in enumerate(table.header):
        frame.placed.append(Placed(frame.page, x0 + i * col_w + 2, frame.y, bold, size, head))
    for row in table.rows:
        frame.ensure(size * 1.6, 1)
        frame.y += size * 1.5
        if table.ruled:
            frame.rects.append(Rect(frame.page, x0, frame.y - size - 2, width, size * 1.5))
        for i, (text, key) in enumerate(row):
            cell = Placed(frame.page, x0 + i * col_w + 2, frame.y, regular, size, text, key)
            frame.placed.append(cell)
    frame.y += size + 8


def place(front: Sequence[Block], body: Sequence[Block], layout: Layout) -> Frame:
    """Place front matter across the page, then the body in ``layout.columns``."""
    frame = Frame(layout, y=layout.margin, top=layout.margin)
    for blocks, columns in ((front, 1), (body, layout.columns)):
        frame.top = frame.y
        for block in blocks:
            if isinstance(block, Para):
                place_para(frame, block, columns)
            elif isinstance(block, Grid):
                place_grid(frame, block)
            elif isinstance(block, TableBlock):
                place_table(frame, block)
            else:
                frame.new_page()
    add_running(frame)
    return frame


def add_running(frame: Frame) -> None:
    """Headers and footers on every page; field keys only on page 1."""
    layout = frame.layout
    pages = max((p.page for p in frame.placed), default=1)
    font, size = FAMILIES[layout.family][0], layout.size - 2
    for page in range(1, pages + 1):
        number = running_text(layout, page, pages)
        footer = [*layout.footer, *([(number, None)] if number else [])]
        for segments, y in (
            (layout.header, layout.margin / 2),
            (footer, frame.height - layout.margin / 3),
        ):
            line = [(w, k if page == 1 else None) for w, k in tokens(segments)]
            if line:
                frame.page, frame.y = page, y
                place_line(frame, line, layout.margin, font, size)


def running_text(layout: Layout, page: int, pages: int) -> str:
    styles = {
        "plain": f"{page}",
        "page": f"Page {page}",
        "page_of": f"Page {page} of {pages}",
        "dash": f"- {page} -",
    }
    return styles.get(layout.page_numbers, "")


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
            canvas.drawString(item.x, frame.height - item.y, item.text)
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
