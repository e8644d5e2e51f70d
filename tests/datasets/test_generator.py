"""The synthetic corpus generator: determinism, gold fields and boxes, the sample batch."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from kpo.datasets.contract_field_clauses import years_later
from kpo.datasets.drawing import visual
from kpo.datasets.generator import generate_corpus, write_sample_batch
from kpo.datasets.labels import LabelRecord, read_labels, write_labels
from kpo.records import DOC_TYPES

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def printed_in(printed: str, text: str) -> bool:
    """The value is in the text, in logical or (right-to-left script) visual order."""
    return fold(printed) in text or fold(visual(printed)) in text


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[LabelRecord]]:
    out = tmp_path_factory.mktemp("gen")
    return out, generate_corpus(out, 60, seed=5)


def test_every_type_and_split_is_generated(corpus: tuple[Path, list[LabelRecord]]) -> None:
    out, records = corpus
    assert {r.doc_type for r in records} == set(DOC_TYPES)
    assert {r.split for r in records} <= {"train", "val", "test"}
    assert all((out / "pdfs" / r.file).is_file() for r in records)
    assert read_labels(out / "labels.jsonl") == records


def test_same_seed_gives_same_labels_and_text(
    corpus: tuple[Path, list[LabelRecord]], tmp_path: Path
) -> None:
    out, records = corpus
    again = generate_corpus(tmp_path, 8, seed=5)
    assert again == records[:8]
    for a, b in zip(records[:8], again, strict=True):
        assert pdf_text(out / "pdfs" / a.file) == pdf_text(tmp_path / "pdfs" / b.file)


def test_other_seed_gives_other_documents(
    corpus: tuple[Path, list[LabelRecord]], tmp_path: Path
) -> None:
    other = generate_corpus(tmp_path, 4, seed=6)
    assert [r.sha256 for r in other] != [r.sha256 for r in corpus[1][:4]]


def test_gold_values_are_printed_inside_their_boxes(corpus: tuple[Path, list[LabelRecord]]) -> None:
    out, records = corpus
    checked = 0
    for record in records:
        with pdfplumber.open(out / "pdfs" / record.file) as pdf:
            for key, (page, x0, top, x1, bottom) in record.boxes.items():
                crop = pdf.pages[int(page) - 1].within_bbox((x0 - 1, top - 1, x1 + 1, bottom + 1))
                inside = fold(" ".join(w["text"] for w in crop.extract_words()))
                assert printed_in(record.raw[key], inside), (record.file, key)
                checked += 1
    assert checked > 100


def test_gold_values_appear_in_extracted_text(corpus: tuple[Path, list[LabelRecord]]) -> None:
    out, records = corpus
    for record in records:
        text = fold(pdf_text(out / "pdfs" / record.file))
        for key, printed in record.raw.items():
            assert printed_in(printed, text), (record.file, key)
        if "year" in record.fields:
            assert str(record.fields["year"]) in text


def test_list_fields_have_one_box_per_item(corpus: tuple[Path, list[LabelRecord]]) -> None:
    contracts = [r for r in corpus[1] if r.doc_type == "contract"]
    for record in contracts:
        parties = record.fields["parties"]
        assert len(parties) == 2
        assert [record.raw[f"parties[{i}]"] for i in range(2)] == parties


def test_sample_batch_has_one_of_each_type_and_a_broken_file(tmp_path: Path) -> None:
    paths = write_sample_batch(tmp_path)
    assert len(paths) == 5
    assert sum(p.stat().st_size for p in paths) < 200_000
    for doc_type in DOC_TYPES:
        assert (tmp_path / f"sample_{doc_type}.pdf") in paths
    broken = [p for p in paths if "broken" in p.name]
    assert len(broken) == 1
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(broken[0]))


def test_write_and_read_labels_roundtrip(
    corpus: tuple[Path, list[LabelRecord]], tmp_path: Path
) -> None:
    write_labels(tmp_path / "labels.jsonl", corpus[1])
    assert read_labels(tmp_path / "labels.jsonl") == corpus[1]


def test_reads_the_real_corpus_labels() -> None:
    path = CORPUS / "labels.jsonl"
    if not path.is_file():
        pytest.skip(f"corpus labels not found at {path}")
    records = read_labels(path)
    assert len(records) == 30
    assert {r.doc_type for r in records} == set(DOC_TYPES)
    assert all(r.sha256 and r.pages > 0 for r in records)
    assert all("source_repo" in r.extra for r in records)


def test_a_term_anniversary_of_a_leap_day_is_march_first_in_a_common_year() -> None:
    assert years_later(dt.date(1996, 2, 29), 1) == dt.date(1997, 3, 1)
    assert years_later(dt.date(1996, 2, 29), 4) == dt.date(2000, 2, 29)
    assert years_later(dt.date(2001, 7, 31), 3) == dt.date(2004, 7, 31)
