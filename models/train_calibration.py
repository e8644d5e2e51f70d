"""Fit the field-confidence calibrator on generated documents, and report its ECE.

``train_field_calibrator(out_dir, n_docs=..., seed=...)`` generates a labelled set in
a temporary folder (``kpo.datasets.generator``), extracts each PDF with kpo's
extractor, runs ``FieldExtractor`` (raw confidences) with the gold document type,
judges every predicted value against the gold with ``kpo.normalise.match.match_items``
(the rule the scorer uses), fits ``FieldCalibrator`` on the train and val splits and
reports ECE and automation at 98% before and after on the test split. It writes
``fields_calibration.skops`` and ``fields_calibration.json`` to ``out_dir``. The same
``(n_docs, seed)`` and generator give the same calibrator.

``reviewed`` adds the rows of ``kpo review export`` files (``train_reviewed``): each
readable document is extracted and its raw values judged by the same rule, but
only for the fields a reviewer accepted or corrected (an absent field is unknown).
These values join the fit data, weighted by ``reviewed_weight``, never the
generated test split, so the card's before/after metrics stay comparable; the
card counts the reviewed documents and values used and the rows skipped.

The packaged default is rebuilt with the other trained parts by ``kpo train --out
models/default`` (``make models``), with the seeds in ``kpo.models.train``.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sklearn

from kpo.datasets.generator import generate_corpus
from kpo.datasets.labels import LabelRecord
from kpo.errors import ConfigError, Errors, KpoError
from kpo.extractors.pdf import extract_document
from kpo.fieldspec import LIST_FIELDS
from kpo.models.metrics import automation_at, automation_curve, expected_calibration_error
from kpo.normalise.match import dedupe, match_items

from .calibration import CALIBRATION_FILE, CARD_FILE, FieldCalibrator, Row
from .fields import FieldExtractor
from .train_reviewed import SKIP_REASONS, document_id, skip_reason

Example = tuple[Row, int, str]  # (confidence, field, extractor), correct, split
Found = tuple[str, str, float, str]  # field, value, raw confidence, extractor
REVIEWED = "reviewed"  # the split of values judged against reviewers' labels
# A reviewed value is a real document of the kind kpo must calibrate for, which the
# generated set only imitates, so it counts as three generated values: a few hundred
# reviews move a group fitted on thousands of generated values, while one document
# alone cannot reach ``min_group`` (25 rows need 9 reviewed values) and get its own map.
DEFAULT_REVIEWED_WEIGHT = 3


def gold_items(record: LabelRecord, field: str) -> list[str]:
    """The labelled items of a field (none for an absent or empty label), deduplicated."""
    value = record.fields.get(field)
    if value in (None, "", []):
        return []
    items = list(value) if isinstance(value, list | tuple) else [value]
    return dedupe(field, [str(i) for i in items])


def judge(record: LabelRecord, found: Sequence[Found]) -> list[tuple[Row, int]]:
    """``((confidence, field, extractor), correct)`` per found ``(field, value, conf, ext)``."""
    out: list[tuple[Row, int]] = []
    for field in sorted({f for f, _, _, _ in found}):
        values = [(v, c, e) for f, v, c, e in found if f == field]
        gold = gold_items(record, field)
        paired = {j for _, j in match_items(field, gold, [v for v, _, _ in values])}
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


def labelled(record: LabelRecord, found: Sequence[Found]) -> list[Found]:
    """The found values a reviewed row can judge: those of the fields it labels.

    A list field (parties, authors) is judged only when its reviewed items are at
    least as many as the values found: the queue sends single low-confidence items,
    so fewer reviewed items mean the others were never looked at, not that they are wrong.
    """
    counts = Counter(f for f, _, _, _ in found)
    known = {
        f
        for f in counts
        if f in record.fields and (f not in LIST_FIELDS or len(gold_items(record, f)) >= counts[f])
    }
    return [item for item in found if item[0] in known]


def _found(record: LabelRecord, extractor: FieldExtractor) -> list[Found] | None:
    """The raw values of a reviewed document, or None if it cannot be extracted now."""
    try:
        doc = extract_document(record.file, document_id(record))
    except KpoError:
        return None
    fields = extractor(doc, record.doc_type)
    return [(v.name, v.value, v.confidence, v.extractor) for v in fields.values]


def collect_reviewed(
    records: Sequence[LabelRecord], extractor: FieldExtractor
) -> tuple[list[Example], dict[str, Any]]:
    """Judge the raw values of reviewed documents on the fields reviewers labelled.

    Returns the examples (split ``reviewed``) and counts for the card: documents
    and values used, and rows skipped by reason (``missing``, ``changed``, ``unreadable``).
    """
    examples: list[Example] = []
    skipped = dict.fromkeys(SKIP_REASONS, 0)
    docs = 0
    for record in records:
        if record.doc_type == "other" or not record.fields:
            continue  # nothing a field extractor could be judged on
        reason = skip_reason(record)
        found = None if reason else _found(record, extractor)
        if found is None:
            skipped[reason or "unreadable"] += 1
            continue
        judged = judge(record, labelled(record, found))
        docs += bool(judged)
        examples += [(row, ok, REVIEWED) for row, ok in judged]
    counts = {"reviewed_docs": docs, "reviewed_values": len(examples)}
    return examples, {**counts, "reviewed_skipped": skipped}


def metrics(pairs: Sequence[tuple[float, bool]]) -> dict[str, Any]:
    ece = expected_calibration_error(pairs)
    return {
        "n": len(pairs),
        "accuracy": round(sum(ok for _, ok in pairs) / len(pairs), 4) if pairs else None,
        "ece": None if ece is None else round(ece, 4),
        "automation_at_98": round(automation_at(automation_curve(pairs), 0.98), 4),
    }


def _digest(examples: Sequence[Example], reviewed_weight: int = 1) -> str:
    """A digest of the judged data; the weight counts only when reviewed values are in it."""
    rows: list[Any] = [[list(r), ok, s] for r, ok, s in examples]
    if reviewed_weight != 1 and any(s == REVIEWED for _, _, s in examples):
        rows.append({"reviewed_weight": reviewed_weight})
    blob = json.dumps(rows, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def check_weight(reviewed_weight: int) -> int:
    """``reviewed_weight`` if it is a whole number >= 1; ConfigError (E002) otherwise."""
    if (
        isinstance(reviewed_weight, bool)
        or not isinstance(reviewed_weight, int)
        or reviewed_weight < 1
    ):
        why = "a reviewed value counts as this many generated ones: a whole number >= 1"
        raise ConfigError(Errors.E002.format(value=reviewed_weight, key="reviewed_weight", why=why))
    return reviewed_weight


def fit_rows(examples: Sequence[Example], reviewed_weight: int) -> list[tuple[Row, int]]:
    """The fit data: every value outside the test split, reviewed ones repeated by weight."""
    return [
        (row, ok)
        for row, ok, split in examples
        if split != "test"
        for _ in range(reviewed_weight if split == REVIEWED else 1)
    ]


def train_field_calibrator(
    out_dir: Path,
    *,
    n_docs: int,
    seed: int,
    reviewed: Sequence[LabelRecord] = (),
    reviewed_weight: int = DEFAULT_REVIEWED_WEIGHT,
) -> dict[str, Any]:
    """Generate, judge, fit, evaluate and save; return the card (also written to disk).

    ``reviewed``: rows of ``kpo review export`` files (``train_reviewed.read_reviewed``);
    ``reviewed_weight``: how many generated values one reviewed value counts as.
    Raises ConfigError (E002) for a weight that is not a whole number >= 1.
    """
    check_weight(reviewed_weight)
    extractor = FieldExtractor(calibrate=False)
    with tempfile.TemporaryDirectory(prefix="kpo-fieldcal-") as tmp:
        records = generate_corpus(Path(tmp), n_docs, seed)
        examples = collect(Path(tmp), records, extractor)
    extra, counts = collect_reviewed(reviewed, extractor)
    examples += extra
    fit = fit_rows(examples, reviewed_weight)
    test = [(row, ok) for row, ok, split in examples if split == "test"]
    model = FieldCalibrator().fit([r for r, _ in fit], [ok for _, ok in fit])
    digest = _digest(examples, reviewed_weight)
    model.version_ = f"fieldcal-{digest[:8]}"
    data = {
        "generator": "kpo.datasets.generator",
        "n_docs": n_docs,
        "seed": seed,
        "fit_values": sum(split != "test" for _, _, split in examples),
        **counts,
        "reviewed_weight": reviewed_weight,
        "sha256": digest,
    }
    card = _card(model, extractor, data, test)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / CALIBRATION_FILE)
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def _card(
    model: FieldCalibrator,
    extractor: FieldExtractor,
    data: dict[str, Any],
    test: Sequence[tuple[Row, int]],
) -> dict[str, Any]:
    before = metrics([(r[0], bool(ok)) for r, ok in test])
    after = metrics([(model.predict_one(*r), bool(ok)) for r, ok in test])
    return {
        "model_version": model.version_,
        "fields_version": extractor.model_version,
        "data": data,
        "params": model.get_params(),
        "groups": sorted(model.curves_),
        "test": {"before": before, "after": after},
        "sklearn_version": sklearn.__version__,
    }
