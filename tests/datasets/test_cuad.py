"""CUAD as published: the reader, the conversion to kpo's fields, the labelled-set writer.

The CUAD copy is tests/data/cuad/CUAD_v1 (three invented rows, see its README); the
PDFs are written on the fly. One test reads ../shared/corpus-train/contracts, whose
``cuad`` rows are real CUAD rows, and is skipped when that folder is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kpo.datasets.cuad import (
    COLUMNS,
    PdfIndex,
    answer_column,
    contracts_from_labels,
    filing_date,
    parse_spans,
    read_master_clauses,
    record_from_row,
)
from kpo.datasets.cuad_dates import answer_date, dates_in
from kpo.datasets.cuad_fields import contract_fields, renewal_term
from kpo.datasets.cuad_parties import answer_names, convert_parties
from kpo.datasets.cuad_set import main, write_cuad_set
from kpo.errors import ConfigError, InputError
from kpo.evaluation.evaluate import read_labelled_set

DATA = Path(__file__).resolve().parents[1] / "data" / "cuad" / "CUAD_v1"
CORPUS_TRAIN = Path(__file__).resolve().parents[3] / "shared" / "corpus-train" / "contracts"
ACME = "AcmeWidgetsInc_20150310_8-K_EX-10.1_1234567_EX-10.1_Supply Agreement.pdf"
BIG_RIVER = "BIGRIVERCORP_11_02_1999-EX-10.2-LICENSE AGREEMENT.PDF"
HARBOR_PDF = "Harbor Lights, Inc. - A_R MARKETING AGREEMENT .PDF"
PDF_TEXT = {
    ACME: [
        "SUPPLY AGREEMENT",
        "dated March 2, 2015, between ACME WIDGETS, INC.",
        "and BOLT & NUT TRADING LTD.",
        "governed by the laws of the State of New York",
    ],
    BIG_RIVER: ["LICENSE AGREEMENT", "made this 12th day of October 1999 by Big River Corp."],
    HARBOR_PDF: [
        "AMENDED AND RESTATED MARKETING AGREEMENT",
        "Harbor Lights, Inc. and",
        "Seaside Partners, L.P., effective as of July 1, 2044",
    ],
}
FOLDERS = {ACME: "Part_I/Supply", BIG_RIVER: "Part_III/License", HARBOR_PDF: "Part_II/Marketing"}


@pytest.fixture
def cuad(tmp_path: Path, write_text_pdf: Callable[..., Path]) -> Path:
    """The three-row CUAD copy with its PDFs, in CUAD's folder layout."""
    root = tmp_path / "CUAD_v1"
    shutil.copytree(DATA, root)
    for name, lines in PDF_TEXT.items():
        folder = root / "full_contract_pdf" / FOLDERS[name]
        folder.mkdir(parents=True, exist_ok=True)
        write_text_pdf(folder / name, [lines])
    return root


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- reader ---------------------------------------------------------------------------


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


# -- conversion -----------------------------------------------------------------------

