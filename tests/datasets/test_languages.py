"""Claims and everyday documents in other languages and scripts, and scientific prose."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from faker import Faker

from kpo.datasets.claims_foreign import build_foreign_claim
from kpo.datasets.drawing import visual
from kpo.datasets.generator import render
from kpo.datasets.others_foreign import build_foreign_other
from kpo.datasets.science import FIELDS, prose
from kpo.datasets.spec import DocSpec
from kpo.datasets.vocab import Ctx

HEBREW = re.compile(r"[\u0590-\u05ff]{3,}")


def ctx(seed: int) -> Ctx:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    return Ctx(fake, random.Random(seed))


def first_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return str(pdf[0].get_textpage().get_text_range())
    finally:
        pdf.close()


def claims(n: int) -> list[DocSpec]:
    return [build_foreign_claim(ctx(seed)) for seed in range(n)]


def test_foreign_claims_cover_every_language_filled_and_blank() -> None:
    kinds = {spec.kind for spec in claims(80)}
    for code in ("de", "fr", "es", "he"):
        assert f"form_{code}" in kinds
        assert f"form_{code}_blank" in kinds


def test_foreign_claim_gold_values_sit_inside_their_boxes(tmp_path: Path) -> None:
    checked = 0
    for i, spec in enumerate(s for s in claims(40) if s.gold.values):
        path = tmp_path / f"claim{i}.pdf"
        _, boxes = render(spec, path)
        assert set(boxes) == set(spec.gold.raw)
        with pdfplumber.open(path) as pdf:
            for key, (page, x0, top, x1, bottom) in boxes.items():
                crop = pdf.pages[int(page) - 1].within_bbox((x0 - 1, top - 1, x1 + 1, bottom + 1))
                inside = " ".join(w["text"] for w in crop.extract_words())
                printed = spec.gold.raw[key]
                assert printed in inside or visual(printed) in inside, (spec.kind, key, inside)
                checked += 1
    assert checked >= 50


def test_visual_order_hebrew_is_extracted_in_logical_order(tmp_path: Path) -> None:
    specs = [s for s in claims(120) if s.layout.direction == "rtl" and s.gold.values]
    assert specs
    path = tmp_path / "he.pdf"
    render(specs[0], path)
    assert specs[0].gold.raw["claimant_name"] in first_text(path)


def test_logical_order_hebrew_comes_out_reversed(tmp_path: Path) -> None:
    specs = [s for s in claims(200) if s.layout.direction == "rtl_logical" and s.gold.values]
    assert specs
    path = tmp_path / "he.pdf"
    render(specs[0], path)
    name = specs[0].gold.raw["claimant_name"]
    assert visual(name) in first_text(path)


def test_foreign_others_cover_languages_and_kinds(tmp_path: Path) -> None:
    specs = [build_foreign_other(ctx(seed)) for seed in range(80)]
    kinds = {spec.kind for spec in specs}
    for code in ("de", "fr", "es", "he"):
        assert {f"invoice_{code}", f"tax_form_{code}", f"letter_{code}"} <= kinds
    hebrew = next(s for s in specs if s.kind.endswith("_he"))
    render(hebrew, tmp_path / "other.pdf")
    assert HEBREW.search(first_text(tmp_path / "other.pdf"))
    assert all(spec.doc_type == "other" and not spec.gold.values for spec in specs)


def test_scientific_prose_is_open_vocabulary() -> None:
    sentences: set[str] = set()
    words: set[str] = set()
    for seed in range(40):
        c = ctx(seed)
        text = prose(c, FIELDS[seed % len(FIELDS)], (5, 5))
        sentences.update(s.strip() for s in text.split(". "))
        words.update(text.lower().split())
    assert len(sentences) >= 180
    assert len(words) >= 600
