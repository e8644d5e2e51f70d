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
fold and the size of the pickled model.

    .venv/bin/python benchmarks/bench_header_models.py            # 5 folds, crf and gbm
    .venv/bin/python benchmarks/bench_header_models.py --folds 2 --models crf --sets kpo
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import re
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per fold; --jobs runs folds side by side

import numpy as np
from sklearn.model_selection import GroupKFold

from kpo.datasets.grobid import FIELDS, FeatureRow, HeaderPaper, read_corpus
from kpo.models.header_features import VALUES as HEADER_VALUES

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus-train" / "grobid-header"
SCORED = FIELDS[:-1]
VALUES = {**HEADER_VALUES}  # GROBID's categorical columns and their values, as kpo reads them
BOOLEANS = ("new_font", "bold", "italic", "single_char", "person_name", "common_word", "year")
BOOLEANS += ("month", "place", "email", "url", "largest_font")
GROBID = (*VALUES, *BOOLEANS)  # FeatureRow's columns 11-29
FEATURE_SETS = {
    "grobid": GROBID,
    "kpo": tuple(a for a in GROBID if a not in ("new_font", "bold", "italic")),
}
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.minfreq": 2}
GBM_PARAMS = {"max_iter": 100, "learning_rate": 0.1, "l2_regularization": 1.0}
CUE_WORDS = 250  # a categorical feature: HistGradientBoosting takes at most 255 categories
EDGE = "<edge>"


@dataclass
class Fold:
    """What one model predicted on one held-out fold, and what training it cost."""

    predicted: list[list[str]]
    gold: list[list[str]]
    cpu_s: float
    wall_s: float
    size_bytes: int


def group_key(paper: HeaderPaper) -> str:
    """The paper's gold title, lower-cased, letters and digits only (else its id)."""
    title = "".join(t.row.text for t in paper.tokens if t.field == "title")
    return re.sub(r"\W", "", title.lower()) or paper.paper_id


def fields_of(papers: Sequence[HeaderPaper]) -> list[list[str]]:
    return [[t.field for t in p.tokens] for p in papers]


# --- CRF ------------------------------------------------------------------------------


def crf_token(rows: Sequence[FeatureRow], i: int, attrs: Sequence[str]) -> list[str]:
    """The CRF features of token ``i`` (a boolean column only where it is true)."""
    text = rows[i].text
    feats = ["w=" + text, "len=" + str(min(len(text), 8))]
    feats += [f"p{n}={text[:n]}" for n in range(1, 5)] + [f"s{n}={text[-n:]}" for n in range(1, 5)]
    for d in (-2, -1, 1, 2):
        j = i + d
        feats.append(f"w{d}=" + (rows[j].text.lower() if 0 <= j < len(rows) else EDGE))
    feats.append(f"w-1|w={rows[i - 1].text.lower() if i else EDGE}|{text.lower()}")
    for j in range(max(i - 1, 0), min(i + 2, len(rows))):
        row, d = rows[j], j - i
        feats += [f"{d}{a}={getattr(row, a)}" for a in attrs if a in VALUES]
        feats += [f"{d}{a}" for a in attrs if a not in VALUES and getattr(row, a)]
    return feats


def crf_sequence(paper: HeaderPaper, attrs: Sequence[str]) -> list[list[str]]:
    rows = [t.row for t in paper.tokens]
    return [crf_token(rows, i, attrs) for i in range(len(rows))]


