"""Where the model files live: names inside a model folder and the packaged default folder.

A module of its own, without scikit-learn, so that the driver of a batch can check that
the files are there (kpo.models.check) without importing the models.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

MODEL_FILE = "doc_type.skops"  # the document-type classifier in a model folder


def default_model_dir() -> Path:
    """The model folder shipped with kpo."""
    return Path(str(files("kpo.models") / "default"))


def default_model_path() -> Path:
    """The packaged document-type classifier."""
    return default_model_dir() / MODEL_FILE
