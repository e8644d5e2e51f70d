"""The contenders of bench_header_models.py: a linear-chain CRF over tokens and gradient
boosting over lines (or tokens), each trained on some folds and run on a held-out one.

Their features, feature sets and what one fold cost are described in the docstring of
bench_header_models.py.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kpo.datasets.grobid import FeatureRow, HeaderPaper
from kpo.models.header_features import VALUES as HEADER_VALUES
from kpo.models.header_features import (
    cue_columns,
    cue_ids,
    line_rows,
    line_starts,
    shifted,
)

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


def line_matrix(
    paper: HeaderPaper, attrs: Sequence[str], cues: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """kpo's lines (kpo.models.header_features.line_rows) over GROBID's columns ``attrs``."""
    rows = [t.row for t in paper.tokens]
    return line_rows(one_hot(rows, attrs), rows, cues)


def line_cue_columns(width: int, attrs: Sequence[str]) -> np.ndarray:
    """Which columns of ``line_matrix`` are cue ids (categorical)."""
    return cue_columns(width, sum(len(VALUES.get(a, (a,))) for a in attrs))


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
