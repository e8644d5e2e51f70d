"""Read CUAD v1 as The Atticus Project publishes it.

``CUAD_v1/master_clauses.csv`` has 83 columns: ``Filename``, then for each of the 41
categories a span column (``Parties``: the annotated text, written as a Python list
literal such as ``"['ACME Inc.', 'Buyer']"``) and an answer column (``Parties-Answer``;
one is spelt ``Notice Period To Terminate Renewal- Answer``). The contracts are under
``CUAD_v1/full_contract_pdf/Part_*/<type>/NAME.pdf``; a few CSV names differ from
their PDF's (``&`` written ``_``, a stray quote, a shortened name), so PDFs are
matched on letters and digits. ``record_from_row`` also takes the ``cuad`` rows of
kpo's labelled sets, whose span columns are already lists.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import re
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpo.errors import ConfigError, Errors, InputError

CATEGORIES: tuple[str, ...] = (
    "Document Name", "Parties", "Agreement Date", "Effective Date", "Expiration Date",
    "Renewal Term", "Notice Period To Terminate Renewal", "Governing Law",
    "Most Favored Nation", "Competitive Restriction Exception", "Non-Compete",
    "Exclusivity", "No-Solicit Of Customers", "No-Solicit Of Employees",
    "Non-Disparagement", "Termination For Convenience", "Rofr/Rofo/Rofn",
    "Change Of Control", "Anti-Assignment", "Revenue/Profit Sharing", "Price Restrictions",
    "Minimum Commitment", "Volume Restriction", "Ip Ownership Assignment",
    "Joint Ip Ownership", "License Grant", "Non-Transferable License",
    "Affiliate License-Licensor", "Affiliate License-Licensee",
    "Unlimited/All-You-Can-Eat-License", "Irrevocable Or Perpetual License",
    "Source Code Escrow", "Post-Termination Services", "Audit Rights", "Uncapped Liability",
    "Cap On Liability", "Liquidated Damages", "Warranty Duration", "Insurance",
    "Covenant Not To Sue", "Third Party Beneficiary",
)  # fmt: skip
CSV_NAME = "master_clauses.csv"
PDF_FOLDER = "full_contract_pdf"
_ODD_ANSWER_COLUMNS = {
    "Notice Period To Terminate Renewal": "Notice Period To Terminate Renewal- Answer"
}
_FILED = (
    re.compile(r"_((?:19|20)\d\d)(\d\d)(\d\d)_"),  # CreditcardscomInc_20070810_S-1_...
    re.compile(r"_(\d\d)_(\d\d)_((?:19|20)\d\d)-"),  # BIOPURECORP_06_30_1999-EX-...
)


def answer_column(category: str) -> str:
    """The answer column of a category, as CUAD spells it."""
    return _ODD_ANSWER_COLUMNS.get(category, f"{category}-Answer")


COLUMNS: tuple[str, ...] = (
    "Filename",
    *(c for cat in CATEGORIES for c in (cat, answer_column(cat))),
)


@dataclass(frozen=True, slots=True)
class CuadContract:
    """One row of ``master_clauses.csv``: a contract's answers and spans per category."""

    file_name: str
    answers: Mapping[str, str]
    spans: Mapping[str, tuple[str, ...]]
    pdf_path: Path | None = None
    row: int = 0
    problems: tuple[str, ...] = ()

    def answer(self, category: str) -> str:
        return self.answers.get(category, "").strip()

    def span(self, category: str) -> tuple[str, ...]:
        return self.spans.get(category, ())

    @property
    def filed(self) -> dt.date | None:
        """The EDGAR filing date written in the file name, if it has one."""
        return filing_date(self.file_name)

    def to_row(self) -> dict[str, Any]:
        """The CSV row as a dict, spans as lists (the ``cuad`` key of a labelled set)."""
        row: dict[str, Any] = {"Filename": self.file_name}
        for cat in CATEGORIES:
            row[cat] = list(self.span(cat))
            row[answer_column(cat)] = self.answers.get(cat, "")
        return row


@dataclass(frozen=True, slots=True)
class CuadTable:
    """The contracts of one CSV, and the rows that could not be read (row, reason)."""

    contracts: tuple[CuadContract, ...]
    skipped: tuple[tuple[int, str], ...] = ()
    pdf_root: Path | None = field(default=None)


def filing_date(file_name: str) -> dt.date | None:
    """The filing date in an EDGAR file name (``_20070810_`` or ``_08_10_2007-``)."""
    first = _FILED[0].search(file_name)
    parts = (first[1], first[2], first[3]) if first else None
    if parts is None and (second := _FILED[1].search(file_name)):
        parts = (second[3], second[1], second[2])
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2])) if parts else None
    except ValueError:
        return None


