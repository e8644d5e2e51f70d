"""Check, before a batch starts, that the models a worker will load are there.

Without this a missing spaCy pipeline or model file failed every document of a batch
(``internal_error``, or ``crashed`` on Ray) and the run still exited 0. The checks
only look (an installed package, a file): loading stays the workers' job.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kpo.errors import Errors, ModelError
from kpo.models.paths import MODEL_FILE, default_model_dir
from kpo.settings import PipelineSettings


def spacy_pipeline_found(name: str) -> bool:
    """Whether ``name`` is an installed spaCy pipeline package or a pipeline folder."""
    if Path(name).is_dir():
        return (Path(name) / "config.cfg").exists()
    if "/" in name or "\\" in name:
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def check_models(settings: PipelineSettings) -> None:
    """Raise ModelError (E201, E202) unless every model the pipeline loads is in place."""
    if not spacy_pipeline_found(settings.spacy_model):
        raise ModelError(Errors.E201.format(name=settings.spacy_model))
    folder = default_model_dir() if settings.model_dir is None else Path(settings.model_dir)
    classifier = folder / MODEL_FILE
    if not classifier.is_file():
        why = "no such file" if not classifier.exists() else "not a file"
        raise ModelError(Errors.E202.format(path=str(classifier), why=why))
