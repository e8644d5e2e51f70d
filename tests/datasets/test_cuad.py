"""CUAD as published: the reader of master_clauses.csv and the finding of its PDFs.

The CUAD copy is tests/data/cuad/CUAD_v1 (three invented rows, see its README); the
PDFs are written on the fly (the ``cuad`` fixture of conftest.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import warnings
from pathlib import Path

import pytest

from kpo.datasets.cuad import (
    COLUMNS,
    PdfIndex,
    answer_column,
    filing_date,
    parse_spans,
    read_master_clauses,
    record_from_row,
)
from kpo.errors import ConfigError, InputError

from .cuad_copy import ACME, BIG_RIVER, DATA, HARBOR_PDF, csv_rows


def test_the_reader_knows_cuads_83_columns_and_its_odd_answer_column() -> None:
    assert len(COLUMNS) == 83 and COLUMNS[0] == "Filename"
    assert answer_column("Parties") == "Parties-Answer"
    assert answer_column("Notice Period To Terminate Renewal") == (
        "Notice Period To Terminate Renewal- Answer"
    )
    assert list(csv_rows(DATA / "master_clauses.csv")[0]) == list(COLUMNS)


def test_reads_answers_and_span_lists_per_contract(cuad: Path) -> None:
    table = read_master_clauses(cuad)
    acme, big_river, harbor = table.contracts
    assert acme.file_name == ACME and acme.row == 2
    assert acme.span("Parties") == (
        "ACME WIDGETS, INC.",
        "Acme",
        "Bolt & Nut Trading Ltd.",
        "Buyer",
    )
    assert acme.answer("Renewal Term") == "succesive 1 year"
    assert acme.answer("Cap On Liability") == "Yes" and acme.span("Most Favored Nation") == ()
    assert (
        big_river.span("Effective Date") == ()
        and big_river.answer("Effective Date") == "[]/[]/1999"
    )
    assert harbor.problems == ("column 'Insurance': not a list of strings; kept whole as one span",)
    assert harbor.span("Insurance") == ("['Each party shall maintain insurance",)


def test_pdfs_are_found_despite_cuads_name_quirks(cuad: Path) -> None:
    pdfs = {c.file_name: c.pdf_path for c in read_master_clauses(cuad).contracts}
    part = cuad / "full_contract_pdf"
    assert pdfs[ACME] == part / "Part_I" / "Supply" / ACME
    assert pdfs[BIG_RIVER] == part / "Part_III" / "License" / BIG_RIVER
    assert pdfs["Harbor Lights, Inc. - A&R MARKETING AGREEMENT .PDF'"] == (
        part / "Part_II" / "Marketing" / HARBOR_PDF
    )


def test_a_shortened_name_finds_the_one_pdf_it_begins(tmp_path: Path) -> None:
    for name in (
        "X_Development Agreement_Option Agreement.pdf",
        "Y_License Agreement1.pdf",
        "Y_License Agreement2.pdf",
    ):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    index = PdfIndex.of(tmp_path)
    assert (
        index.find("X_Development Agreement.PDF")
        == tmp_path / "X_Development Agreement_Option Agreement.pdf"
    )
    assert index.find("Y_License Agreement.pdf") is None  # two candidates: no guess
    assert index.find("Z.pdf") is None


def test_the_pdfs_may_be_elsewhere_and_missing(cuad: Path, tmp_path: Path) -> None:
    assert all(
        c.pdf_path is None for c in read_master_clauses(cuad, pdfs=tmp_path / "none").contracts
    )


@pytest.mark.parametrize(
    ("cell", "spans", "problem"),
    [
        ("", (), None),
        ("[]", (), None),
        ("['a', \"it's\", 'line\\nbreak']", ("a", "it's", "line\nbreak"), None),
        (["already", "a list"], ("already", "a list"), None),
        ("[1, 2]", ("[1, 2]",), "not a list of strings; kept whole as one span"),
        ("[str(6 * 7)]", ("[str(6 * 7)]",), "not a list of strings; kept whole as one span"),
        ("['a' 1a]", ("['a' 1a]",), "not a list of strings; kept whole as one span"),
        (
            "__import__('os')",
            ("__import__('os')",),
            "not a list of strings; kept whole as one span",
        ),
    ],
)
def test_span_cells_are_parsed_as_literals_never_run(
    cell: object, spans: tuple[str, ...], problem: str | None
) -> None:
    assert parse_spans(cell) == (spans, problem)


def test_span_cells_that_python_would_warn_about_give_no_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert parse_spans("[1and 2]")[0] == ("[1and 2]",)
        assert parse_spans('["Section 3\\d"]')[0] == ("Section 3\\d",)
    assert [str(w.message) for w in caught] == []


def test_a_folder_without_master_clauses_is_refused_with_e020(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E020"):
        read_master_clauses(tmp_path)


def test_a_csv_without_cuads_columns_is_refused_with_e020(tmp_path: Path) -> None:
    bad = tmp_path / "master_clauses.csv"
    bad.write_text("Filename,Parties\nx.pdf,[]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"E020 .* \(81 of CUAD's 83 columns missing"):
        read_master_clauses(bad)


def test_a_row_without_a_file_name_is_skipped_with_its_line(tmp_path: Path) -> None:
    rows = csv_rows(DATA / "master_clauses.csv")
    rows[1]["Filename"] = " "
    path = tmp_path / "master_clauses.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    table = read_master_clauses(path)
    assert [c.row for c in table.contracts] == [2, 4] and table.skipped == ((3, "no Filename"),)


def test_a_contract_gives_back_its_csv_row() -> None:
    row = csv_rows(DATA / "master_clauses.csv")[0]
    back = record_from_row(row).to_row()
    assert list(back) == list(COLUMNS)
    assert back["Parties"] == ["ACME WIDGETS, INC.", "Acme", "Bolt & Nut Trading Ltd.", "Buyer"]
    assert {k: v for k, v in back.items() if isinstance(v, str)} == {
        k: v for k, v in row.items() if k == "Filename" or k.endswith("Answer")
    }


@pytest.mark.parametrize(
    ("name", "filed"),
    [
        (ACME, dt.date(2015, 3, 10)),
        (BIG_RIVER, dt.date(1999, 11, 2)),
        ("Monsanto Company - SECOND A&R EXCLUSIVE AGENCY AND MARKETING AGREEMENT .PDF", None),
        ("X_20151340_8-K.pdf", None),  # no such day
    ],
)
def test_the_filing_date_comes_from_the_edgar_file_name(name: str, filed: dt.date | None) -> None:
    assert filing_date(name) == filed
