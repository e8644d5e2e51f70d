"""A page's drawn edges from pdfium's path objects, as pdfplumber gives them.

pdfplumber (through pdfminer) turns every painted path into lines, rects and
curves, and those into edges (``Page.edges``): a line is one edge, a rect its
four sides (filled or stroked alike, so a thin filled rect is a rule), a curve
one edge per pair of consecutive points. This module rebuilds the same edges
from the path objects pdfium has already parsed, without a second parse:

- a path's points are read with their segment types and close flags and put
  back into pdfminer's operators (``m``, ``l``, ``c``, ``h``): a Bezier is three
  pdfium points and one ``c``; a close flag is an ``h``;
- each subpath (from one ``m`` to the next) is painted as pdfminer's
  ``paint_path`` paints it: ``ml``/``mlh`` a line, a closed axis-aligned
  ``mlllh`` a rect, anything else a curve through its points;
- points go through the object's matrix (and each enclosing form XObject's) into
  page space, then to pdfplumber's top-left coordinates
  (:meth:`~kpo.extractors.pdfium_page.Geometry.to_top_left`); points, matrices and the
  MediaBox are the decimals the PDF wrote (:func:`~kpo.extractors.pdfium_page.pdf_decimal`),
  as pdfminer reads them, so that pdfplumber's tolerances cut where they cut for it.

:func:`page_edges` answers None when it cannot read the page's paths in full:
more segments than its budget, forms nested deeper than it looks, or a segment
or matrix pdfium will not give. The caller then asks pdfplumber.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from kpo.extractors.pdfium_page import FORM_DEPTH, Geometry, page_geometry, pdf_decimal

TABLE_SEGMENT_BUDGET = 100_000  # path segments read per page, at most (~0.3 s); past it: None
Edge = dict[str, Any]  # pdfplumber's edge dicts: x0, x1, top, bottom, width, height, ...
Point = tuple[float, float]
_SUBPATH_RE = re.compile(r"m[^m]+")  # pdfminer's split of a path into subpaths


class Unreadable(Exception):
    """The page's paths cannot be read in full (the finder leaves the page to pdfplumber)."""


@dataclass(frozen=True, slots=True)
class Matrix:
    """An affine map ``(x, y) -> (a x + c y + e, b x + d y + f)``, as PDF writes it."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def then(self, outer: Matrix) -> Matrix:
        """This map followed by ``outer`` (PDF's ``self x outer``)."""
        o = outer
        return Matrix(
            self.a * o.a + self.b * o.c, self.a * o.b + self.b * o.d,
            self.c * o.a + self.d * o.c, self.c * o.b + self.d * o.d,
            self.e * o.a + self.f * o.c + o.e, self.e * o.b + self.f * o.d + o.f,
        )  # fmt: skip

    def apply(self, x: float, y: float) -> Point:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f


@dataclass(slots=True)
class _Found:
    """The lines, rects and curves of a page (pdfminer's kinds), and the budget left."""

    budget: int
    lines: list[Edge]
    rects: list[Edge]
    curves: list[Edge]


def page_edges(page: pdfium.PdfPage, budget: int = TABLE_SEGMENT_BUDGET) -> list[Edge] | None:
    """The edges pdfplumber's ``page.edges`` would give, in its order; None if unreadable."""
    found, geometry = _Found(budget, [], [], []), page_geometry(page, decimals=True)
    handle = page.raw
    try:
        for i in range(raw.FPDFPage_CountObjects(handle)):
            _visit(raw.FPDFPage_GetObject(handle, i), Matrix(), geometry, found, FORM_DEPTH)
    except Unreadable:
        return None
    return found.lines + found.rects + found.curves


def _visit(obj: raw.FPDF_PAGEOBJECT, outer: Matrix, g: Geometry, found: _Found, depth: int) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_PATH:
        _paint(_path_ops(obj, _matrix(obj).then(outer), found), g, found)
    elif kind == raw.FPDF_PAGEOBJ_FORM:
        count = raw.FPDFFormObj_CountObjects(obj)
        if count and depth == 0:
            raise Unreadable("form XObjects nested too deep")
        inner = _matrix(obj).then(outer)
        for i in range(count):
            _visit(raw.FPDFFormObj_GetObject(obj, i), inner, g, found, depth - 1)


def _matrix(obj: raw.FPDF_PAGEOBJECT) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        raise Unreadable("no matrix")
    return Matrix(*(pdf_decimal(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f)))


def _path_ops(obj: raw.FPDF_PAGEOBJECT, matrix: Matrix, found: _Found) -> list[tuple[str, Point]]:
    """The path as pdfminer's operators, each with its end point in page space."""
    count = raw.FPDFPath_CountSegments(obj)
    if count < 0 or count > found.budget:
        raise Unreadable("too many path segments")
    found.budget -= count
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, Point]] = []
    start: Point | None = None
    curve_points = 0
    for i in range(count):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            raise Unreadable("unreadable path segment")
        kind = raw.FPDFPathSegment_GetType(seg)
        point = matrix.apply(pdf_decimal(x.value), pdf_decimal(y.value))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            ops.append(("m", point))
            start, curve_points = point, 0
        elif kind == raw.FPDF_SEGMENT_LINETO:
            ops.append(("l", point))
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            curve_points = (curve_points + 1) % 3
            if curve_points == 0:  # a Bezier is three points, pdfminer keeps the last
                ops.append(("c", point))
        else:
            raise Unreadable("unknown path segment type")
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            ops.append(("h", start))
    return ops


