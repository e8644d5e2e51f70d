"""Place blocks of tagged text on pages: wrapping, columns, grids, tables, running lines.

``place`` wraps blocks into positioned strings on pages (one or two columns,
full-width front matter) and adds headers, footers and page numbers. Every piece of
text can carry a field key, kept with the position of the word that prints it.
The block types live in ``kpo.datasets.blocks`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth

from kpo.datasets.blocks import (
    FAMILIES,
    KEEP_TOGETHER,
    PAGE_SIZES,
    Block,
    Cell,
    Grid,
    Layout,
    PageBreak,
    Para,
    Placed,
    Rect,
    Role,
    Segment,
    TableBlock,
    has_rtl,
    visual,
)

__all__ = ["Block", "Cell", "Frame", "Grid", "Layout", "PageBreak", "Para", "Segment"]
__all__ += ["TableBlock", "place"]


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
    text = line_text(line)
    frame.placed.append(Placed(frame.page, x, frame.y, font, size, text))
    if frame.layout.direction == "rtl" and has_rtl(text):
        place_keys_rtl(frame, line, x, font, size)
        return
    cursor = x
    space = stringWidth(" ", font, size)
    for i, (word, key) in enumerate(line):
        if i and not glued(word):
            cursor += space
        if key is not None:
            frame.placed.append(Placed(frame.page, cursor, frame.y, font, size, word, key, False))
        cursor += stringWidth(word, font, size)


def place_keys_rtl(frame: Frame, line: list[Segment], x: float, font: str, size: float) -> None:
    """Keyed words of a line drawn in visual order: find each in the visual string."""
    shown = visual(line_text(line))
    for word, key in line:
        at = shown.find(visual(word)) if key is not None else -1
        if at >= 0:
            left = x + stringWidth(shown[:at], font, size)
            frame.placed.append(Placed(frame.page, left, frame.y, font, size, word, key, False))


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
