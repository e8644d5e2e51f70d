"""Document-type classifier: TF-IDF word and character n-grams into logistic regression.

Beside the open vocabulary, two fixed-vocabulary blocks carry their own weight: marker
words of each type (``MARKERS``) and layout cue words (``doc_text.CUE_WORDS``: digit
share, short, label, bullet and number lines, words per line and per page), which tell
a slide deck or a table of figures from a paper or a claim whatever their words.

``DocTypeClassifier`` is a scikit-learn estimator over document text (``str``).
``DocumentClassifier`` is the pipeline stage: it loads a saved model once and maps an
``ExtractedDocument`` to a ``Classification``. Models are saved with ``skops`` and
loaded only when every stored type is on an explicit allow-list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from kpo.errors import Errors, ModelError
from kpo.models.doc_text import CUE_WORDS, DEFAULT_MAX_WORDS, normalize_text, word_count
from kpo.models.paths import MODEL_FILE, default_model_path
from kpo.models.persist import load_skops, save_skops
from kpo.records import DOC_TYPES, Classification, DocType, ExtractedDocument

__all__ = ["DocTypeClassifier", "DocumentClassifier", "normalize_text", "word_count"]

DEFAULT_MAX_PAGES = 4
TRUSTED_TYPES = frozenset(
    {
        "kpo.models.classifier.DocTypeClassifier",
        "sklearn.pipeline.Pipeline",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "builtins.str",
        "numpy.float64",
        "numpy.int64",
    }
)
# Words and phrases that mark a document type in any domain (not learned from any corpus).
# Everyday words with another sense in some domain (call, return, statement, order,
# instructions, product: all common in computer science) are left to the open vocabulary.
# A separate, L2-normalised TF-IDF block over only these keeps them from being diluted
# by the open vocabulary of long real documents.
MARKERS = tuple(
    m.strip()
    for m in """abstract|introduction|related work|conclusion|conclusions|references|
    bibliography|et al|
    university|department of|institute|laboratory|proceedings|journal|conference|vol|pp|doi|
    arxiv|fig|figure|table|eq|equation|theorem|lemma|proof|experiment|experiments|results|
    method|methods|we|our|this paper|in this paper|we propose|proposed|approach|dataset|model|
    analysis|acknowledgments|acknowledgements|keywords|index terms|research|study|algorithm|
    evaluation|performance|significant|corresponding author|received|accepted|published|
    issn|preprint|supported by|grant|
    agreement|party|parties|hereby|herein|hereof|hereunder|thereof|whereas|witnesseth|shall|
    term|termination|governing law|laws of the state|indemnify|indemnification|liability|
    warranty|warranties|confidential|confidentiality|licensor|licensee|license|exhibit|
    schedule|section|article|effective date|executed|in witness whereof|by and between|
    counterparts|assignment|notices|covenants|obligations|breach|royalty|royalties|
    consideration|limited liability company|corporation|entered into|
    claim|claims|claimant|insured|insurer|policy|policyholder|loss|date of loss|accident|
    injury|damage|adjuster|deductible|coverage|patient|diagnosis|physician|provider|charges|
    medical|hospital|treatment|benefit|benefits|compensation|notice of loss|proof of loss|
    fraudulent|incident|vehicle|witnesses|police|member|claim number|policy number|
    invoice|receipt|total|amount due|payment|bill|balance|tax|vat|subtotal|quantity|price|
    customer|account|agency|federal|register|rule|comments|meeting|minutes|memo|
    memorandum|report|form|income|expenditures|payee|shipping|
    hotel|booking|thank you|dear|sincerely""".replace("\n", "").split("|")
)


class DocTypeClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Predicts ``contract``, ``research_paper``, ``claim`` or ``other`` from text.

    Texts with fewer than ``min_words`` words get a flat distribution that leans to
    ``other`` (a low-confidence guess) instead of a confident prediction.
    """

    def __init__(
        self,
        *,
        C: float = 4.0,
        word_max_features: int = 10000,
        char_max_features: int = 12000,
        min_df: int = 2,
        max_words: int = DEFAULT_MAX_WORDS,
        min_words: int = 12,
        marker_weight: float = 2.0,
        layout_weight: float = 2.0,
        fit_intercept: bool = False,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.word_max_features = word_max_features
        self.char_max_features = char_max_features
        self.min_df = min_df
        self.max_words = max_words
        self.min_words = min_words
        self.fit_intercept = fit_intercept
        self.marker_weight = marker_weight
        self.layout_weight = layout_weight
        self.random_state = random_state

    def _pipeline(self) -> Pipeline:
        words = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=self.min_df,
            max_features=self.word_max_features,
            lowercase=False,
            dtype=np.float32,
        )
        chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=self.min_df,
            max_features=self.char_max_features,
            lowercase=False,
            dtype=np.float32,
        )
        markers = TfidfVectorizer(
            vocabulary=sorted(set(MARKERS)),
            ngram_range=(1, 4),
            sublinear_tf=True,
            lowercase=False,
            dtype=np.float32,
        )
        layout = TfidfVectorizer(vocabulary=CUE_WORDS, lowercase=False, dtype=np.float32)
        union = FeatureUnion(
            [("words", words), ("chars", chars), ("markers", markers), ("layout", layout)],
            transformer_weights={
                "words": 1.0,
                "chars": 1.0,
                "markers": self.marker_weight,
                "layout": self.layout_weight,
            },
        )
        model = LogisticRegression(
            C=self.C,
            class_weight="balanced",
            fit_intercept=self.fit_intercept,
            max_iter=2000,
            random_state=self.random_state,
        )
        return Pipeline([("features", union), ("model", model)])

    def fit(
        self,
        X: Sequence[str],
        y: Sequence[str],
        sample_weight: Sequence[float] | None = None,
    ) -> DocTypeClassifier:
        """Fit on texts and types; ``sample_weight`` weighs each text (default 1 each)."""
        labels = list(y)
        unknown = sorted(set(labels) - set(DOC_TYPES))
        if unknown:
            raise ValueError(f"unknown document types {unknown}; expected {DOC_TYPES}")
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.pipeline_ = self._pipeline().fit(
            [normalize_text(t, self.max_words) for t in X], labels, model__sample_weight=weights
        )
        for _, vectorizer in self.pipeline_.named_steps["features"].transformer_list:
            vectorizer.stop_words_ = None  # the pruned terms: only for introspection, and large
            # numpy ints become one array file each in skops (tens of thousands, ~1.4 s to
            # load); plain ints are stored as JSON and load in a fraction of that.
            vectorizer.vocabulary_ = {t: int(i) for t, i in vectorizer.vocabulary_.items()}
        self.classes_ = np.array([t for t in DOC_TYPES if t in set(labels)])
        self.version_ = "unversioned"
        return self

    def _check(self, method: str) -> None:
        try:
            check_is_fitted(self, "pipeline_")
        except NotFittedError as exc:
            raise ModelError(Errors.E203.format(method=method)) from exc

    def predict_proba(self, X: Sequence[str]) -> NDArray[np.float64]:
        """Probabilities with columns in ``classes_`` order (``DOC_TYPES`` order)."""
        self._check("predict_proba")
        texts = list(X)
        raw = self.pipeline_.predict_proba([normalize_text(t, self.max_words) for t in texts])
        order = [list(self.pipeline_.classes_).index(c) for c in self.classes_]
        proba: NDArray[np.float64] = np.asarray(raw, dtype=np.float64)[:, order]
        flat = self._flat()
        for i, text in enumerate(texts):
            if word_count(text) < self.min_words:
                proba[i] = flat
        return proba

    def _flat(self) -> NDArray[np.float64]:
        weights = np.array([2.0 if c == "other" else 1.0 for c in self.classes_])
        flat: NDArray[np.float64] = weights / weights.sum()
        return flat

    def predict(self, X: Sequence[str]) -> NDArray[np.str_]:
        self._check("predict")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]  # type: ignore[no-any-return]

    def save(self, path: Path | str) -> None:
        self._check("save")
        save_skops(self, path)

    @classmethod
    def load(cls, path: Path | str) -> DocTypeClassifier:
        """Load a model saved by ``save``; refuses any type outside ``TRUSTED_TYPES``."""
        return load_skops(path, cls, TRUSTED_TYPES)


