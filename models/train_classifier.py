"""Train, evaluate and save the default document-type classifier.

``train_default_classifier(out_dir, n_docs=..., seed=...)`` generates a corpus in a
temporary folder (with a share of near misses, ``kpo.datasets.near_miss``), adds the
documents of real labelled sets when given (``real``; ``kpo.models.classifier_real``),
fits ``DocTypeClassifier`` on the train split, scores the val and test splits and a
held-out evaluation grouped by source (``kpo.models.classifier_eval``), and writes
``doc_type.skops`` and ``model_card.json`` to ``out_dir``. The same arguments give the
same model.

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

import pypdfium2 as pdfium
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix

from kpo.datasets.generator import generate_corpus
from kpo.datasets.labels import LabelRecord
from kpo.models.classifier import DEFAULT_MAX_PAGES, DocTypeClassifier
from kpo.models.classifier_eval import Example, held_out
from kpo.models.classifier_real import DEFAULT_REAL_WEIGHT, real_examples
from kpo.models.paths import MODEL_FILE
from kpo.records import DOC_TYPES

CARD_FILE = "model_card.json"
DEFAULT_NEAR_MISS_SHARE = 0.3
DEFAULT_HELD_OUT_FOLDS = 5
DATE = "20250101"  # fixed so that the same data and parameters give the same version


def pdf_text(path: Path | str, max_pages: int = DEFAULT_MAX_PAGES) -> str:
    """The text kpo's extractor produces (pdfium, pages joined by a blank line)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(min(max_pages, len(pdf)))]
    finally:
        pdf.close()
    return "\n\n".join(p.replace("\r\n", "\n") for p in pages)


def evaluate(
    model: DocTypeClassifier, texts: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Accuracy and the confusion matrix (rows: true, columns: predicted, DOC_TYPES order)."""
    predicted = list(model.predict(texts))
    return {
        "n": len(labels),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "labels": list(DOC_TYPES),
        "confusion": confusion_matrix(labels, predicted, labels=list(DOC_TYPES)).tolist(),
    }


def data_digest(texts: Sequence[str], labels: Sequence[str]) -> str:
    """A digest of the training data: a generator change gives a new model version."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{label}\0{text}\0".encode())
    return digest.hexdigest()


def model_version(params: dict[str, Any], n_docs: int, seed: int, data: str = "") -> str:
    blob = json.dumps({"params": params, "n": n_docs, "seed": seed, "data": data}, sort_keys=True)
    return f"doctype-{DATE}-{hashlib.sha256(blob.encode()).hexdigest()[:8]}"


def split_texts(
    root: Path, records: Sequence[LabelRecord], split: str
) -> tuple[list[str], list[str]]:
    chosen = [r for r in records if r.split == split]
    return [pdf_text(root / "pdfs" / r.file) for r in chosen], [r.doc_type for r in chosen]


def generated_examples(root: Path, records: Sequence[LabelRecord], split: str) -> list[Example]:
    """The generated documents of ``split``, each with its source group (``group_of``)."""
    texts, labels = split_texts(root, records, split)
    chosen = [r for r in records if r.split == split]
    return [
        Example(t, label, group_of(r), str(r.kind))
        for t, label, r in zip(texts, labels, chosen, strict=True)
    ]


def group_of(record: LabelRecord) -> str:
    """A near miss's template (``near_policy:notice``), else the document's own seed."""
    kind = str(record.kind or "")
    return f"template:{kind}" if kind.startswith("near_") else f"seed:{record.seed}"


DATA_NOTE = (
    "Synthetic PDFs from kpo.datasets.generator, text extracted with pdfium (first pages): "
    "near misses (insurance policies, declarations, certificates and notices, hospital bills, "
    "explanations of benefits, invoices, accident and claim statistics, slide decks, software "
    "manuals as other; papers about insurance claims; blank claim forms); "
    "contracts; research papers (open-vocabulary prose of several fields, full papers, "
    "extended abstracts, abstracts with and without a heading); claims (loss notices, health "
    "claim forms, claim invoices, letters, and claim forms in German, French, Spanish and "
    "Hebrew); other documents (invoices, policies, government and tax forms, letters, minutes, "
    "statements, brochures, some in German, French, Spanish and Hebrew). Real documents only "
    "from the labelled sets named under real_sets (e.g. CUAD contracts), first pages, "
    "each weighing real_weight of a generated document."
)


