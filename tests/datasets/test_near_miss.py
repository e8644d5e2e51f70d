"""Near-miss generators: each kind makes a readable PDF with its kind's cues and label."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kpo.datasets.generator import generate_corpus, write_document
from kpo.datasets.near_miss import NEAR_MISS, is_near_miss
from kpo.models.train_classifier import pdf_text

# What a reader recognises each kind by (any one of them, case-insensitive).
CUES = {
    "policy": ("policy", "premium", "coverage", "insured"),
    "medical_bill": ("patient", "charges", "balance"),
    "eob": ("explanation of benefits", "not a bill"),
    "invoice": ("invoice",),
    "statistics": ("source:", "table", "chart"),
    "slides": (),  # recognised by its shape, checked below
    "manual": ("chapter", "contents"),
    "insurance_paper": ("claim", "insur", "polic", "loss"),
    "blank_claim": ("claim", "loss", "polic", "injur"),
}


def write(tmp_path: Path, kind: str, seed: int) -> tuple[Path, str, str]:
    record = write_document(tmp_path, f"near_{kind}_{seed}", "other", seed, near_miss=kind)
    return tmp_path / "pdfs" / record.file, record.doc_type, str(record.kind)


@pytest.mark.parametrize("kind", sorted(NEAR_MISS))
def test_each_kind_makes_a_readable_pdf_with_its_cues(tmp_path: Path, kind: str) -> None:
    for seed in (1, 2, 3):
        path, doc_type, written_kind = write(tmp_path, kind, seed)
        text = pdf_text(path).lower()
        assert doc_type == NEAR_MISS[kind][0]
        assert written_kind.startswith(f"near_{kind}:") and is_near_miss(written_kind)
        assert len(text.split()) >= 20
        if CUES[kind]:
            assert any(cue in text for cue in CUES[kind]), (kind, seed)


def test_slides_are_landscape_pages_of_few_words(tmp_path: Path) -> None:
    path, _, _ = write(tmp_path, "slides", 4)
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert len(pdf) >= 5
        for i in range(len(pdf)):
            width, height = pdf[i].get_size()
            assert width > height
            assert len(pdf[i].get_textpage().get_text_range().split()) < 90
    finally:
        pdf.close()


def test_manual_has_numbered_steps_and_a_command(tmp_path: Path) -> None:
    path, _, _ = write(tmp_path, "manual", 5)
    text = pdf_text(path, max_pages=20)
    assert re.search(r"^(1\.|Step 1:) ", text, re.M)
    assert re.search(r"(\$ |C:\\> |--format )", text)


def test_blank_claim_forms_carry_no_values(tmp_path: Path) -> None:
    record = write_document(tmp_path, "near_blank", "claim", 6, near_miss="blank_claim")
    assert record.doc_type == "claim" and record.fields == {}


def test_insurance_papers_are_papers_with_gold_titles(tmp_path: Path) -> None:
    record = write_document(tmp_path, "near_paper", "other", 7, near_miss="insurance_paper")
    assert record.doc_type == "research_paper"
    assert record.fields["title"] and record.fields["authors"]


def test_corpus_mixes_in_every_kind_only_when_asked(tmp_path: Path) -> None:
    plain = generate_corpus(tmp_path / "plain", 12, seed=1)
    assert not any(is_near_miss(r.kind) for r in plain)
    mixed = generate_corpus(tmp_path / "mixed", 18, seed=1, near_miss_share=1.0)
    kinds = Counter(str(r.kind).split(":")[0] for r in mixed)
    assert kinds == Counter({f"near_{k}": 2 for k in NEAR_MISS})
    for record in mixed:
        assert record.file.startswith(f"{record.doc_type}/near_")
        assert (tmp_path / "mixed" / "pdfs" / record.file).is_file()


def test_same_seed_gives_the_same_near_miss(tmp_path: Path) -> None:
    a = write_document(tmp_path / "a", "x", "other", 11, near_miss="policy")
    b = write_document(tmp_path / "b", "x", "other", 11, near_miss="policy")
    assert a.sha256 == b.sha256 and a.kind == b.kind
