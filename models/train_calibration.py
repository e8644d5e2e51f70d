"""Fit the field-confidence calibrator on generated documents, and report its ECE.

``train_field_calibrator(out_dir, n_docs=..., seed=...)`` generates a labelled set in
a temporary folder (``kpo.datasets.generator``), extracts each PDF with kpo's
extractor, runs ``FieldExtractor`` (raw confidences) with the gold document type,
judges every predicted value against the gold with ``kpo.normalise.match_items``
(the rule the scorer uses), fits ``FieldCalibrator`` on the train and val splits and
reports ECE and automation at 98% before and after on the test split. It writes
``fields_calibration.skops`` and ``fields_calibration.json`` to ``out_dir``. The same
``(n_docs, seed)`` and generator give the same calibrator.

The packaged default is rebuilt with the other trained parts by ``kpo train --out
models/default`` (``make models``), with the seeds in ``kpo.models.train``.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sklearn

from kpo.calibration_metrics import automation_at, automation_curve, expected_calibration_error
from kpo.datasets.generator import generate_corpus
from kpo.datasets.labels import LabelRecord
from kpo.errors import KpoError
from kpo.extractors.pdf import extract_document
from kpo.normalise import dedupe, match_items

from .calibration import CALIBRATION_FILE, CARD_FILE, FieldCalibrator, Row
from .fields import FieldExtractor

Example = tuple[Row, int, str]  # (confidence, field, extractor), correct, split


def judge(
    record: LabelRecord, found: Sequence[tuple[str, str, float, str]]
) -> list[tuple[Row, int]]:
    """``((confidence, field, extractor), correct)`` per found ``(field, value, conf, ext)``."""
    out: list[tuple[Row, int]] = []
    for field in sorted({f for f, _, _, _ in found}):
        values = [(v, c, e) for f, v, c, e in found if f == field]
        gold_value = record.fields.get(field)
        gold = [] if gold_value in (None, "", []) else gold_value
        items = list(gold) if isinstance(gold, list | tuple) else [gold]
        items = dedupe(field, [str(i) for i in items])
        paired = {j for _, j in match_items(field, items, [v for v, _, _ in values])}
        out += [((c, field, e), int(j in paired)) for j, (_, c, e) in enumerate(values)]
    return out


def collect(root: Path, records: Sequence[LabelRecord], extractor: FieldExtractor) -> list[Example]:
    """Judge the raw field values of every generated document of a type with fields."""
    examples: list[Example] = []
    for record in records:
        if record.doc_type == "other":
            continue
        try:
            doc = extract_document(str(root / "pdfs" / record.file), record.sha256)
        except KpoError:
            continue
        fields = extractor(doc, record.doc_type)
        found = [(v.name, v.value, v.confidence, v.extractor) for v in fields.values]
        examples += [(row, ok, record.split or "train") for row, ok in judge(record, found)]
    return examples


def metrics(pairs: Sequence[tuple[float, bool]]) -> dict[str, Any]:
    ece = expected_calibration_error(pairs)
    return {
        "n": len(pairs),
        "accuracy": round(sum(ok for _, ok in pairs) / len(pairs), 4) if pairs else None,
        "ece": None if ece is None else round(ece, 4),
        "automation_at_98": round(automation_at(automation_curve(pairs), 0.98), 4),
    }


def _digest(examples: Sequence[Example]) -> str:
    blob = json.dumps([[list(r), ok, s] for r, ok, s in examples], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def train_field_calibrator(out_dir: Path, *, n_docs: int, seed: int) -> dict[str, Any]:
    """Generate, judge, fit, evaluate and save; return the card (also written to disk)."""
    extractor = FieldExtractor(calibrate=False)
    with tempfile.TemporaryDirectory(prefix="kpo-fieldcal-") as tmp:
        records = generate_corpus(Path(tmp), n_docs, seed)
        examples = collect(Path(tmp), records, extractor)
    fit = [(row, ok) for row, ok, split in examples if split != "test"]
    test = [(row, ok) for row, ok, split in examples if split == "test"]
    model = FieldCalibrator().fit([r for r, _ in fit], [ok for _, ok in fit])
    digest = _digest(examples)
    model.version_ = f"fieldcal-{digest[:8]}"
    before = metrics([(r[0], bool(ok)) for r, ok in test])
    after = metrics([(model.predict_one(*r), bool(ok)) for r, ok in test])
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / CALIBRATION_FILE)
    card = {
        "model_version": model.version_,
        "fields_version": extractor.model_version,
        "data": {
            "generator": "kpo.datasets.generator",
            "n_docs": n_docs,
            "seed": seed,
            "fit_values": len(fit),
            "sha256": digest,
        },
        "params": model.get_params(),
        "groups": sorted(model.curves_),
        "test": {"before": before, "after": after},
        "sklearn_version": sklearn.__version__,
    }
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
