"""Ruled tables: pdfium's path objects (``pdfium_tables``) against pdfplumber (a benchmark).

On every page with ``probably_has_table`` (``--all-pages``: every page) of the real
corpus (``../shared/corpus/pdfs``) and of a generated set (``generate_corpus`` into
``benchmarks/.cache/``), runs both finders and prints:

- per table, whether the two agree: same grid shape, and the same text in every cell,
  compared two ways: ``folded`` (NFKC, runs of white space as one space) and ``no-space``
  (NFKC, white space removed: the engines place word gaps differently, see below);
- the share of pdfplumber's tables with every cell the same (target: >= 95% on the
  corpus), counting the pages the finder hands back to pdfplumber (``unreadable``,
  right-to-left text) apart, and the list of the differences;
- CPU-seconds per page of each finder (``time.process_time``), the two alternated page
  by page: pdfplumber as the pipeline ran it (``tables_and_words``: pdfminer parses the
  page, then ``find_tables``, and words when it finds tables), pdfium's on the page and
  text page the pipeline has already open.

pdfminer splits words on space glyphs and 3-pt gaps; pdfium's text page generates a
space at a word gap without a space glyph, and drops a space glyph that overlaps the
next char: cells then differ in white space only.

    python benchmarks/bench_tables.py [--corpus ../shared/corpus] [--docs 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from kpo.extractors.pdfium_page import page_geometry, page_graphics
from kpo.extractors.pdfium_tables import find_tables
from kpo.extractors.plumber_page import PlumberDocument
from kpo.records import Table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


@dataclass
class Tally:
    """What one set of PDFs gave: tables compared, differences, CPU per finder."""

    pages: int = 0
    handed_back: int = 0  # pages the finder answered None for (pdfplumber reads them)
    handed_back_tables: int = 0
    tables: int = 0  # pdfplumber's tables on the pages the finder answered for
    extra: int = 0  # tables only the finder found
    shape_same: int = 0
    folded_same: int = 0
    no_space_same: int = 0
    cpu_pdfium: float = 0.0
    cpu_plumber: float = 0.0
    differences: list[str] = field(default_factory=list)


def generated(n: int, seed: int) -> Path:
    """``n`` generated documents, written once into benchmarks/.cache/."""
    from kpo.datasets.generator import generate_corpus

    out = HERE / ".cache" / f"tables-{n}-{seed}"
    if not (out / "labels.jsonl").exists():
        generate_corpus(out, n, seed)
    return out / "pdfs"


def folded(cell: str | None) -> str | None:
    return None if cell is None else " ".join(unicodedata.normalize("NFKC", cell).split())


def no_space(cell: str | None) -> str | None:
    return None if cell is None else "".join(unicodedata.normalize("NFKC", cell).split())


def shape(table: Table) -> list[list[bool]]:
    """The grid: rows of cells, None (a merged cell) or not."""
    return [[cell is None for cell in row] for row in table.rows]


def compare(where: str, ours: tuple[Table, ...], theirs: tuple[Table, ...], tally: Tally) -> None:
    tally.tables += len(theirs)
    tally.extra += max(0, len(ours) - len(theirs))
    for mine, ref in zip(ours, theirs, strict=False):
        same_shape = shape(mine) == shape(ref)
        tally.shape_same += same_shape
        cells = [(a, b) for ra, rb in zip(mine.rows, ref.rows, strict=False)
                 for a, b in zip(ra, rb, strict=False)]  # fmt: skip
        same_folded = same_shape and all(folded(a) == folded(b) for a, b in cells)
        tally.folded_same += same_folded
        tally.no_space_same += same_shape and all(no_space(a) == no_space(b) for a, b in cells)
        if not same_folded:
            tally.differences.append(f"{where} table {ref.index}: " + _difference(mine, ref))
    for ref in theirs[len(ours) :]:
        tally.differences.append(f"{where} table {ref.index}: missed by pdfium_tables")


def _difference(mine: Table, ref: Table) -> str:
    """The grid, else the first cell whose text differs, else the first in white space."""
    if shape(mine) != shape(ref):
        return f"grid {len(mine.rows)}x{len(mine.rows[0])} vs {len(ref.rows)}x{len(ref.rows[0])}"
    pairs = [(a, b) for ra, rb in zip(mine.rows, ref.rows, strict=True)
             for a, b in zip(ra, rb, strict=True) if folded(a) != folded(b)]  # fmt: skip
    text = [(a, b) for a, b in pairs if no_space(a) != no_space(b)]
    a, b = (text or pairs)[0]
    return f"{'text' if text else 'white space'}: {_short(a)!r} vs {_short(b)!r}"


def _short(cell: str | None) -> str | None:
    return cell if cell is None or len(cell) < 60 else cell[:57] + "..."


def pages(pdf: Path, all_pages: bool) -> Iterator[tuple[pdfium.PdfDocument, int]]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            page = doc[i]
            wanted = all_pages or page_graphics(page).probably_has_table
            page.close()
            if wanted:
                yield doc, i + 1
    finally:
        doc.close()


def measure(pdfs: list[Path], root: Path, all_pages: bool) -> Tally:
    tally = Tally()
    for pdf in pdfs:
        with PlumberDocument(str(pdf)) as plumber:
            plumber.page_count()  # opened once per document, outside the timing
            for doc, number in pages(pdf, all_pages):
                where = f"{pdf.relative_to(root)} p{number}"
                _page(doc, number, plumber, where, tally)
    return tally


def _page(
    doc: pdfium.PdfDocument, number: int, plumber: PlumberDocument, where: str, tally: Tally
) -> None:
    page = doc[number - 1]
    textpage, geometry = page.get_textpage(), page_geometry(page)
    try:
        plumber_first = tally.pages % 2 == 1  # alternate which finder runs first
        if plumber_first:
            theirs = _timed_plumber(plumber, number, tally)
        start = time.process_time()
        ours = find_tables(page, textpage, geometry, number)
        tally.cpu_pdfium += time.process_time() - start
        if not plumber_first:
            theirs = _timed_plumber(plumber, number, tally)
    finally:
        textpage.close()
        page.close()
    tally.pages += 1
    if ours is None:
        tally.handed_back += 1
        tally.handed_back_tables += len(theirs)
        return
    compare(where, ours, theirs, tally)


def _timed_plumber(plumber: PlumberDocument, number: int, tally: Tally) -> tuple[Table, ...]:
    start = time.process_time()
    tables, _ = plumber.tables_and_words(number)
    tally.cpu_plumber += time.process_time() - start
    return tables


def report(name: str, tally: Tally, show: int) -> None:
    t, pages = tally, max(tally.pages, 1)
    share = 100 * t.folded_same / max(t.tables, 1)
    share_ns = 100 * t.no_space_same / max(t.tables, 1)
    pipeline = t.tables + t.handed_back_tables
    print(f"\n== {name}: {t.pages} pages, {pipeline} tables (pdfplumber)")
    print(f"  handed back to pdfplumber: {t.handed_back} pages, {t.handed_back_tables} tables")
    print(
        f"  compared: {t.tables} tables; same grid {t.shape_same} "
        f"({100 * t.shape_same / max(t.tables, 1):.1f}%); only pdfium_tables: {t.extra}"
    )
    print(
        f"  all cells the same, folded: {t.folded_same} ({share:.1f}%); "
        f"no-space: {t.no_space_same} ({share_ns:.1f}%)"
    )
    print(
        f"  pipeline (hand-backs read by pdfplumber): folded "
        f"{100 * (t.folded_same + t.handed_back_tables) / max(pipeline, 1):.1f}%, no-space "
        f"{100 * (t.no_space_same + t.handed_back_tables) / max(pipeline, 1):.1f}%"
    )
    print(f"  CPU per page: pdfplumber {1000 * t.cpu_plumber / pages:.1f} ms, pdfium_tables "
          f"{1000 * t.cpu_pdfium / pages:.1f} ms, ratio "
          f"{t.cpu_plumber / max(t.cpu_pdfium, 1e-9):.1f}x")  # fmt: skip
    for line in t.differences[:show]:
        print("   -", line)
    if len(t.differences) > show:
        print(f"   ... and {len(t.differences) - show} more (--show)")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--docs", type=int, default=200, help="generated documents")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--all-pages", action="store_true", help="not only probable tables")
    parser.add_argument("--show", type=int, default=40, help="differences listed per set")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sets = {"generated": generated(args.docs, args.seed)}
    if (args.corpus / "pdfs").is_dir():
        sets = {"corpus": args.corpus / "pdfs", **sets}
    else:
        print(f"no corpus at {args.corpus}: the generated set only")
    for name, root in sets.items():
        tally = measure(sorted(root.glob("*/*.pdf")), root, args.all_pages)
        report(name, tally, args.show)


if __name__ == "__main__":
    main()
