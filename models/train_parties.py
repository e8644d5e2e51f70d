"""Train the contract party ranker on real labelled contracts, and measure it honestly.

``train_party_ranker(out_dir, [labelled_dir, ...])`` reads labelled sets in the corpus
format (``labels.jsonl`` and ``pdfs/``; e.g. the CUAD contracts of
``../shared/corpus-train``), extracts every contract that labels its parties, proposes
candidates (``contract_candidates``) and labels each by the scorer's rule: a candidate
is a party when its name matches a gold party. Documents are grouped by their source
(the filer of an EDGAR exhibit: ``train_confidence.source_group``) and every figure on
the card is cross-validated by group: 5 folds, each scored by a model that never saw
its sources. The acceptance threshold is the one that maximises the out-of-fold field
F1; the rules' own F1 on the same documents is reported beside it. The final model is
fitted on all of it and saved as ``party_ranker.skops`` beside ``party_ranker.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from kpo.datasets.labels import LabelRecord, read_labels
from kpo.errors import KpoError
from kpo.models.metrics import auroc
from kpo.normalise.match import match_items, values_match
from kpo.records import ExtractedDocument

from .contract_candidates import FEATURE_NAMES, party_candidates
from .fields_common import Hit
from .fields_contract import extract_contract
from .party_ranker import RANKER_CARD, RANKER_FILE, PartyRanker, select
from .train_confidence import source_group

if TYPE_CHECKING:
    from spacy.language import Language

Load = Callable[[str, LabelRecord], ExtractedDocument]
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.1, 0.91, 0.05))
_WORKER: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class LabelledDoc:
    """The candidates of one labelled contract, with their labels and the rules' parties."""

    group: str
    gold: tuple[str, ...]
    candidates: tuple[Any, ...]  # contract_candidates.Candidate
    labels: tuple[int, ...]
    rules: tuple[str, ...]


def extract(root: str, record: LabelRecord) -> ExtractedDocument:
    """The extracted PDF of a labelled record (kpo's own extractor)."""
    from kpo.extractors.pdf import extract_document

    return extract_document(str(Path(root) / "pdfs" / record.file), record.sha256 or record.file)


def labelled_doc(
    doc: ExtractedDocument, record: LabelRecord, nlp: Language, hits: Sequence[Hit]
) -> LabelledDoc:
    """The labelled party candidates of one contract; ``hits`` are the rules' hits."""
    gold = tuple(str(g) for g in record.fields["parties"])
    candidates = tuple(party_candidates(doc, nlp))
    labels = tuple(int(values_match("parties", list(gold), c.value)) for c in candidates)
    rules = tuple(h.value for h in hits if h.name == "parties")
    return LabelledDoc(source_group(record), gold, candidates, labels, rules)


def worker_nlp(spacy_model: str | None) -> Language:
    """The spaCy pipeline of this worker process, loaded once."""
    from kpo.models.nlp import load_pipeline
    from kpo.settings import default_spacy_model

    if "nlp" not in _WORKER:
        _WORKER["nlp"] = load_pipeline(spacy_model or default_spacy_model(), only_ner=True)
    nlp: Language = _WORKER["nlp"]
    return nlp


def _labelled_doc(task: tuple[str, LabelRecord, str | None, Load]) -> LabelledDoc | None:
    root, record, spacy_model, load = task
    nlp = worker_nlp(spacy_model)
    try:
        doc = load(root, record)
    except KpoError:
        return None
    return labelled_doc(doc, record, nlp, extract_contract(doc, nlp))


def collect(
    roots: Sequence[Path],
    spacy_model: str | None = None,
    workers: int | None = None,
    load: Load = extract,
) -> list[LabelledDoc]:
    """The labelled candidates of every contract under ``roots`` that labels its parties."""
    tasks = [
        (str(root), record, spacy_model, load)
        for root in roots
        for record in read_labels(Path(root) / "labels.jsonl")
        if record.doc_type == "contract" and record.fields.get("parties")
    ]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return [d for d in pool.map(_labelled_doc, tasks, chunksize=4) if d is not None]


def field_counts(gold: Sequence[str], predicted: Sequence[str]) -> tuple[int, int, int]:
    """(TP, FP, FN) of predicted party names against the gold, paired as the scorer does."""
    tp = len(match_items("parties", list(gold), list(predicted)))
    return tp, len(predicted) - tp, len(gold) - tp


def f1(counts: Sequence[tuple[int, int, int]]) -> dict[str, float]:
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}  # fmt: skip


