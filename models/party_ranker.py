"""A learned ranker of contract party candidates, and how extraction uses it.

``PartyRanker`` scores each candidate of ``contract_candidates`` with a gradient-boosted
tree model trained on real labelled contracts (``train_parties``): the probability
that the candidate is one of the contract's parties. Candidates scoring at least
``threshold`` (chosen on out-of-fold predictions to maximise the field F1) are
accepted, best first; a candidate naming the same party as a better one (equal or
abbreviated names, or some of its words without a legal form) is dropped.

``rank_parties`` replaces the rule's party hits by the accepted candidates; without a
ranker file (``party_ranker.skops`` in the model folder) extraction keeps the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from kpo.errors import Errors, ModelError
from kpo.normalise.text import name_tokens, names_match
from kpo.records import ExtractedDocument

from .contract_candidates import (
    FEATURE_NAMES,
    LEGAL_FORM,
    SOURCES,
    Candidate,
    party_candidates,
)
from .feature_rows import feature_matrix
from .fields_common import Hit, numbered
from .persist import PLAIN_TYPES, TREE_TYPES, load_skops, save_skops

if TYPE_CHECKING:
    from spacy.language import Language

RANKER_FILE = "party_ranker.skops"
RANKER_CARD = "party_ranker.json"
TRUSTED_TYPES = PLAIN_TYPES | TREE_TYPES | {"kpo.models.party_ranker.PartyRanker"}
Features = Mapping[str, float]


def matrix(rows: Sequence[Features]) -> NDArray[np.float64]:
    """Feature rows as a matrix in ``FEATURE_NAMES`` order."""
    return feature_matrix(rows, FEATURE_NAMES)


class PartyRanker(BaseEstimator):  # type: ignore[misc]
    """P(party) of a candidate from its features; accepts those at ``threshold`` or more."""

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        learning_rate: float = 0.05,
        max_iter: int = 250,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 10,
        random_state: int = 0,
    ) -> None:
        self.threshold = threshold
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    def booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            random_state=self.random_state,
        )

    def fit(self, X: Sequence[Features], y: Sequence[int]) -> PartyRanker:
        target = np.asarray(y, dtype=np.int64)
        if len(X) != len(target) or len(set(target.tolist())) < 2:
            raise ValueError("need one label per candidate, both parties and non-parties")
        self.booster_ = self.booster().fit(matrix(X), target)
        self.n_samples_ = len(target)
        self.version_ = "unversioned"
        return self

    def predict_proba(self, X: Sequence[Features]) -> NDArray[np.float64]:
        """Columns ``[P(not a party), P(party)]``."""
        if not hasattr(self, "booster_"):
            raise ModelError(Errors.E203.format(method="predict_proba"))
        if not X:
            return np.zeros((0, 2), dtype=np.float64)
        with threadpool_limits(1):  # a few rows: OpenMP threads would cost more than they give
            out: NDArray[np.float64] = self.booster_.predict_proba(matrix(X))
        return out

    def save(self, path: Path | str) -> None:
        if not hasattr(self, "booster_"):
            raise ModelError(Errors.E203.format(method="save"))
        save_skops(self, path)

    @classmethod
    def load(cls, path: Path | str) -> PartyRanker:
        """Load a model saved by ``save``; refuses types outside ``TRUSTED_TYPES``."""
        return load_skops(path, cls, TRUSTED_TYPES)


def load_party_ranker(model_dir: str | Path | None = None) -> PartyRanker | None:
    """The party ranker in ``model_dir`` (None: the packaged default); None if absent."""
    from kpo.models.paths import default_model_dir

    folder = default_model_dir() if model_dir is None else Path(model_dir)
    path = folder / RANKER_FILE
    return PartyRanker.load(path) if path.is_file() else None


def _same_party(a: str, b: str) -> bool:
    """Equal or abbreviated names, or a name without a legal form inside another one
    ("Dialog Semiconductor" in "Dialog Semiconductor (UK) Ltd."; but "HealthPlan
    Services, Inc." and "Sykes HealthPlan Services, Inc." are two parties)."""
    if names_match(a, b):
        return True
    ta, tb = set(name_tokens(a)), set(name_tokens(b))
    small = a if len(ta) <= len(tb) else b
    return (ta <= tb or tb <= ta) and not LEGAL_FORM.search(small)


def select(
    candidates: Sequence[Candidate], scores: Sequence[float], threshold: float
) -> list[tuple[Candidate, float]]:
    """Accepted candidates, best first, one per party."""
    ranked = sorted(zip(candidates, scores, strict=True), key=lambda cs: -cs[1])
    kept: list[tuple[Candidate, float]] = []
    for candidate, score in ranked:
        if score < threshold:
            break
        if not any(_same_party(candidate.value, k.value) for k, _ in kept):
            kept.append((candidate, float(score)))
    return kept


def _extractor(candidate: Candidate) -> str:
    found = "+".join(s for s in SOURCES if candidate.features[f"src_{s}"])
    return f"ranker.parties[{found}]"


def rank_parties(
    hits: Sequence[Hit], doc: ExtractedDocument, nlp: Language, ranker: PartyRanker
) -> list[Hit]:
    """``hits`` with their parties replaced by the ranker's accepted candidates."""
    candidates = party_candidates(doc, nlp)
    scores = ranker.predict_proba([c.features for c in candidates])[:, 1]
    accepted = select(candidates, scores.tolist(), ranker.threshold)
    accepted.sort(key=lambda cs: (cs[0].page_number, cs[0].start))
    parties = [
        Hit("parties", c.value, c.value, score, c.page_number, _extractor(c), start=c.start)
        for c, score in accepted
    ]
    return [h for h in hits if h.name != "parties"] + numbered(parties)
