"""Save and load estimators with skops: no code runs on load, only allow-listed types."""

from __future__ import annotations

import zipfile
from collections.abc import Set
from pathlib import Path
from typing import TypeVar

import skops.io as sio
from skops.io.exceptions import UntrustedTypesFoundException

from kpo.errors import Errors, ModelError

T = TypeVar("T")

# the plain data every model file holds: trusted by each model's own allow-list
PLAIN_TYPES = frozenset(
    {
        "builtins.str",
        "builtins.float",
        "builtins.int",
        "builtins.tuple",
        "builtins.dict",
        "builtins.list",
        "numpy.float64",
        "numpy.int64",
        "numpy.ndarray",
        "numpy.dtype",
    }
)


# what a fitted HistGradientBoostingClassifier holds beyond scikit-learn's own estimators
# (which skops trusts): its trees, and its input check as a partial
TREE_TYPES = frozenset(
    {
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
        "sklearn.utils.validation.check_array",
        "functools.partial",
    }
)


def save_skops(model: object, path: Path | str) -> None:
    sio.dump(model, Path(path), compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def load_skops(path: Path | str, cls: type[T], trusted_types: Set[str]) -> T:
    """Load an instance of ``cls``; refuse any type outside ``trusted_types`` (E204).

    One pass: skops audits the file's types against ``trusted_types`` before it builds
    anything (asking for the untrusted types first read and audited every file twice,
    about 0.6 CPU-seconds of a worker's start). Only a refused file is read again, to
    name the types it holds.
    """
    try:
        model = sio.load(Path(path), trusted=sorted(trusted_types))
    except UntrustedTypesFoundException as exc:
        unexpected = sorted(_untrusted(path) - trusted_types)
        raise ModelError(Errors.E204.format(path=str(path), types=unexpected)) from exc
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelError(Errors.E202.format(path=str(path), why=exc)) from exc
    if not isinstance(model, cls):
        raise ModelError(Errors.E204.format(path=str(path), types=[type(model).__name__]))
    return model


def _untrusted(path: Path | str) -> set[str]:
    return set(sio.get_untrusted_types(file=Path(path)))
