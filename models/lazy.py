"""A model file loaded the first time a document needs it, its version known before.

A worker whose documents are all of one type then never loads the models of the
others (a contract's party and date rankers, a paper's header model). The version that
each field value carries is read from the model's card (the JSON ``kpo train`` writes
beside it), so knowing it does not load the model; without a card, it is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class LazyModel(Generic[T]):
    """``load()`` once, on the first ``get()``; None (no model) when ``path`` is absent."""

    def __init__(
        self, path: Path, card: Path, load: Callable[[], T | None], version_of: Callable[[T], str]
    ) -> None:
        self.path, self.card = path, card
        self._load, self._version_of = load, version_of
        self._model: T | None = None
        self._loaded = False

    def get(self) -> T | None:
        if not self._loaded:
            self._model, self._loaded = self._load(), True
        return self._model

    @property
    def version(self) -> str | None:
        """The model's version (None: there is no model), from its card when it has one."""
        if not self.path.exists():
            return None
        if not self._loaded:
            version = _card_version(self.card)
            if version is not None:
                return version
        model = self.get()
        return None if model is None else self._version_of(model)


def _card_version(card: Path) -> str | None:
    try:
        version = json.loads(card.read_text(encoding="utf-8")).get("model_version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, str) else None