EXPECTED = [
    (
        {
            "contract_type": "SUPPLY AGREEMENT",
            "parties": ["Acme Widgets, Inc.", "Bolt & Nut Trading Ltd."],
            "agreement_date": "2015-03-02",
            "effective_date": "2015-03-02",
            "governing_law": "New York",
            "term": "Expires 2018-03-01; renews for successive 1-year terms",
        },
        ('party "Bolt & Nutt Trading Ltd." spelt as printed: "Bolt & Nut Trading Ltd."',),
    ),
    (
        {
            "contract_type": "LICENSE AGREEMENT",
            "parties": ["Big River Corp."],
            "agreement_date": "1999-10-12",
            "term": "Perpetual (no fixed expiry)",
        },
        (
            "agreement_date 1999-10-12 from the annotated text (CUAD answer read 1999-10-21)",
            "effective_date left out: CUAD answer '[]/[]/1999' is not a full date",
            "governing_law left out: CUAD answer has no supporting clause",
        ),
    ),
    (
        {
            "contract_type": "AMENDED AND RESTATED MARKETING AGREEMENT",
            "parties": ["Harbor Lights, Inc.", "Seaside Partners, L.P."],
            "effective_date": "2044-07-01",
            "term": "Expires in 2049; renews for up to 2 successive 5-year terms",
        },
        ("effective_date 2044-07-01 from the annotated text (CUAD answer read 1944-07-01)",),
    ),
]


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_the_fields_of_each_row_follow_the_corpus_train_rules(
    cuad: Path, index: int, expected: tuple[dict[str, Any], tuple[str, ...]]
) -> None:
    conversion = contract_fields(read_master_clauses(cuad).contracts[index])
    assert (dict(conversion.fields), conversion.notes) == expected


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        ('Chase Bank USA, N.A., ("Chase"); You ("Affiliate")', ["Chase Bank USA, N.A."]),
        (
            'NETWORK  1 FINANCIAL, INC. ("NETWORK  1"); Franchisee ("you")',
            ["NETWORK 1 FINANCIAL, INC."],
        ),
        (
            'RSL COM PrimeCall, Inc. ("PrimeCall"); deltathree.com, Inc. '
            '(formerly known as Delta Three, Inc.) ("DeltaThree")',
            ["RSL COM PrimeCall, Inc.", "deltathree.com, Inc."],
        ),
        (
            'Fox Mobile Entertainment, Inc. ("Fox"); '
            'Glu Mobile, Inc. f/k/a Sorrent, Inc. ("Licensee")',
            ["Fox Mobile Entertainment, Inc.", "Glu Mobile, Inc."],
        ),
        (
            "Reed's, Inc. (\"Reed's\"); BC Marketing Concepts Inc., dba Full Sail Brewing Company",
            ["Reed's, Inc.", "BC Marketing Concepts Inc."],
        ),
        (
            'Wells Fargo Bank on behalf of Wells Fargo Trust ("Counterparty"); UBS AG ("UBS AG")',
            ["Wells Fargo Bank", "UBS AG"],
        ),
        (
            'AB Wately, Inc. and all of its subsidiaries and related companies ("ABW" ); '
            "PC QUOTE, INC.",
            ["AB Wately, Inc.", "PC QUOTE, INC."],
        ),
        (
            'Oxbow LLC ("Oxbow"); Global Energy, Inc ("Global"); Oxbow and Global (individually as '
            '"Party" and collectively as the "Parties")',
            ["Oxbow LLC", "Global Energy, Inc"],
        ),
        (
            'Galen (Chemicals) Limited ("GALEN"); Mutual Insurance Corporation of America (MICOA)',
            ["Galen (Chemicals) Limited", "Mutual Insurance Corporation of America"],
        ),
        (
            "VA Partners I, LLC, ValueAct Capital Master Fund, L.P., "
            "Taiwan Fixed Network Co., Ltd. Preparatory Office",
            [
                "VA Partners I, LLC",
                "ValueAct Capital Master Fund, L.P.",
                "Taiwan Fixed Network Co., Ltd. Preparatory Office",
            ],
        ),
        (
            'WYZZ, Inc. and WYZZ Licensee, Inc. ("Licensee"); '
            "Mr. Zheng Qing, Mr. Gu Xianwin and Ms. Chen Weijie",
            [
                "WYZZ, Inc.",
                "WYZZ Licensee, Inc.",
                "Mr. Zheng Qing",
                "Mr. Gu Xianwin",
                "Ms. Chen Weijie",
            ],
        ),
        (
            '(Dragon Systems, Inc. ("Dragon"); [***] ("Agent"); ______ ("Member"))',
            ["Dragon Systems, Inc."],
        ),
        (
            'MINDA INDUSTRIES LIMITED including its successors ("MIL"), '
            'Nirmal K. MINDA including his heirs ("MINDA")',
            ["MINDA INDUSTRIES LIMITED", "Nirmal K. MINDA"],
        ),
        (
            "Securian Funds Trust (\u201cTrust\u201d); \nTrust\u2019s Advantus Money Market Fund",
            ["Securian Funds Trust", "Trust's Advantus Money Market Fund"],
        ),
    ],
)
def test_party_names_lose_aliases_roles_and_restatements(answer: str, names: list[str]) -> None:
    assert answer_names(answer) == names


def test_a_misspelt_party_takes_the_spelling_of_cuads_span_not_a_cut_short_one() -> None:
    answer = 'Mount Kowledge Holdings Inc. ("MA"); AVIONS DE TRANSPORT REGIONAL, G.I.E. ("ATR")'
    spans = ["MOUNT KNOWLEDGE HOLDINGS INC.", "AVIONS DE TRANSPORT REGIONAL"]
    parties = convert_parties(answer, spans)
    assert parties.names == (
        "MOUNT KNOWLEDGE HOLDINGS INC.",
        "AVIONS DE TRANSPORT REGIONAL, G.I.E.",
    )
    assert parties.notes == (
        'party "Mount Kowledge Holdings Inc." spelt as printed: "MOUNT KNOWLEDGE HOLDINGS INC."',
    )


@pytest.mark.parametrize(
    ("answer", "filed", "expiry", "date"),
    [
        ("10/1/99", dt.date(1999, 11, 2), False, dt.date(1999, 10, 1)),
        ("5/8/02", dt.date(2002, 6, 1), False, dt.date(2002, 5, 8)),
        ("11/2/01", dt.date(1999, 11, 2), False, dt.date(2001, 11, 2)),  # two years after
        ("11/3/01", dt.date(1999, 11, 2), False, dt.date(1901, 11, 3)),  # past the two years
        ("2/28/02", dt.date(2000, 2, 29), False, dt.date(2002, 2, 28)),
        ("9/1/45", dt.date(2019, 5, 9), True, dt.date(2045, 9, 1)),  # an expiry: nearest century
        ("31/01/2025", None, True, dt.date(2025, 1, 31)),
        ("[]/[]/2006", None, False, None),
        ("09/01/2006; 8/31/2007", None, False, None),
    ],
)
def test_cuad_dates_take_the_century_of_the_filing_date(
    answer: str, filed: dt.date | None, expiry: bool, date: dt.date | None
) -> None:
    assert answer_date(answer, filed, expiry=expiry) == date