def document_text(doc: ExtractedDocument, max_pages: int = DEFAULT_MAX_PAGES) -> str:
    return "\n\n".join(page.text for page in doc.pages[:max_pages])


class DocumentClassifier:
    """The classification stage: ``ExtractedDocument -> Classification``."""

    def __init__(self, model_dir: str | None = None, max_pages: int = DEFAULT_MAX_PAGES) -> None:
        path = default_model_path() if model_dir is None else Path(model_dir) / MODEL_FILE
        self.model = DocTypeClassifier.load(path)
        self.max_pages = max_pages
        self.model_version = str(getattr(self.model, "version_", "unversioned"))

    def classify_texts(self, texts: Sequence[str]) -> list[Classification]:
        proba = self.model.predict_proba(texts)
        classes: list[Any] = list(self.model.classes_)
        return [self._record(classes, row) for row in proba]

    def _record(self, classes: list[Any], row: NDArray[np.float64]) -> Classification:
        by_type = {str(c): float(p) for c, p in zip(classes, row, strict=True)}
        probabilities: tuple[tuple[DocType, float], ...] = tuple(
            (t, round(by_type.get(t, 0.0), 6)) for t in DOC_TYPES
        )
        best = max(probabilities, key=lambda item: item[1])[0]
        return Classification(best, probabilities, self.model_version)

    def __call__(self, doc: ExtractedDocument) -> Classification:
        return self.classify_texts([document_text(doc, self.max_pages)])[0]

    def pipe(
        self, docs: Iterable[ExtractedDocument], batch_size: int = 64
    ) -> Iterable[Classification]:
        batch: list[ExtractedDocument] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self.classify_texts([document_text(d, self.max_pages) for d in batch])
                batch = []
        if batch:
            yield from self.classify_texts([document_text(d, self.max_pages) for d in batch])