def kind_counts(records: Sequence[LabelRecord], split: str) -> dict[str, dict[str, int]]:
    """How many training documents of each type and kind (e.g. ``form_he``)."""
    counts: dict[str, dict[str, int]] = {}
    for r in records:
        if r.split == split:
            kinds = counts.setdefault(r.doc_type, {})
            kinds[str(r.kind)] = kinds.get(str(r.kind), 0) + 1
    return {t: dict(sorted(k.items())) for t, k in sorted(counts.items())}


def train_default_classifier(
    out_dir: Path,
    *,
    n_docs: int,
    seed: int,
    params: dict[str, Any] | None = None,
    reviewed: Sequence[tuple[str, str]] = (),
    real: Sequence[Path] = (),
    near_miss_share: float = DEFAULT_NEAR_MISS_SHARE,
    held_out_folds: int | None = None,
    real_weight: float = DEFAULT_REAL_WEIGHT,
) -> dict[str, Any]:
    """Generate, fit, evaluate and save; return the model card (also written to disk).

    ``reviewed`` adds (text, doc_type) examples that reviewers confirmed or
    corrected (``kpo review export``) to the generated training split; ``real`` are
    labelled sets (``labels.jsonl`` and ``pdfs/``) whose documents all join it
    (``kpo.models.classifier_real``; a GROBID header corpus among them is skipped), each
    weighing ``real_weight`` of a generated document in the fit. With
    ``held_out_folds`` of 2 or more, the card also holds a cross-validation over the
    training data grouped by source (``kpo.models.classifier_eval.held_out``); 0 skips it,
    and None (the default) runs ``DEFAULT_HELD_OUT_FOLDS`` folds when ``real`` sets are
    given and none otherwise (each fold is one more fit).
    """
    model = DocTypeClassifier(**(params or {}))
    real_set = real_examples(real, weight=real_weight)
    with tempfile.TemporaryDirectory(prefix="kpo-doctype-") as tmp:
        records = generate_corpus(Path(tmp), n_docs, seed, near_miss_share=near_miss_share)
        pool = generated_examples(Path(tmp), records, "train") + real_set
        X = [e.text for e in pool] + [t for t, _ in reviewed]
        y = [e.label for e in pool] + [label for _, label in reviewed]
        model.fit(X, y, [e.weight for e in pool] + [1.0] * len(reviewed))
        digest = data_digest(X, y)
        kinds = kind_counts(records, "train")
        metrics = {s: evaluate(model, *split_texts(Path(tmp), records, s)) for s in ("val", "test")}
    folds = (DEFAULT_HELD_OUT_FOLDS if real else 0) if held_out_folds is None else held_out_folds
    if folds >= 2:
        metrics["held_out"] = held_out(model.get_params(), pool, folds)
    weighed = f"{digest}:w{real_weight}" if real_set else digest
    model.version_ = model_version(model.get_params(), n_docs, seed, weighed)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / MODEL_FILE)
    card = {
        "model_version": model.version_,
        "data": {
            "generator": "kpo.datasets.generator",
            "n_docs": n_docs,
            "seed": seed,
            "train": len(y),
            "train_sha256": digest,
            "train_kinds": kinds,
            "reviewed_examples": len(reviewed),
            "near_miss_share": near_miss_share,
            "real_sets": [p.name for p in real],
            "real_examples": len(real_set),
            "real_weight": real_weight,
            "description": DATA_NOTE,
        },
        "params": model.get_params(),
        "metrics": metrics,
        "sklearn_version": sklearn.__version__,
    }
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
