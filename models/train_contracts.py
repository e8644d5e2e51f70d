"""Train the contract rankers (parties, dates) from one pass over real labelled contracts.

Each PDF is extracted once and read by today's rules once; its party and date
candidates then feed ``train_parties.fit_party_ranker`` and
``train_dates.fit_date_ranker``, which cross-validate by filer, fit and save
``party_ranker.skops`` and ``date_ranker.skops`` with their cards.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kpo.datasets.labels import LabelRecord, read_labels
from kpo.errors import KpoError

from .date_candidates import DATE_FIELDS
from .fields_contract import extract_contract
from .train_dates import DatedDoc, dated_doc, fit_date_ranker
from .train_parties import LabelledDoc, Load, extract, fit_party_ranker, labelled_doc, worker_nlp

Both = tuple[LabelledDoc | None, DatedDoc | None]


def _both(task: tuple[str, LabelRecord, str | None, Load]) -> Both:
    root, record, spacy_model, load = task
    nlp = worker_nlp(spacy_model)
    try:
        doc = load(root, record)
    except KpoError:
        return None, None
    hits = extract_contract(doc, nlp)
    parties = labelled_doc(doc, record, nlp, hits) if record.fields.get("parties") else None
    dated = any(record.fields.get(f) for f in DATE_FIELDS)
    return parties, dated_doc(doc, record, hits) if dated else None


def train_contract_rankers(
    out_dir: Path,
    roots: Sequence[Path],
    *,
    spacy_model: str | None = None,
    workers: int | None = None,
    load: Load = extract,
    folds: Mapping[str, int] | None = None,
    fold_dir: Path | None = None,
) -> dict[str, dict[str, Any]]:
    """Both rankers' cards, keyed ``party_ranker`` and ``date_ranker``.

    With ``folds`` (source group -> fold number) and ``fold_dir``, each fold also gets
    rankers fitted without its groups, in ``fold_dir/K``: what the value confidences are
    judged with, so that no value they learn from was made by a ranker that saw it.
    """
    tasks = [
        (str(root), record, spacy_model, load)
        for root in roots
        for record in read_labels(Path(root) / "labels.jsonl")
        if record.doc_type == "contract"
        and any(record.fields.get(f) for f in ("parties", *DATE_FIELDS))
    ]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        found = list(pool.map(_both, tasks, chunksize=4))
    sets = [Path(r).name for r in roots]
    parties = [p for p, _ in found if p is not None]
    dates = [d for _, d in found if d is not None]
    for k in sorted(set(folds.values())) if folds and fold_dir else ():
        assert folds is not None and fold_dir is not None
        fit_party_ranker(fold_dir / str(k), [d for d in parties if folds.get(d.group) != k], sets)
        fit_date_ranker(fold_dir / str(k), [d for d in dates if folds.get(d.group) != k], sets)
    return {
        "party_ranker": fit_party_ranker(out_dir, parties, sets),
        "date_ranker": fit_date_ranker(out_dir, dates, sets),
    }