def run_crf(
    train: Sequence[HeaderPaper], test: Sequence[HeaderPaper], attrs: Sequence[str]
) -> Fold:
    import pycrfsuite

    t0, w0 = time.process_time(), time.perf_counter()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for paper in train:
        trainer.append(crf_sequence(paper, attrs), [t.field for t in paper.tokens])
    trainer.set_params(CRF_PARAMS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "header.crfsuite"
        trainer.train(str(path))
        cpu, wall, size = time.process_time() - t0, time.perf_counter() - w0, path.stat().st_size
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        predicted = [list(tagger.tag(crf_sequence(p, attrs))) for p in test]
        tagger.close()
    return Fold(predicted, fields_of(test), cpu, wall, size)


# --- gradient boosting ----------------------------------------------------------------


def one_hot(rows: Sequence[FeatureRow], attrs: Sequence[str]) -> np.ndarray:
    """Per token: each boolean column as 0/1, each other column one-hot over its values."""
    columns: list[np.ndarray] = []
    for a in attrs:
        raw = [getattr(r, a) for r in rows]
        if a in VALUES:
            columns += [np.array([v == x for v in raw]) for x in VALUES[a]]
        else:
            columns.append(np.array(raw))
    return np.column_stack(columns).astype(np.float32)


def line_starts(rows: Sequence[FeatureRow]) -> np.ndarray:
    new = [
        i == 0 or r.line == "LINESTART" or rows[i - 1].line == "LINEEND" for i, r in enumerate(rows)
    ]
    return np.flatnonzero(new)


def cue_ids(texts: Sequence[str], cues: dict[str, int]) -> np.ndarray:
    return np.array([cues.get(t.lower(), CUE_WORDS) for t in texts], dtype=np.float32)


def shifted(x: np.ndarray, d: int) -> np.ndarray:
    """Row i of the result is row i + d of ``x`` (-1 past either end)."""
    out = np.full_like(x, -1.0)
    if d >= 0:
        out[: len(x) - d] = x[d:]
    else:
        out[-d:] = x[:d]
    return out


def line_matrix(
    paper: HeaderPaper, attrs: Sequence[str], cues: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """One row per line (see the module's docstring), and the line of each token."""
    rows = [t.row for t in paper.tokens]
    tokens = one_hot(rows, attrs)
    starts = line_starts(rows)
    ends = np.append(starts[1:], len(rows))
    n = (ends - starts).astype(np.float32)
    shares = np.add.reduceat(tokens, starts, axis=0) / n[:, None]
    number = np.arange(len(starts), dtype=np.float32)
    first, last = [rows[i].text for i in starts], [rows[i - 1].text for i in ends]
    cue = np.column_stack([cue_ids(first, cues), cue_ids(last, cues)])
    context = np.column_stack([cue, shares, n, number / len(starts)])
    parts = [
        tokens[starts],
        tokens[ends - 1],
        number,
        *(shifted(context, d) for d in (-2, -1, 0, 1, 2)),
    ]
    return np.column_stack(parts), np.repeat(np.arange(len(starts)), ends - starts)


def line_cue_columns(width: int, attrs: Sequence[str]) -> np.ndarray:
    """Which columns of ``line_matrix`` are cue ids (categorical)."""
    token_width = sum(len(VALUES.get(a, (a,))) for a in attrs)
    mask = np.zeros(width, dtype=bool)
    for k in range(5):
        first = 2 * token_width + 1 + k * (token_width + 4)
        mask[first : first + 2] = True
    return mask


def line_fields(paper: HeaderPaper, token_line: np.ndarray) -> np.ndarray:
    """Each line's gold field: the most common field of its tokens."""
    counts: list[Counter[str]] = [Counter() for _ in range(token_line[-1] + 1)]
    for t, line in zip(paper.tokens, token_line, strict=True):
        counts[line][t.field] += 1
    return np.array([c.most_common(1)[0][0] for c in counts])


def token_matrix(
    paper: HeaderPaper, attrs: Sequence[str], cues: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """One row per token: its cue id, the columns of tokens -2..2, and its line's length,
    number, and the token's place in the line and in the header."""
    rows = [t.row for t in paper.tokens]
    tokens = one_hot(rows, attrs)
    starts = line_starts(rows)
    ends = np.append(starts[1:], len(rows))
    line = np.repeat(np.arange(len(starts)), ends - starts)
    index = np.arange(len(rows))
    place = [
        ends[line] - starts[line],
        line,
        (index - starts[line]) / (ends - starts)[line],
        index / len(rows),
    ]
    window = [shifted(tokens, d) for d in (-2, -1, 0, 1, 2)]
    cue = cue_ids([r.text for r in rows], cues)
    return np.column_stack([cue, *window, *place]).astype(np.float32), index


def run_gbm(
    train: Sequence[HeaderPaper],
    test: Sequence[HeaderPaper],
    attrs: Sequence[str],
    by_line: bool = True,
) -> Fold:
    """Gradient boosting over lines (each token takes its line's field) or over tokens."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    t0, w0 = time.process_time(), time.perf_counter()
    words = Counter(w for p in train for w in {t.row.text.lower() for t in p.tokens})
    cues = {w: i for i, (w, _) in enumerate(words.most_common(CUE_WORDS))}
    matrix = line_matrix if by_line else token_matrix
    parts = [matrix(p, attrs, cues) for p in train]
    x = np.vstack([m for m, _ in parts])
    if by_line:
        y = np.concatenate(
            [line_fields(p, lines) for p, (_, lines) in zip(train, parts, strict=True)]
        )
        categorical = line_cue_columns(x.shape[1], attrs)
    else:
        y = np.array([t.field for p in train for t in p.tokens])
        categorical = np.arange(x.shape[1]) == 0
    model = HistGradientBoostingClassifier(
        **GBM_PARAMS, categorical_features=categorical, early_stopping=False, random_state=0
    ).fit(x, y)
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    predicted = []
    for paper in test:
        m, index = matrix(paper, attrs, cues)
        predicted.append(list(model.predict(m)[index]))
    return Fold(predicted, fields_of(test), cpu, wall, len(pickle.dumps(model)))


def run_gbm_token(
    train: Sequence[HeaderPaper], test: Sequence[HeaderPaper], attrs: Sequence[str]
) -> Fold:
    return run_gbm(train, test, attrs, by_line=False)


MODELS: dict[str, Callable[[Sequence[HeaderPaper], Sequence[HeaderPaper], Sequence[str]], Fold]] = {
    "crf": run_crf,
    "gbm": run_gbm,
    "gbm-token": run_gbm_token,
}


# --- scoring --------------------------------------------------------------------------


def spans(labels: Sequence[str]) -> set[tuple[str, int, int]]:
    """Maximal runs of one field (``other`` is not a span)."""
    out, start = set(), 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            if labels[start] != "other":
                out.add((labels[start], start, i))
            start = i
    return out


def values(paper: HeaderPaper, labels: Sequence[str]) -> dict[str, str]:
    """Per field, its tokens joined, lower-cased, letters and digits only."""
    out: dict[str, str] = {}
    for t, label in zip(paper.tokens, labels, strict=True):
        out[label] = out.get(label, "") + re.sub(r"\W", "", t.row.text.lower())
    return out


def count(
    tallies: dict[str, Counter[str]], predicted: set[tuple[str, ...]], gold: set[tuple[str, ...]]
) -> None:
    for f in SCORED:
        p, g = {x for x in predicted if x[0] == f}, {x for x in gold if x[0] == f}
        tallies[f].update(tp=len(p & g), fp=len(p - g), fn=len(g - p))


def score(
    papers: Sequence[HeaderPaper], predicted: Sequence[Sequence[str]]
) -> dict[str, dict[str, Counter[str]]]:
    """tp/fp/fn per level (token, span, value) and field."""
    tallies: dict[str, dict[str, Counter[str]]] = {
        k: {f: Counter() for f in SCORED} for k in ("token", "span", "value")
    }
    for paper, pred in zip(papers, predicted, strict=True):
        gold = [t.field for t in paper.tokens]
        count(
            tallies["token"],
            {(p, str(i)) for i, p in enumerate(pred)},
            {(g, str(i)) for i, g in enumerate(gold)},
        )
        count(
            tallies["span"],
            {(f, str(a), str(b)) for f, a, b in spans(pred)},
            {(f, str(a), str(b)) for f, a, b in spans(gold)},
        )
        count(tallies["value"], set(values(paper, pred).items()), set(values(paper, gold).items()))
    return tallies


def f1(c: Counter[str]) -> float:
    return 2 * c["tp"] / max(2 * c["tp"] + c["fp"] + c["fn"], 1)


def report(name: str, papers: Sequence[HeaderPaper], results: Sequence[Fold]) -> dict[str, float]:
    """Print one run's table; return its value F1 per field."""
    predicted = [p for r in results for p in r.predicted]
    tallies = score(papers, predicted)
    print(f"\n{name}\n  {'':8}" + "".join(f"{f:>10}" for f in (*SCORED, "micro")))
    for level, per_field in tallies.items():
        micro = sum(per_field.values(), Counter())
        print(f"  {level:8}" + "".join(f"{f1(c):>10.3f}" for c in (*per_field.values(), micro)))
    cpu = sum(r.cpu_s for r in results) / len(results)
    wall = sum(r.wall_s for r in results) / len(results)
    size = max(r.size_bytes for r in results) / 1e6
    print(f"  training per fold: {cpu:.1f} CPU-s, {wall:.1f} s wall; model {size:.2f} MB")
    return {f: f1(c) for f, c in tallies["value"].items()}


# --- running ----------------------------------------------------------------------------

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
