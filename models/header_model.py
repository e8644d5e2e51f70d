"""Label a paper header's tokens: title, authors, abstract, date, pubnum or other.

Two models, chosen by ``benchmarks/bench_header_models.py`` (5 folds on GROBID's
corpus, value F1 title / authors / date / pubnum: line gradient boosting 0.85 / 0.67 /
0.24 / 0.40, token CRF 0.73 / 0.60 / 0.82 / 0.82):

- a ``HistGradientBoostingClassifier`` over lines labels title, authors, abstract and
  other (each token takes its line's field, with the line's probability);
- a linear-chain CRF over tokens (python-crfsuite) labels date and pubnum (a token
  the CRF calls date or pubnum takes that label, with the CRF's marginal probability).

``HeaderLabeller.fit`` trains both from token sequences and their fields;
``label`` returns a ``Labelled`` per token. ``save``/``load_header_labeller`` keep them
in a model folder: ``header_lines.skops`` (skops, allow-listed types only),
``header_crf.crfsuite`` (CRFsuite's own format: weights, no code) and
``header_model.json`` (cue words and the card).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import ThreadpoolController, threadpool_limits

from kpo.errors import Errors, ModelError

from .header_features import columns, crf_sequence, cue_columns, cue_words, line_matrix
from .header_tokens import HeaderToken
from .persist import PLAIN_TYPES, TREE_TYPES, load_skops, save_skops

LINES_FILE = "header_lines.skops"
CRF_FILE = "header_crf.crfsuite"
CARD_FILE = "header_model.json"
CRF_FIELDS = frozenset(("date", "pubnum"))
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.minfreq": 2}
GBM_PARAMS: dict[str, Any] = {"max_iter": 100, "learning_rate": 0.1, "l2_regularization": 1.0}
TRUSTED_TYPES = PLAIN_TYPES | TREE_TYPES | {"numpy.bool_", "builtins.bool"}


@dataclass(frozen=True, slots=True)
class Labelled:
    """A token's field and the probability the model gave it."""

    field: str
    probability: float


def line_fields(fields: Sequence[str], token_line: np.ndarray) -> np.ndarray:
    """Each line's field: the most common field of its tokens."""
    counts: list[Counter[str]] = [Counter() for _ in range(int(token_line[-1]) + 1)]
    for field, line in zip(fields, token_line, strict=True):
        counts[line][field] += 1
    return np.array([c.most_common(1)[0][0] for c in counts])


def _train_crf(papers: Sequence[Sequence[HeaderToken]], fields: Sequence[Sequence[str]]) -> bytes:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for tokens, labels in zip(papers, fields, strict=True):
        trainer.append(crf_sequence(tokens), list(labels))
    trainer.set_params(CRF_PARAMS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / CRF_FILE
        trainer.train(str(path))
        return path.read_bytes()


def _train_lines(
    papers: Sequence[Sequence[HeaderToken]], fields: Sequence[Sequence[str]], cues: dict[str, int]
) -> HistGradientBoostingClassifier:
    parts = [line_matrix(tokens, cues) for tokens in papers]
    x = np.vstack([m for m, _ in parts])
    y = np.concatenate([line_fields(f, lines) for f, (_, lines) in zip(fields, parts, strict=True)])
    model = HistGradientBoostingClassifier(
        **GBM_PARAMS,
        categorical_features=cue_columns(x.shape[1]),
        early_stopping=False,
        random_state=0,
    )
    with threadpool_limits(1):  # OpenMP threads fight over a shared or busy machine
        return model.fit(x, y)


class HeaderLabeller:
    """The two header models and the cue words the line model reads (see the module doc)."""

    def __init__(
        self, lines: HistGradientBoostingClassifier, crf: bytes, cues: dict[str, int]
    ) -> None:
        import pycrfsuite

        self.lines = lines
        self.crf = crf
        self.cues = cues
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(crf)
        self._threads = ThreadpoolController()

    @classmethod
    def fit(
        cls, papers: Sequence[Sequence[HeaderToken]], fields: Sequence[Sequence[str]]
    ) -> HeaderLabeller:
        """Train both models on token sequences and each token's field."""
        cues = cue_words(papers)
        return cls(_train_lines(papers, fields, cues), _train_crf(papers, fields), cues)

    def label(self, tokens: Sequence[HeaderToken]) -> list[Labelled]:
        """Each token's field and probability; empty for no tokens."""
        if not tokens:
            return []
        cols = [columns(t) for t in tokens]
        matrix, token_line = line_matrix(tokens, self.cues, cols)
        with self._threads.limit(limits=1, user_api="openmp"):  # a few dozen lines
            proba = self.lines.predict_proba(matrix)
        classes = list(self.lines.classes_)
        best = proba.argmax(axis=1)
        crf = self._tagger.tag(crf_sequence(tokens, cols))
        out: list[Labelled] = []
        for i, line in enumerate(token_line):
            if crf[i] in CRF_FIELDS:
                out.append(Labelled(crf[i], float(self._tagger.marginal(crf[i], i))))
                continue
            field = classes[best[line]]
            if field in CRF_FIELDS:  # the line model's date or pubnum, the CRF disagreeing
                out.append(Labelled(crf[i], float(self._tagger.marginal(crf[i], i))))
            else:
                out.append(Labelled(str(field), float(proba[line, best[line]])))
        return out

    def save(self, folder: Path, card: dict[str, Any]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        save_skops(self.lines, folder / LINES_FILE)
        (folder / CRF_FILE).write_bytes(self.crf)
        body = {**card, "cue_words": sorted(self.cues, key=self.cues.__getitem__)}
        (folder / CARD_FILE).write_text(json.dumps(body, indent=2, sort_keys=True) + "\n")


def load_header_labeller(folder: Path | str) -> HeaderLabeller | None:
    """The labeller saved in ``folder``, or None when the folder has none.

    A damaged file raises ModelError (E202); a model file holding a type that is not
    allow-listed, E204.
    """
    folder = Path(folder)
    if not (folder / CARD_FILE).is_file():
        return None
    try:
        card = json.loads((folder / CARD_FILE).read_text())
        crf = (folder / CRF_FILE).read_bytes()
        cues = {w: i for i, w in enumerate(card["cue_words"])}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(Errors.E202.format(path=str(folder / CARD_FILE), why=exc)) from exc
    lines = load_skops(folder / LINES_FILE, HistGradientBoostingClassifier, TRUSTED_TYPES)
    try:
        return HeaderLabeller(lines, crf, cues)
    except (OSError, ValueError) as exc:
        raise ModelError(Errors.E202.format(path=str(folder / CRF_FILE), why=exc)) from exc
