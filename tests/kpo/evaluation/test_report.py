"""kpo.evaluation.report writes report.md and three valid PNG plots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kpo.datasets.labels import LabelRecord
from kpo.evaluation.records import EvalResult
from kpo.evaluation.report import report_markdown, write_report
from kpo.evaluation.scoring import FIELD_KEYS, score

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def result() -> EvalResult:
    gold = [
        LabelRecord(file="c.pdf", doc_type="contract", sha256="c1",
                    fields={"parties": ["Acme Inc", "Beta | Co"], "agreement_date": "2020-01-05"}),
        LabelRecord(file="p.pdf", doc_type="research_paper", sha256="p1", fields={"title": "T"}),
        LabelRecord(file="o.pdf", doc_type="other", sha256="o1", fields={}),
    ]  # fmt: skip
    docs = [{"doc_id": "c1", "doc_type": "contract", "doc_type_confidence": 0.9},
            {"doc_id": "p1", "doc_type": "other", "doc_type_confidence": 0.5}]  # fmt: skip
    fields = [
        {"doc_id": "c1", "field": "parties", "value_index": 0, "status": "found",
         "value": "Acme", "confidence": 0.8},
        {"doc_id": "c1", "field": "parties", "value_index": 1, "status": "found",
         "value": "Gamma Ltd", "confidence": 0.5},
        {"doc_id": "c1", "field": "agreement_date", "value_index": 0, "status": "found",
         "value": "2020-05-01", "confidence": 0.95},
    ]  # fmt: skip
    return score(gold, docs, fields)


def test_write_report_writes_markdown_and_valid_pngs(result: EvalResult, tmp_path: Path) -> None:
    from PIL import Image

    path = write_report(result, tmp_path / "out")
    assert path == tmp_path / "out" / "report.md"
    for name in ("confusion.png", "reliability.png", "automation.png"):
        png = tmp_path / "out" / name
        assert png.read_bytes()[:8] == PNG_MAGIC
        with Image.open(png) as image:
            image.verify()
            assert image.size[0] > 200 and image.size[1] > 200
        assert f"({name})" in path.read_text(encoding="utf-8")


def test_markdown_mentions_every_field_and_the_errors(result: EvalResult) -> None:
    text = report_markdown(result)
    for key in FIELD_KEYS:
        assert f"| {key} |" in text
    assert "| research_paper | 0 | 0 | 0 | 1 | 0 |" in text  # confusion row
    assert "| other | 0 | 0 | 0 | 0 | 1 |" in text  # no prediction
    assert "Beta \\| Co" in text  # pipes escaped in cells
    assert "### p.pdf" in text and "### o.pdf" in text
    assert "### c.pdf" in text and "| contract.agreement_date | wrong |" in text


def test_markdown_has_the_auroc_overall_and_per_field(result: EvalResult) -> None:
    text = report_markdown(result)
    # Right: Acme 0.8. Wrong: Gamma Ltd 0.5 (extra party), the date 0.95.
    assert "- AUROC of the confidences (right values ranked above wrong ones): 0.500" in text
    assert "| field | support | TP | FP | FN | precision | recall | F1 | AUROC |" in text
    assert "| contract.parties | 2 | 1 | 1 | 1 | 0.500 | 0.500 | 0.500 | 1.000 |" in text
    assert "| contract.agreement_date | 1 | 0 | 1 | 1 | 0.000 | 0.000 | 0.000 | n/a |" in text
    assert "| all (micro) | 4 | 1 | 2 | 3 | 0.333 | 0.250 | 0.286 | 0.500 |" in text


def test_write_report_works_without_predicted_values(tmp_path: Path) -> None:
    empty = score(
        [LabelRecord(file="x.pdf", doc_type="claim", sha256="x", fields={"claim_number": "1"})],
        [],
        [],
    )
    path = write_report(empty, tmp_path)
    assert "n/a" in path.read_text(encoding="utf-8")
    assert (tmp_path / "automation.png").read_bytes()[:8] == PNG_MAGIC


def test_importing_scoring_and_report_does_not_import_matplotlib() -> None:
    code = (
        "import sys, kpo.evaluation.report, kpo.evaluation.scoring\n"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