def test_dates_are_found_as_contracts_print_them() -> None:
    text = (
        "20t h day of November, 2018; December 3rd, 2018 (; January  28,  2005; 1 Sept. 2019; "
        "the 5th of June, 2001; 3/13/2003; Marketing 5, 2014"
    )
    assert dates_in(text) == {
        dt.date(2018, 11, 20),
        dt.date(2018, 12, 3),
        dt.date(2005, 1, 28),
        dt.date(2019, 9, 1),
        dt.date(2001, 6, 5),
        dt.date(2003, 3, 13),
    }
    assert dates_in("3/13/2003", numeric=False) == set()


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("made and effective as of1 August 2019, by", {dt.date(2019, 8, 1)}),
        ("made as of 31 December,\n --------- \n1996, between", {dt.date(1996, 12, 31)}),
        ("made this 1st day of\n      ---\nNovember, 2003", {dt.date(2003, 11, 1)}),
        ("effective as of the 1.4.2011 (the", {dt.date(2011, 4, 1), dt.date(2011, 1, 4)}),
        ("Date 13/07/05", {dt.date(1905, 7, 13), dt.date(2005, 7, 13)}),
        (
            "Contract start: 04-01-06",
            {dt.date(y, m, d) for y in (1906, 2006) for m, d in ((4, 1), (1, 4))},
        ),
        ("Section 2.3.16.4 and 1-2-3-4", set()),
        ("signed on 7/7/98.", {dt.date(1998, 7, 7), dt.date(2098, 7, 7)}),
    ],
)
def test_a_printed_date_is_found_in_any_of_its_numeric_readings(
    text: str, dates: set[dt.date]
) -> None:
    assert dates_in(text) == dates


@pytest.mark.parametrize(
    ("answer", "summary"),
    [
        ("successive 1 year", "renews for successive 1-year terms"),
        ("sucessive 1 year", "renews for successive 1-year terms"),
        ("2 successive 10 years", "renews for up to 2 successive 10-year terms"),
        ("10 1 years", "renews for up to 10 successive 1-year terms"),
        ("three (3) years", "renews for a 3-year term"),
        ("12 months", "renews for a 12-month term"),
        ("successive [] years", "renews for successive terms (length redacted)"),
        ("perpetual", "renews perpetually"),
        ("4 years, 6 months", "renewal term: 4 years, 6 months"),
    ],
)
def test_renewal_answers_become_words(answer: str, summary: str) -> None:
    assert renewal_term(answer) == summary


def test_with_the_text_unprinted_dates_and_names_are_left_out(cuad: Path) -> None:
    acme, big_river, _ = read_master_clauses(cuad).contracts
    text = (
        "SUPPLY AGREEMENT between Acme Widgets, Inc. and Bolt & Nut Trading Ltd. on March 2, 2015"
    )
    conversion = contract_fields(acme, text)
    assert conversion.fields["parties"] == ["Acme Widgets, Inc.", "Bolt & Nut Trading Ltd."]
    assert conversion.fields["agreement_date"] == "2015-03-02"
    assert "contract_type" in conversion.fields
    unprinted = contract_fields(
        acme, "An agreement between Acme Widgets, Inc. and another company."
    )
    assert {"parties", "agreement_date", "effective_date", "contract_type"}.isdisjoint(
        unprinted.fields
    )
    assert unprinted.notes == (
        'parties left out: "Bolt & Nutt Trading Ltd." is not printed in the document',
        "agreement_date left out: CUAD answer 2015-03-02 is not printed in the document",
        "effective_date left out: CUAD answer 2015-03-02 is not printed in the document",
    )
    # the span's date, though the text is empty
    assert contract_fields(big_river, "").fields["agreement_date"] == "1999-10-12"


@pytest.mark.skipif(
    not (CORPUS_TRAIN / "labels.jsonl").exists(), reason="no ../shared/corpus-train"
)
def test_the_conversion_agrees_with_corpus_train_labels() -> None:
    """corpus-train's fields were made from these rows with the PDFs' text; without the
    text, what disagrees (12 of 2,184 when written) needs the text to settle."""
    rows = [json.loads(line) for line in (CORPUS_TRAIN / "labels.jsonl").open(encoding="utf-8")]
    agree: dict[str, int] = {}
    for contract, row in zip(contracts_from_labels(rows), rows, strict=True):
        fields = contract_fields(contract).fields
        for key in (
            "contract_type",
            "parties",
            "agreement_date",
            "effective_date",
            "governing_law",
            "term",
        ):
            agree[key] = agree.get(key, 0) + (fields.get(key) == row["fields"].get(key))
    assert len(rows) == 364
    assert agree == agree | {"governing_law": 364, "term": 364}
    assert min(agree["agreement_date"], agree["effective_date"], agree["contract_type"]) >= 360
    assert agree["parties"] >= 356


# -- labelled set ---------------------------------------------------------------------


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