def _paint(ops: list[tuple[str, Point]], g: Geometry, found: _Found) -> None:
    """Paint each subpath as pdfminer's ``paint_path`` does (one ``m`` each)."""
    shape = "".join(op for op, _ in ops)
    for match in _SUBPATH_RE.finditer(shape):
        sub = ops[match.start() : match.end()]
        _paint_subpath("".join(op for op, _ in sub), [p for _, p in sub], g, found)


def _paint_subpath(shape: str, pts: list[Point], g: Geometry, found: _Found) -> None:
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]  # a redundant ``l`` before ``h``
    if shape in ("ml", "mlh"):
        found.lines.append(_line_edge(pts[0], pts[1], g))
    elif shape in ("mlllh", "mllll") and _is_rect(pts):
        found.rects.extend(_rect_edges(pts[0], pts[2], g))
    else:
        found.curves.extend(_curve_edges([g.to_top_left(*p) for p in pts]))


def _is_rect(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), end = pts
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
    return square and pts[0] == end


def _box(p: Point, q: Point, g: Geometry) -> tuple[float, float, float, float]:
    (ax, ay), (bx, by) = g.to_top_left(*p), g.to_top_left(*q)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _edge(kind: str, x0: float, top: float, x1: float, bottom: float, orient: str) -> Edge:
    """pdfplumber's edge dict (``doctop`` as if the page were the document's first)."""
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orient}  # fmt: skip


def _line_edge(p: Point, q: Point, g: Geometry) -> Edge:
    """pdfplumber's ``line_to_edge``: horizontal if flat, else vertical (even if slanted)."""
    x0, top, x1, bottom = _box(p, q, g)
    return _edge("line", x0, top, x1, bottom, "h" if top == bottom else "v")


def _rect_edges(p: Point, q: Point, g: Geometry) -> list[Edge]:
    """pdfplumber's ``rect_to_edges``: top, bottom, left and right sides."""
    x0, top, x1, bottom = _box(p, q, g)
    return [
        _edge("rect_edge", x0, top, x1, top, "h"),
        _edge("rect_edge", x0, bottom, x1, bottom, "h"),
        _edge("rect_edge", x0, top, x0, bottom, "v"),
        _edge("rect_edge", x1, top, x1, bottom, "v"),
    ]


def _curve_edges(pts: list[Point]) -> list[Edge]:
    """pdfplumber's ``curve_to_edges``: one per pair of points; the slanted ones, which
    have no orientation and which the table finder drops, are left out."""
    edges = []
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        if ax == bx or ay == by:
            orient = "v" if ax == bx else "h"
            edges.append(
                _edge("curve_edge", min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), orient)
            )
    return edges
