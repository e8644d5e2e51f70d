"""The CUAD copy written as a labelled set kpo reads: the PDFs' text checked, rows left
out with their reason, and the command line.

The CUAD copy is tests/data/cuad/CUAD_v1 with its PDFs written on the fly (the ``cuad``
fixture of conftest.py).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from kpo.datasets.cuad import COLUMNS, record_from_row
from kpo.datasets.cuad_set import main, write_cuad_set
from kpo.errors import InputError
from kpo.evaluation.evaluate import read_labelled_set

from .cuad_copy import ACME, BIG_RIVER, DATA, EXPECTED, csv_rows


def test_the_written_set_is_a_labelled_set_kpo_reads(cuad: Path, tmp_path: Path) -> None:
    out = tmp_path / "set"
    result = write_cuad_set(cuad, out)
    labels = read_labelled_set(out)
    assert [r.file for r in labels] == [
        "cuad_supply_acmewidgets_2015.pdf",
        "cuad_license_bigriver_1999.pdf",
        "cuad_marketing_harborlights.pdf",
    ]
    assert [r.file for r in result.records] == [r.file for r in labels] and result.left_out == ()
    for label in labels:
        assert (out / "pdfs" / label.file).read_bytes()
        assert label.doc_type == "contract" and label.pages == 1 and len(label.sha256) == 64
    acme = labels[0]
    assert acme.fields == EXPECTED[0][0]
    assert acme.extra["cuad"] == record_from_row(csv_rows(DATA / "master_clauses.csv")[0]).to_row()
    assert acme.extra["source_path"] == f"full_contract_pdf/Part_I/Supply/{ACME}"
    assert acme.extra["notes"].startswith(
        f"converted from CUAD master_clauses.csv; original file {ACME!r}"
    )
    assert "column 'Insurance': not a list" in labels[2].extra["notes"]


def test_the_written_set_checks_the_pdfs_text(cuad: Path, tmp_path: Path) -> None:
    labels = {r.file: r for r in write_cuad_set(cuad, tmp_path / "set").records}
    acme = labels["cuad_supply_acmewidgets_2015.pdf"]
    assert acme.fields["parties"] == ["Acme Widgets, Inc.", "Bolt & Nut Trading Ltd."]
    assert "effective_date" in acme.fields  # 2015-03-02 is printed
    spans_only = write_cuad_set(cuad, tmp_path / "spans", text=None).records
    assert [r.fields for r in spans_only] == [e[0] for e in EXPECTED]
    blank = write_cuad_set(cuad, tmp_path / "blank", text=lambda path: "").records
    assert all("parties" not in r.fields for r in blank)


def test_a_pdf_kpo_cannot_read_keeps_its_row_checked_against_spans(
    cuad: Path, tmp_path: Path
) -> None:
    (cuad / "full_contract_pdf" / "Part_III" / "License" / BIG_RIVER).write_bytes(b"not a PDF")
    big_river = write_cuad_set(cuad, tmp_path / "set").records[1]
    assert big_river.fields == EXPECTED[1][0] and big_river.pages == 0
    assert "checked against CUAD's spans only: kpo could not read" in big_river.extra["notes"]


def test_rows_without_a_pdf_and_second_rows_of_one_pdf_are_left_out(
    cuad: Path, tmp_path: Path
) -> None:
    rows = csv_rows(cuad / "master_clauses.csv")
    twin = dict(rows[0], Filename="AcmeWidgetsInc_20150310_8-K_EX-10.1_copy.pdf")
    lost = dict(rows[1], Filename="LOSTCORP_01_01_2001-EX-1-AGREEMENT.PDF")
    supply = cuad / "full_contract_pdf" / "Part_I" / "Supply"
    shutil.copyfile(supply / ACME, supply / twin["Filename"])
    with (cuad / "master_clauses.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows([*rows, twin, lost])
    result = write_cuad_set(cuad, tmp_path / "set", text=None)
    assert len(result.records) == 3 and result.records[0].extra["cuad"]["Filename"] == ACME
    assert result.left_out == (
        (twin["Filename"], "row 5: same PDF as row 2"),
        (lost["Filename"], "row 6: no PDF found"),
    )


def test_an_existing_labelled_set_is_not_overwritten(cuad: Path, tmp_path: Path) -> None:
    (tmp_path / "labels.jsonl").write_text('{"file": "mine.pdf"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="E021"):
        write_cuad_set(cuad, tmp_path)
    assert (tmp_path / "labels.jsonl").read_text(encoding="utf-8") == '{"file": "mine.pdf"}\n'


def test_the_command_line_reports_what_it_left_out(
    cuad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cuad / "full_contract_pdf" / "Part_III" / "License" / BIG_RIVER).unlink()
    assert main([str(cuad), str(tmp_path / "set"), "--spans-only"]) == 0
    out, err = capsys.readouterr()
    assert out == f"2 contracts written to {tmp_path / 'set'}\n"
    assert err.startswith(
        f"E022 1 CUAD row(s) left out of the labelled set: {BIG_RIVER} (row 3: no PDF found)"
    )
    assert main([str(tmp_path / "nothing"), str(tmp_path / "set2")]) == 2
    assert capsys.readouterr().err.startswith("E020 ")
    assert main([str(cuad), str(tmp_path / "set3"), "--timeout", "0"]) == 2
    assert capsys.readouterr().err.startswith("E002 Invalid value 0.0 for 'limits.timeout_s'")


def test_a_pdf_read_past_the_timeout_is_checked_against_spans(cuad: Path, tmp_path: Path) -> None:
    assert main([str(cuad), str(tmp_path / "set"), "--timeout", "0.001"]) == 0
    labels = read_labelled_set(tmp_path / "set")
    assert all("kpo could not read the PDF's text" in r.extra["notes"] for r in labels)
    assert [r.fields for r in labels] == [e[0] for e in EXPECTED]