def out_of_fold(docs: Sequence[LabelledDoc], model: PartyRanker, folds: int) -> list[list[float]]:
    """Each document's candidate scores from a model fitted on the other folds' sources."""
    groups = [d.group for d in docs]
    scores: list[list[float]] = [[] for _ in docs]
    splits = GroupKFold(n_splits=min(folds, len(set(groups))))
    for train, test in splits.split(np.zeros(len(docs)), groups=groups):
        rows = [c.features for i in train for c in docs[i].candidates]
        labels = [y for i in train for y in docs[i].labels]
        fitted = PartyRanker(**model.get_params()).fit(rows, labels)
        for i in test:
            found = [c.features for c in docs[i].candidates]
            scores[i] = fitted.predict_proba(found)[:, 1].tolist() if found else []
    return scores


def _at(docs: Sequence[LabelledDoc], scores: Sequence[Sequence[float]], t: float) -> dict[str, Any]:
    picked = [select(d.candidates, s, t) for d, s in zip(docs, scores, strict=True)]
    return f1([field_counts(d.gold, [c.value for c, _ in p])
               for d, p in zip(docs, picked, strict=True)])  # fmt: skip


def _positives(doc: LabelledDoc) -> list[str]:
    return [c.value for c, y in zip(doc.candidates, doc.labels, strict=True) if y]


def cross_validate(
    docs: Sequence[LabelledDoc], model: PartyRanker, folds: int = 5
) -> dict[str, Any]:
    """Out-of-fold figures by source group; the threshold of the best field F1."""
    scores = out_of_fold(docs, model, folds)
    by_threshold = {t: _at(docs, scores, t) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (by_threshold[t]["f1"], -abs(t - 0.5)))
    flat = [
        (s, y)
        for d, ss in zip(docs, scores, strict=True)
        for s, y in zip(ss, d.labels, strict=True)
    ]
    chosen = [(int(s >= best), y) for s, y in flat]
    candidate = f1([(int(p and y), int(p and not y), int(y and not p)) for p, y in chosen])
    pairs = [(float(s), bool(y)) for s, y in flat]
    covered = f1([field_counts(d.gold, _positives(d)) for d in docs])
    return {
        "folds": folds,
        "grouped_by": "source (filer)",
        "threshold": best,
        "candidates": {**candidate, "n": len(flat), "auroc": auroc(pairs)},
        "parties_field": by_threshold[best],
        "rules_field": f1([field_counts(d.gold, d.rules) for d in docs]),
        "candidate_recall_bound": covered["recall"],
    }


def _digest(docs: Sequence[LabelledDoc]) -> str:
    blob = json.dumps([[d.group, d.gold, [c.value for c in d.candidates], d.labels] for d in docs])
    return hashlib.sha256(blob.encode()).hexdigest()


def train_party_ranker(
    out_dir: Path,
    roots: Sequence[Path],
    *,
    spacy_model: str | None = None,
    workers: int | None = None,
    folds: int = 5,
    load: Load = extract,
) -> dict[str, Any]:
    """Collect, cross-validate, fit and save; return the card (also written to disk)."""
    docs = collect(roots, spacy_model, workers, load)
    return fit_party_ranker(out_dir, docs, [Path(r).name for r in roots], folds)


def fit_party_ranker(
    out_dir: Path, docs: Sequence[LabelledDoc], sets: Sequence[str], folds: int = 5
) -> dict[str, Any]:
    """Cross-validate, fit and save the ranker of collected documents; return the card."""
    rows = [c.features for d in docs for c in d.candidates]
    with threadpool_limits(1):  # a few thousand rows: OpenMP threads only add overhead
        cv = cross_validate(docs, PartyRanker(), folds)
        model = PartyRanker(threshold=cv["threshold"]).fit(
            rows, [y for d in docs for y in d.labels]
        )
    digest = _digest(docs)
    model.version_ = f"parties-{digest[:8]}"
    card = {
        "model_version": model.version_,
        "model": {
            "kind": "HistGradientBoostingClassifier",
            "features": list(FEATURE_NAMES),
            "threshold": model.threshold,
            "candidates": model.n_samples_,
        },
        "data": {
            "sets": list(sets),
            "documents": len(docs),
            "groups": len({d.group for d in docs}),
            "sha256": digest,
        },
        "cross_validated": cv,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / RANKER_FILE)
    (out_dir / RANKER_CARD).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