def parse_spans(cell: object) -> tuple[tuple[str, ...], str | None]:
    """The spans of one cell, and a problem when the cell is not a list of strings.

    CUAD writes Python list literals; a cell that is not one is kept whole as one span.
    """
    if isinstance(cell, list | tuple):
        return tuple(str(s) for s in cell), None
    text = str(cell or "").strip()
    if not text:
        return (), None
    try:
        with warnings.catch_warnings():  # "\\d" or "1and": no reason for a warning per cell
            warnings.simplefilter("ignore")
            value = ast.literal_eval(text) if text.startswith("[") else None
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = None
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return tuple(value), None
    return (text,), "not a list of strings; kept whole as one span"


def record_from_row(
    row: Mapping[str, Any], *, pdf_path: Path | None = None, number: int = 0
) -> CuadContract:
    """A contract from one CSV row (or a labelled set's ``cuad`` dict)."""
    answers: dict[str, str] = {}
    spans: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for cat in CATEGORIES:
        answers[cat] = str(row.get(answer_column(cat)) or "")
        spans[cat], problem = parse_spans(row.get(cat))
        if problem:
            problems.append(f"column {cat!r}: {problem}")
    return CuadContract(
        file_name=str(row.get("Filename") or "").strip(),
        answers=answers,
        spans=spans,
        pdf_path=pdf_path,
        row=number,
        problems=tuple(problems),
    )


def locate_csv(path: Path) -> Path:
    """``master_clauses.csv`` itself, or the one in a CUAD folder (E020 when absent)."""
    path = Path(path)
    candidates = [path] if path.is_file() else [path / CSV_NAME, path / "CUAD_v1" / CSV_NAME]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise InputError(Errors.E020.format(path=str(path), why=f"no {CSV_NAME}"))


def read_rows(csv_path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    """The CSV's rows with their line numbers; E020 when CUAD's columns are missing."""
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    with csv_path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            why = f"{len(missing)} of CUAD's {len(COLUMNS)} columns missing, such as {missing[:3]}"
            raise ConfigError(Errors.E020.format(path=str(csv_path), why=why))
        for row in reader:
            yield reader.line_num, row


def read_master_clauses(path: Path, *, pdfs: Path | None = None) -> CuadTable:
    """Every contract of a CUAD copy (a folder or ``master_clauses.csv``), PDFs matched.

    PDFs are looked for under ``pdfs`` or else under the CSV's folder. A row without a
    file name is skipped with its line number; a cell that is not a span list is kept.
    """
    csv_path = locate_csv(path)
    root = Path(pdfs) if pdfs else csv_path.parent
    index = PdfIndex.of(root)
    contracts: list[CuadContract] = []
    skipped: list[tuple[int, str]] = []
    for number, row in read_rows(csv_path):
        name = str(row.get("Filename") or "").strip()
        if not name:
            skipped.append((number, "no Filename"))
            continue
        contracts.append(record_from_row(row, pdf_path=index.find(name), number=number))
    return CuadTable(tuple(contracts), tuple(skipped), root)


def name_key(name: str) -> str:
    """A file name's letters and digits, lower case, without the ``.pdf`` extension."""
    stem = re.sub(r"\.pdf\W*$", "", name.strip(), flags=re.IGNORECASE)
    return "".join(ch for ch in stem.lower() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class PdfIndex:
    """The PDFs under a folder, by file name and by ``name_key``."""

    by_name: Mapping[str, Path]
    by_key: Mapping[str, tuple[Path, ...]]

    @classmethod
    def of(cls, root: Path) -> PdfIndex:
        paths = sorted(p for p in root.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
        by_key: dict[str, list[Path]] = {}
        for p in paths:
            by_key.setdefault(name_key(p.name), []).append(p)
        return cls({p.name: p for p in paths}, {k: tuple(v) for k, v in by_key.items()})

    def find(self, name: str) -> Path | None:
        """The PDF of a CSV file name: same name, same key, or the one key it begins."""
        if name in self.by_name:
            return self.by_name[name]
        key = name_key(name)
        exact = self.by_key.get(key, ())
        if len(exact) == 1:
            return exact[0]
        longer = [ps for k, ps in self.by_key.items() if key and k.startswith(key)]
        return longer[0][0] if len(longer) == 1 and len(longer[0]) == 1 else None


def contracts_from_labels(rows: Sequence[Mapping[str, Any]]) -> list[CuadContract]:
    """The CUAD rows kept under ``cuad`` in a labelled set's ``labels.jsonl``."""
    return [record_from_row(r["cuad"], number=i + 1) for i, r in enumerate(rows) if "cuad" in r]
