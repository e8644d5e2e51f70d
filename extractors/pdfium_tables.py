"""Ruled tables from what pdfium already parsed: its path objects and its chars.

pdfplumber's default table finder ("lines" strategy) needs a page's edges and
chars, which pdfminer would parse a second time. Here both come from pdfium: the
edges from its path objects (:func:`~kpo.extractors.pdfium_paths.page_edges`),
the chars from its text page (:func:`~kpo.extractors.pdfium_chars.page_chars`).
The grid logic is pdfplumber's own pure functions (``merge_edges`` ->
``edges_to_intersections`` -> ``intersections_to_cells`` -> ``cells_to_tables``)
with pdfplumber's default settings, and a cell's text is pdfplumber's
``Table.extract`` over pdfium's chars: chars whose centre lies in the cell, joined
into words and lines. The records are those :mod:`~kpo.extractors.plumber_page`
builds.

:func:`find_tables` answers None for a page it cannot read in full (too many path
segments, forms nested too deep, right-to-left text in a table); the caller asks
pdfplumber.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pypdfium2 as pdfium
from pdfplumber.table import Table as PlumberTable
from pdfplumber.table import (
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils.geometry import filter_edges

from kpo.extractors.pdfium_chars import Box, Char, centre_in, page_chars
from kpo.extractors.pdfium_page import Geometry
from kpo.extractors.pdfium_paths import TABLE_SEGMENT_BUDGET, Edge, page_edges
from kpo.extractors.plumber_page import table_record
from kpo.records import Table

SETTINGS = TableSettings()  # pdfplumber's defaults: snap 3, join 3, edge length 3, ...


@dataclass(frozen=True, slots=True)
class _Chars:
    """All that ``pdfplumber.table.Table.extract`` reads of a page: its chars."""

    chars: list[Char]


def find_tables(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    geometry: Geometry,
    page_number: int,
    budget: int = TABLE_SEGMENT_BUDGET,
) -> tuple[Table, ...] | None:
    """The page's ruled tables, as pdfplumber's ``find_tables()``; None if unreadable."""
    edges = page_edges(page, budget)
    if edges is None:
        return None
    groups = table_cells(edges)
    if not groups:
        return ()
    chars = page_chars(textpage, geometry, _bounds([c for cells in groups for c in cells]))
    if chars is None:
        return None
    found = (_table(cells, chars) for cells in groups)
    return tuple(table_record(page_number, i, t) for i, t in enumerate(found))


def table_cells(edges: list[Edge]) -> list[list[Box]]:
    """The cells of each table the edges draw: pdfplumber's ``TableFinder``, in order."""
    s = SETTINGS
    prefilter = s.edge_min_length_prefilter
    lines = filter_edges(edges, "v", min_length=prefilter)
    lines += filter_edges(edges, "h", min_length=prefilter)
    merged = merge_edges(
        lines, s.snap_x_tolerance, s.snap_y_tolerance, s.join_x_tolerance, s.join_y_tolerance
    )
    kept = filter_edges(merged, min_length=s.edge_min_length)
    points = edges_to_intersections(kept, s.intersection_x_tolerance, s.intersection_y_tolerance)
    return cells_to_tables(intersections_to_cells(points))


def _bounds(cells: list[Box]) -> Box:
    return (min(c[0] for c in cells), min(c[1] for c in cells),
            max(c[2] for c in cells), max(c[3] for c in cells))  # fmt: skip


def _table(cells: list[Box], chars: list[Char]) -> PlumberTable:
    """pdfplumber's Table, given only the chars in its box (``extract`` uses no others)."""
    box = _bounds(cells)
    inside = [c for c in chars if centre_in((c["x0"], c["top"], c["x1"], c["bottom"]), box)]
    return PlumberTable(cast(Any, _Chars(inside)), cells)
