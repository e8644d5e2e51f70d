"""Paper values from the learned header labeller, with confidences learned from real outcomes.

``load_header_model(model_dir)`` loads the labeller (``header_model``) and the per-field
curves that ``train_headers`` fitted on out-of-fold values of GROBID's corpus;
``model_hits(page, model)`` labels the title page's header (``header_tokens.from_page``)
and returns its title, authors, year, DOI and arXiv id as hits whose confidence is the
curve's probability that such a value is right (already calibrated: the field stage
keeps it, see ``LEARNED_EXTRACTORS``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kpo.records import Page

from .fields_common import Hit, fold, numbered
from .header_model import CARD_FILE, HeaderLabeller, load_header_labeller
from .header_tokens import from_page
from .header_values import header_values

HEADER_EXTRACTOR = "model.header"
LEARNED_EXTRACTORS = frozenset({HEADER_EXTRACTOR})  # confidences calibrated at the source


@dataclass(frozen=True, slots=True)
class Curve:
    x: tuple[float, ...]
    y: tuple[float, ...]

    def __call__(self, p: float) -> float:
        return round(float(np.interp(p, self.x, self.y)), 4)


@dataclass(frozen=True, slots=True)
class HeaderModel:
    """The labeller, its curves per field, and the version on its card."""

    labeller: HeaderLabeller
    curves: dict[str, Curve]
    clip: tuple[float, float]
    version: str

    def confidence(self, field: str, probability: float) -> float:
        """P(right) of a value of ``field`` with the model's mean probability."""
        curve = self.curves.get(field)
        p = curve(probability) if curve is not None else probability
        low, high = self.clip
        return min(high, max(low, p))


def load_header_model(model_dir: Path | str) -> HeaderModel | None:
    """The header model of ``model_dir``, or None when it has none."""
    labeller = load_header_labeller(model_dir)
    if labeller is None:
        return None
    card = json.loads((Path(model_dir) / CARD_FILE).read_text())
    curves = {
        field: Curve(tuple(c["x"]), tuple(c["y"])) for field, c in card.get("curves", {}).items()
    }
    clip = tuple(card.get("clip", (0.02, 0.98)))
    return HeaderModel(labeller, curves, (float(clip[0]), float(clip[1])), card["model_version"])


def model_hits(page: Page, model: HeaderModel) -> list[Hit]:
    """The header values the model finds on ``page``."""
    tokens = from_page(page)
    values = header_values(tokens, model.labeller.label(tokens))
    hits = [
        Hit(
            v.field,
            fold(v.value),
            fold(v.value),
            model.confidence(v.field, v.probability),
            page.page_number,
            HEADER_EXTRACTOR,
        )
        for v in values
    ]
    authors = numbered([h for h in hits if h.name == "authors"])
    return [h for h in hits if h.name != "authors"] + authors
