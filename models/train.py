"""Train every trainable part of kpo into one versioned model folder.

``train_models`` trains the document-type classifier and the field-confidence
calibrator on the generated corpus (never on real evaluation files), each from
its own seed, and writes ``kpo_models.json``: the model card that names the
folder's version, data, seeds, metrics and the kpo version. ``kpo review export``
files add what reviewers decided on real documents: their document types join
the classifier's training data, their accepted or corrected field values the
calibrator's. The same arguments give the same models and the same version.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kpo import __version__
from kpo.datasets.labels import LabelRecord

CARD_FILE = "kpo_models.json"
DEFAULT_SEED = 20240601
DEFAULT_CLASSIFIER_DOCS = 3200
DEFAULT_CALIBRATION_DOCS = 1600


def models_version(parts: dict[str, Any]) -> str:
    """A version for the folder: a digest of its parts' versions."""
    blob = json.dumps({k: v.get("model_version") for k, v in parts.items()}, sort_keys=True)
    return f"kpo-models-{hashlib.sha256(blob.encode()).hexdigest()[:10]}"


def reviewed_examples(records: Sequence[LabelRecord]) -> list[tuple[str, str]]:
    """(text, doc_type) of the reviewed documents that carry a type.

    ``records`` come from ``kpo review export`` files (``train_reviewed.read_reviewed``).
    Files that are gone, changed or no longer readable are skipped: an export
    outlives its inputs.
    """
    import pypdfium2 as pdfium

    from kpo.models.train_classifier import pdf_text
    from kpo.models.train_reviewed import skip_reason

    examples: list[tuple[str, str]] = []
    for record in records:
        if not record.doc_type or skip_reason(record) is not None:
            continue
        try:
            examples.append((pdf_text(record.file), record.doc_type))
        except pdfium.PdfiumError:
            continue
    return examples


def _trained_on(documents: int, values: int, real: Sequence[Path] = ()) -> str:
    sources = ["kpo.datasets.generator"]
    if documents or values:
        sources.append(f"{documents} reviewed documents ({values} reviewed field values)")
    if real:
        sources.append("real labelled sets " + ", ".join(p.name for p in real))
    return " and ".join(sources) if len(sources) > 1 else f"{sources[0]} (generated only)"


def train_models(
    out_dir: Path,
    *,
    seed: int = DEFAULT_SEED,
    classifier_docs: int = DEFAULT_CLASSIFIER_DOCS,
    calibration_docs: int = DEFAULT_CALIBRATION_DOCS,
    reviewed: Sequence[Path] = (),
    real: Sequence[Path] = (),
    on_phase: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train the classifier and the calibrator into ``out_dir``; return the model card.

    ``on_phase`` hears what is being done as each part begins (for a progress display).

    ``reviewed`` are label files written by ``kpo review export``: their documents,
    with the types reviewers confirmed or corrected, join the classifier's training
    data, and the field values reviewers accepted or corrected join the calibrator's
    fit data. ``real`` are labelled sets of real documents (``labels.jsonl`` and
    ``pdfs/``): the value-confidence model of their document types is trained on
    them (``train_confidence``), as are the contract rankers, and the classifier
    learns from their documents. A ``real`` folder that is a copy of GROBID's header
    corpus (``tei/`` and ``raw/``) trains the paper-header labeller (``train_headers``)
    and gives the classifier real paper headers.
    Raises ConfigError (E002) when a file is not a labels file.
    """
    from kpo.models.train_calibration import train_field_calibrator
    from kpo.models.train_classifier import train_default_classifier
    from kpo.models.train_headers import is_header_corpus
    from kpo.models.train_reviewed import read_reviewed

    phase = on_phase or (lambda text: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    headers = [p for p in real if is_header_corpus(p)]
    labelled = [p for p in real if not is_header_corpus(p)]
    records = read_reviewed(reviewed)
    examples = reviewed_examples(records)
    phase(f"document-type classifier: {classifier_docs} generated documents")
    classifier = train_default_classifier(
        out_dir, n_docs=classifier_docs, seed=seed, reviewed=examples, real=real
    )
    phase(f"field confidences: {calibration_docs} generated documents")
    calibration = train_field_calibrator(
        out_dir, n_docs=calibration_docs, seed=seed + 1, reviewed=records
    )
    parts = {"classifier": classifier, "field_calibration": calibration}
    if labelled:
        from kpo.datasets.labels import read_labels
        from kpo.models.train_confidence import source_folds, train_value_confidence
        from kpo.models.train_contracts import train_contract_rankers

        names = ", ".join(p.name for p in labelled)
        folds = source_folds([r for p in labelled for r in read_labels(p / "labels.jsonl")])
        with tempfile.TemporaryDirectory(prefix="kpo-folds-") as fold_dir:
            phase(f"contract parties and dates: real documents of {names}")
            parts.update(train_contract_rankers(out_dir, labelled, folds=folds,
                                                fold_dir=Path(fold_dir)))  # fmt: skip
            phase(f"value confidences: real documents of {names} (rankers out of fold)")
            parts["value_confidence"] = train_value_confidence(
                out_dir, labelled, folds=folds, fold_dir=Path(fold_dir)
            )
    if headers:
        from kpo.models.train_headers import train_header_model

        names = ", ".join(p.name for p in headers)
        phase(f"paper headers: GROBID's corpus in {names} (5-fold CV, then all)")
        parts["header_labeller"] = train_header_model(out_dir, headers)
    values = parts["field_calibration"]["data"]["reviewed_values"]
    card = {
        "version": models_version(parts),
        "kpo_version": __version__,
        "seed": seed,
        "trained_on": _trained_on(len(examples), values, real),
        "parts": parts,
    }
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    return card
