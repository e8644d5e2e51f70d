"""Paper headers: a linear-chain CRF against gradient boosting, cross-validated on GROBID's corpus.

Reads GROBID's header training corpus (``kpo.datasets.grobid``: one labelled token
sequence per paper) and runs K-fold cross-validation grouped by paper: papers with the
same normalised gold title share a fold, so the corpus' duplicate annotations do not leak.
Every token is labelled with one of kpo's fields (title, authors, abstract, date, pubnum)
or ``other``. The models:

- ``crf``: a linear-chain CRF over tokens (python-crfsuite, L-BFGS, L1 + L2), with the
  features of GROBID's ``header.template``: the token, its neighbours, prefixes and
  suffixes, and the layout columns of the token and of its two neighbours.
- ``gbm``: scikit-learn's HistGradientBoostingClassifier over lines; a line is its
  share of each token column, its first and last token's columns, its length and
  position, and the cue ids of its first and last words (the training folds' 250 most
  common words), with the shares, lengths and cue ids of the two lines on either side.
  Every token takes its line's field.
- ``crf+gbm``, reported whenever both ran: the line model's fields, with date and pubnum
  taken from the CRF (no extra training: both models' predictions combined).
- ``gbm-token`` (not run by default, slow): the same classifier over tokens, with the
  columns of the two tokens on either side and the token's place in its line.

Feature sets: ``grobid`` is GROBID's columns 1-29; ``kpo`` keeps only what kpo can compute
from a word's text, box and font size: it drops font change, bold and italic.

Printed per model and set, per field: token F1, span F1 (exact runs of the field) and
value F1 (per paper, the field's tokens joined, compared ignoring case, spaces and
punctuation, as kpo scores a title); then training CPU-seconds and wall seconds per
fold and the size of the pickled model. The models are in ``_header_contenders.py``, the
scores in ``_header_scores.py``.

    .venv/bin/python benchmarks/bench_header_models.py            # 5 folds, crf and gbm
    .venv/bin/python benchmarks/bench_header_models.py --folds 2 --models crf --sets kpo
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per fold; --jobs runs folds side by side

from _header_contenders import FEATURE_SETS, MODELS, Fold
from _header_scores import SCORED, report
from sklearn.model_selection import GroupKFold

from kpo.datasets.grobid import HeaderPaper, read_corpus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus-train" / "grobid-header"


def group_key(paper: HeaderPaper) -> str:
    """The paper's gold title, lower-cased, letters and digits only (else its id)."""
    title = "".join(t.row.text for t in paper.tokens if t.field == "title")
    return re.sub(r"\W", "", title.lower()) or paper.paper_id


PAPERS: tuple[HeaderPaper, ...] = ()  # set before the worker processes fork
CRF_FIELDS = frozenset(("date", "pubnum"))  # what the combination takes from the CRF


def run_task(task: tuple[str, str, list[int], list[int]]) -> Fold:
    model, feature_set, train, test = task
    return MODELS[model](
        [PAPERS[i] for i in train], [PAPERS[i] for i in test], FEATURE_SETS[feature_set]
    )


def combine(crf: Fold, gbm: Fold) -> Fold:
    """The line model's fields, except that date and pubnum are the CRF's (a token the
    CRF labels date or pubnum takes that label; one the line model does, unless the
    CRF agrees, takes the CRF's)."""
    predicted = [
        [c if c in CRF_FIELDS or g in CRF_FIELDS else g for c, g in zip(cs, gs, strict=True)]
        for cs, gs in zip(crf.predicted, gbm.predicted, strict=True)
    ]
    cost = (crf.cpu_s + gbm.cpu_s, crf.wall_s + gbm.wall_s, crf.size_bytes + gbm.size_bytes)
    return Fold(predicted, crf.gold, *cost)


def cross_validate(
    runs: Sequence[tuple[str, str]], k: int, jobs: int
) -> tuple[dict[tuple[str, str], list[Fold]], list[HeaderPaper]]:
    """Each run's folds, and the papers in the order of their predictions."""
    groups = [group_key(p) for p in PAPERS]
    splits = [(list(a), list(b)) for a, b in GroupKFold(n_splits=k).split(PAPERS, groups=groups)]
    tasks = [(m, s, a, b) for m, s in runs for a, b in splits]
    pool = multiprocessing.get_context("fork").Pool(jobs)
    try:
        folds = pool.map(run_task, tasks, chunksize=1)
    finally:
        pool.close()
        pool.join()
    results = {run: folds[i * k : (i + 1) * k] for i, run in enumerate(runs)}
    for s in {s for _, s in runs}:
        if ("crf", s) in results and ("gbm", s) in results:
            pairs = zip(results["crf", s], results["gbm", s], strict=True)
            results["crf+gbm", s] = [combine(c, g) for c, g in pairs]
    return results, [PAPERS[i] for _, test in splits for i in test]


def main() -> None:
    global PAPERS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--models", default="crf,gbm", help=f"of {','.join(MODELS)}")
    parser.add_argument("--sets", default="grobid,kpo", help=f"of {','.join(FEATURE_SETS)}")
    parser.add_argument("--jobs", type=int, default=2, help="folds trained side by side")
    args = parser.parse_args()
    t0, w0 = time.process_time(), time.perf_counter()
    corpus = read_corpus(args.corpus)
    PAPERS = corpus.papers
    print(
        f"{len(PAPERS)} papers; {corpus.tokens} of {corpus.rows} feature rows labelled "
        f"({corpus.unmatched} unmatched, {corpus.filled} by the gap rule); "
        f"{len(corpus.skipped)} files skipped"
    )
    runs = [(m, s) for m in args.models.split(",") for s in args.sets.split(",")]
    results, papers = cross_validate(runs, args.folds, args.jobs)
    value_f1 = {
        run: report(f"{run[0]} / {run[1]} ({args.folds} folds)", papers, folds)
        for run, folds in results.items()
    }
    for m in dict.fromkeys(m for m, _ in value_f1):
        if (m, "grobid") in value_f1 and (m, "kpo") in value_f1:
            kpo, grobid = value_f1[m, "kpo"], value_f1[m, "grobid"]
            cost = " ".join(f"{f} {kpo[f] - grobid[f]:+.3f}" for f in SCORED)
            print(f"\n{m}: value F1 with kpo's features minus with GROBID's: {cost}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - t0 + children.ru_utime + children.ru_stime
    print(f"\ntotal {cpu:.0f} CPU-s, {time.perf_counter() - w0:.0f} s wall ({args.jobs} jobs)")


if __name__ == "__main__":
    main()
