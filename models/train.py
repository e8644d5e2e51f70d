"""Train every trainable part of kpo into one versioned model folder.

``train_models`` trains the document-type classifier and the field-confidence
calibrator on the generated corpus (never on real client or evaluation files),
each from its own seed, and writes ``kpo_models.json``: the model card that
names the folder's version, data, seeds, metrics and the kpo version.
The same arguments give the same models and the same version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kpo import __version__

CARD_FILE = "kpo_models.json"
DEFAULT_SEED = 20240601
DEFAULT_CLASSIFIER_DOCS = 3200
DEFAULT_CALIBRATION_DOCS = 1600


def models_version(parts: dict[str, Any]) -> str:
    """A version for the folder: a digest of its parts' versions."""
    blob = json.dumps({k: v.get("model_version") for k, v in parts.items()}, sort_keys=True)
    return f"kpo-models-{hashlib.sha256(blob.encode()).hexdigest()[:10]}"


def reviewed_examples(paths: Sequence[Path]) -> list[tuple[str, str]]:
    """(text, doc_type) of the documents in ``kpo review export`` files that carry a type.

    Files that are no longer readable are skipped: an export outlives its inputs.
    """
    from kpo.datasets.labels import read_labels
    from kpo.models.train_classifier import pdf_text

    examples: list[tuple[str, str]] = []
    for path in paths:
        for record in read_labels(path):
            source = Path(record.file)
            if record.doc_type and source.is_file():
                examples.append((pdf_text(source), record.doc_type))
    return examples


def train_models(
    out_dir: Path,
    *,
    seed: int = DEFAULT_SEED,
    classifier_docs: int = DEFAULT_CLASSIFIER_DOCS,
    calibration_docs: int = DEFAULT_CALIBRATION_DOCS,
    reviewed: Sequence[Path] = (),
) -> dict[str, Any]:
    """Train the classifier and the calibrator into ``out_dir``; return the model card.

    ``reviewed`` are label files written by ``kpo review export``: their documents,
    with the types reviewers confirmed or corrected, join the classifier's training data.
    """
    from kpo.models.calibration import fit_field_calibrator
    from kpo.models.train_classifier import train_default_classifier

    out_dir.mkdir(parents=True, exist_ok=True)
    examples = reviewed_examples(reviewed)
    parts = {
        "classifier": train_default_classifier(
            out_dir, n_docs=classifier_docs, seed=seed, reviewed=examples
        ),
        "field_calibration": fit_field_calibrator(out_dir, n_docs=calibration_docs, seed=seed + 1),
    }
    card = {
        "version": models_version(parts),
        "kpo_version": __version__,
        "seed": seed,
        "trained_on": "kpo.datasets.generator"
        + (f" and {len(examples)} reviewed documents" if examples else " (generated only)"),
        "parts": parts,
    }
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    return card
