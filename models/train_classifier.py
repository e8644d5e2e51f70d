"""Train, evaluate and save the default document-type classifier from generated data.

``train_default_classifier(out_dir, n_docs=..., seed=...)`` generates a corpus in a
temporary folder, fits ``DocTypeClassifier`` on the train split, scores the val and
test splits, and writes ``doc_type.skops`` and ``model_card.json`` to ``out_dir``.
The same ``(n_docs, seed)`` gives the same model.

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
from kpo.models.paths import MODEL_FILE
from kpo.records import DOC_TYPES

CARD_FILE = "model_card.json"
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


DATA_NOTE = (
    "Synthetic PDFs from kpo.datasets.generator, text extracted with pdfium (first pages): "
    "contracts; research papers (open-vocabulary prose of several fields, full papers, "
    "extended abstracts, abstracts with and without a heading); claims (loss notices, health "
    "claim forms, claim invoices, letters, and claim forms in German, French, Spanish and "
    "Hebrew); other documents (invoices, policies, government and tax forms, letters, minutes, "
    "statements, brochures, some in German, French, Spanish and Hebrew). No real documents."
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
) -> dict[str, Any]:
    """Generate, fit, evaluate and save; return the model card (also written to disk).

    ``reviewed`` adds (text, doc_type) examples that reviewers confirmed or
    corrected (``kpo review export``) to the generated training split.
    """
    model = DocTypeClassifier(**(params or {}))
    with tempfile.TemporaryDirectory(prefix="kpo-doctype-") as tmp:
        records = generate_corpus(Path(tmp), n_docs, seed)
        X, y = split_texts(Path(tmp), records, "train")
        X, y = X + [t for t, _ in reviewed], y + [label for _, label in reviewed]
        model.fit(X, y)
        digest = data_digest(X, y)
        kinds = kind_counts(records, "train")
        metrics = {s: evaluate(model, *split_texts(Path(tmp), records, s)) for s in ("val", "test")}
    model.version_ = model_version(model.get_params(), n_docs, seed, digest)
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
            "description": DATA_NOTE,
        },
        "params": model.get_params(),
        "metrics": metrics,
        "sklearn_version": sklearn.__version__,
    }
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
