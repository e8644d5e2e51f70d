"""Write a CUAD copy as a kpo labelled set: ``labels.jsonl`` and ``pdfs/``.

``python -m kpo.datasets.cuad_set CUAD_v1 OUT`` reads ``master_clauses.csv``, finds
each contract's PDF, converts CUAD's answers to kpo's contract fields
(:mod:`kpo.datasets.cuad_fields`; by default checked against the text kpo's extractor
reads from the PDF in its sandbox) and writes the set that ``kpo eval OUT`` and training read, in
the format of ``../shared/corpus-train/contracts``: one row per PDF, with the CUAD
row kept whole under ``cuad`` and the conversion's notes under ``notes``. A row
whose PDF is missing is left out and reported (E022); a PDF CUAD lists twice is
written once, with the row that answers more categories.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kpo.datasets.cuad import CATEGORIES, CuadContract, read_master_clauses
from kpo.datasets.cuad_fields import contract_fields
from kpo.datasets.labels import LabelRecord, write_labels
from kpo.errors import Errors, InputError, KpoError
from kpo.extractors.sandbox import ExtractionSandbox
from kpo.ingest import sha256_file
from kpo.records import ExtractedDocument, InputFile
from kpo.settings import DEFAULT_TIMEOUT_S, Limits

_COMPANY_SUFFIX = re.compile(r"(inc|corp|corporation|ltd|llc|plc|co|lp|company)+$")
TextReader = Callable[[Path], str | None]


@dataclass(frozen=True, slots=True)
class CuadSet:
    """What ``write_cuad_set`` wrote, and the rows it left out (CUAD file name, why)."""

    out_dir: Path
    records: tuple[LabelRecord, ...]
    left_out: tuple[tuple[str, str], ...] = ()


class SandboxedText:
    """The text kpo's extractor reads from a PDF, in kpo's extraction sandbox (a child
    process with ``kpo run``'s time and memory limits; no OCR). None when it cannot."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits
        self._sandbox: ExtractionSandbox | None = None

    def __call__(self, path: Path) -> str | None:
        if self._sandbox is None:
            self._sandbox = ExtractionSandbox(self.limits, ocr=None)
        file = InputFile(str(path), sha256_file(path), path.stat().st_size)
        result = self._sandbox.extract(file)
        return (
            "\n".join(p.text for p in result.pages)
            if isinstance(result, ExtractedDocument)
            else None
        )

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()


def page_count(path: Path) -> int:
    """The PDF's page count (0 when pdfium cannot open it)."""
    import pypdfium2 as pdfium

    try:
        with pdfium.PdfDocument(str(path)) as doc:
            return len(doc)
    except Exception:
        return 0


def set_file_name(contract: CuadContract, taken: set[str]) -> str:
    """``cuad_<type folder>_<company>_<filing year>.pdf``, unique within ``taken``."""
    folder = contract.pdf_path.parent.name if contract.pdf_path else ""
    kind = "".join(
        w for w in re.findall(r"[a-z]+", folder.lower()) if not w.startswith("agreement")
    )
    company = re.split(r"_| - |,", contract.file_name, maxsplit=1)[0]
    company = _COMPANY_SUFFIX.sub("", re.sub(r"[^a-z0-9]", "", company.lower()))[:18]
    year = str(contract.filed.year) if contract.filed else ""
    stem = "_".join(p for p in ("cuad", kind or "contract", company or "contract", year) if p)
    name, n = f"{stem}.pdf", 1
    while name in taken:
        n += 1
        name = f"{stem}_{n}.pdf"
    taken.add(name)
    return name


def _answered(contract: CuadContract) -> int:
    return sum(bool(contract.answer(c) or contract.span(c)) for c in CATEGORIES)


def unique_pdfs(
    contracts: Sequence[CuadContract],
) -> tuple[list[tuple[CuadContract, str]], list[tuple[str, str]]]:
    """One contract per PDF (by sha256), the one answering more categories (the first
    of equals); the others and the rows without a PDF are left out with a reason."""
    kept: dict[str, CuadContract] = {}
    left_out: list[tuple[str, str]] = []
    for contract in contracts:
        if contract.pdf_path is None:
            left_out.append((contract.file_name, f"row {contract.row}: no PDF found"))
            continue
        digest = sha256_file(contract.pdf_path)
        other = kept.get(digest)
        if other is not None:
            drop, keep = sorted((other, contract), key=lambda c: (_answered(c), -c.row))
            left_out.append((drop.file_name, f"row {drop.row}: same PDF as row {keep.row}"))
            contract = keep
        kept[digest] = contract
    return [(c, d) for d, c in kept.items()], left_out


def label_record(
    contract: CuadContract, file: str, digest: str, root: Path, text: TextReader | None
) -> LabelRecord:
    """The labelled-set row of one contract (its PDF already matched)."""
    assert contract.pdf_path is not None
    content = text(contract.pdf_path) if text else None
    conversion = contract_fields(contract, content)
    notes = [f"converted from CUAD master_clauses.csv; original file {contract.file_name!r}"]
    if text and content is None:
        notes.append("checked against CUAD's spans only: kpo could not read the PDF's text")
    notes += [*contract.problems, *conversion.notes]
    source = (
        contract.pdf_path.relative_to(root)
        if contract.pdf_path.is_relative_to(root)
        else contract.pdf_path
    )
    return LabelRecord(
        file=file,
        doc_type="contract",
        fields=dict(conversion.fields),
        scanned=False,
        pages=page_count(contract.pdf_path),
        sha256=digest,
        extra={
            "source_path": source.as_posix(),
            "notes": "; ".join(notes),
            "cuad": contract.to_row(),
        },
    )


def write_cuad_set(
    cuad: Path,
    out_dir: Path,
    *,
    pdfs: Path | None = None,
    text: TextReader | Literal["kpo"] | None = "kpo",
) -> CuadSet:
    """Write the labelled set of a CUAD copy into ``out_dir`` (E021 if it holds one).

    ``text``: how a PDF's text is read for the checks (``"kpo"``: kpo's extractor in
    its sandbox); ``None`` checks the answers against CUAD's spans only.
    """
    out_dir = Path(out_dir)
    if (out_dir / "labels.jsonl").exists():
        raise InputError(Errors.E021.format(path=str(out_dir)))
    table = read_master_clauses(Path(cuad), pdfs=pdfs)
    found, left_out = unique_pdfs(table.contracts)
    left_out += [(f"row {row}", why) for row, why in table.skipped]
    reader = SandboxedText() if text == "kpo" else text
    try:
        records = _write_pdfs(found, out_dir, table.pdf_root or out_dir, reader)
    finally:
        if isinstance(reader, SandboxedText):
            reader.close()
    partial = out_dir / "labels.jsonl.partial"
    write_labels(partial, records)
    os.replace(partial, out_dir / "labels.jsonl")
    return CuadSet(out_dir, tuple(records), tuple(left_out))


def _write_pdfs(
    found: Sequence[tuple[CuadContract, str]], out_dir: Path, root: Path, text: TextReader | None
) -> list[LabelRecord]:
    """Copy each PDF under ``out_dir/pdfs`` with its new name; the rows, in CSV order."""
    (out_dir / "pdfs").mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    records = []
    for contract, digest in sorted(found, key=lambda cd: cd[0].row):
        assert contract.pdf_path is not None
        file = set_file_name(contract, taken)
        shutil.copyfile(contract.pdf_path, out_dir / "pdfs" / file)
        records.append(label_record(contract, file, digest, root, text))
    return records


def main(argv: list[str] | None = None) -> int:
    """``python -m kpo.datasets.cuad_set CUAD_v1 OUT``: CUAD as a kpo labelled set."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m kpo.datasets.cuad_set", description=main.__doc__
    )
    parser.add_argument("cuad", type=Path, help="the CUAD_v1 folder, or its master_clauses.csv")
    parser.add_argument("out", type=Path, help="the folder to write labels.jsonl and pdfs/ into")
    parser.add_argument("--pdfs", type=Path, help="where the PDFs are (default: beside the CSV)")
    parser.add_argument(
        "--spans-only",
        action="store_true",
        help="check CUAD's answers against its spans only, not the PDFs' text",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help="seconds to read one PDF's text, whatever its length (default: kpo run's base "
        "limit); a PDF over it is checked against CUAD's spans only",
    )
    args = parser.parse_args(argv)
    reader = None
    try:
        reader = (
            None
            if args.spans_only
            else SandboxedText(Limits(timeout_s=args.timeout, timeout_per_page_s=0))
        )
        result = write_cuad_set(args.cuad, args.out, pdfs=args.pdfs, text=reader)
    except KpoError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        if reader is not None:
            reader.close()
    print(f"{len(result.records)} contracts written to {result.out_dir}")
    if result.left_out:
        reasons = "; ".join(f"{name} ({why})" for name, why in result.left_out[:10])
        pdf_root = args.pdfs or args.cuad
        print(
            Errors.E022.format(count=len(result.left_out), reasons=reasons, pdfs=pdf_root),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
