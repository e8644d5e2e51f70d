"""The building blocks of a generated document and how it looks.

A document is a list of blocks (paragraphs, form grids, tables, page breaks) with a
``Layout``; ``kpo.datasets.layouts`` places them and ``kpo.datasets.drawing`` draws
them. Text can be right-to-left: ``Layout.direction`` ``rtl`` draws each line in
visual order (what a reader sees, and what pdfium turns back into logical order),
``rtl_logical`` draws the logical order as is (pdfium then returns it reversed, as
it does for some real PDFs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Literal

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

Role = Literal["title", "heading", "body", "small"]
Segment = tuple[str, str | None]  # text, field key(s) separated by "|"
FAMILIES = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "courier": ("Courier", "Courier-Bold"),
    "dejavu": ("DejaVuSans", "DejaVuSans"),
    "dejavu_math": ("DejaVuSerifMath", "DejaVuSerifMath-Bold"),  # see kpo.datasets.math_paper
}
UNICODE_FONT = "DejaVuSans"  # a subset of DejaVu Sans: Latin and Hebrew (fonts/LICENSE-DejaVu.txt)
Direction = Literal["ltr", "rtl", "rtl_logical"]
PAGE_SIZES = {
    "letter": LETTER,
    "a4": A4,
    "letter_landscape": landscape(LETTER),
    "a4_landscape": landscape(A4),
    "widescreen": (960.0, 540.0),  # a 16:9 slide
}
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
    direction: Direction = "ltr"


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


_RTL = re.compile(r"[\u0590-\u05ff\u0600-\u06ff]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def visual(text: str) -> str:
    """Words in reverse order, right-to-left words spelt backwards (a simple bidi)."""
    words = [w[::-1] if has_rtl(w) else w for w in text.split(" ")]
    return " ".join(reversed(words))


_FONT_FILES = {
    UNICODE_FONT: "DejaVuSans-LatinHebrew.ttf",
    "DejaVuSerifMath": "DejaVuSerif-Math.ttf",
    "DejaVuSerifMath-Bold": "DejaVuSerif-Bold-Math.ttf",
}


def register_fonts() -> None:
    """Register the bundled Unicode fonts with reportlab (once)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in _FONT_FILES.items():
        if name not in registered:
            path = files("kpo.datasets") / "fonts" / file
            pdfmetrics.registerFont(TTFont(name, str(path)))


register_fonts()
