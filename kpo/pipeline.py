"""The per-document pipeline: extract, classify, extract fields, route.

``DocumentProcessor`` is a stateful stage: it loads the models once in
``__init__`` and turns one ``InputFile`` into one ``DocumentResult`` per call.
It knows nothing of Ray; ``kpo.jobs`` wraps it in actors, and tests run it
in-process. Heavy libraries are imported here lazily, never at module top.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from kpo.errors import Errors, ModelError
from kpo.reasons import ReasonCode
from kpo.records import DocumentResult, ExtractedDocument, Failure, InputFile
from kpo.routing import route
from kpo.settings import PipelineSettings

if TYPE_CHECKING:
    from kpo.extractors.ocr import OcrSettings
    from kpo.extractors.sandbox import ExtractionSandbox
    from kpo.models.classifier import DocumentClassifier
    from kpo.models.fields import FieldExtractor


def failed_result(file: InputFile, failure: Failure, seconds: float = 0.0) -> DocumentResult:
    return DocumentResult(
        doc_id=file.doc_id,
        path=file.path,
        size_bytes=file.size_bytes,
        status="failed",
        reason=failure.code,
        message=failure.message,
        seconds=seconds,
    )


def problem_result(file: InputFile) -> DocumentResult:
    """The failed row of an entry that ingest could not take (``file.problem`` is set)."""
    assert file.problem is not None
    message = file.problem_message or str(file.problem)
    return failed_result(file, Failure(file.doc_id, file.path, "ingest", file.problem, message))


def duplicate_result(file: InputFile) -> DocumentResult:
    return DocumentResult(
        doc_id=file.doc_id,
        path=file.path,
        size_bytes=file.size_bytes,
        status="duplicate",
        reason=ReasonCode.DUPLICATE,
        message=Errors.E312.format(first=file.duplicate_of, doc_id=file.doc_id[:12]),
    )


class DocumentProcessor:
    """Extract, classify, extract fields and route one document at a time.

    ``sandbox=True`` runs extraction in a child process under the time and memory
    limits of ``settings.limits``; ``strict=True`` re-raises unexpected errors.
    """

    def __init__(
        self,
        settings: PipelineSettings | None = None,
        *,
        sandbox: bool = True,
        strict: bool | None = None,
    ) -> None:
        from kpo.extractors.sandbox import ExtractionSandbox
        from kpo.models.classifier import DocumentClassifier
        from kpo.models.fields import FieldExtractor

        self.settings = PipelineSettings.resolve(settings)
        self.strict = self.settings.strict if strict is None else strict
        self._ocr_available: bool | None = None  # known once a document needs it
        self._sandbox: ExtractionSandbox | None = (
            ExtractionSandbox(self.settings.limits, self._ocr()) if sandbox else None
        )
        if self._sandbox is not None:
            self._sandbox.start()  # the child's start-up overlaps loading the models
        self.classifier: DocumentClassifier = DocumentClassifier(self.settings.model_dir)
        self.field_extractor: FieldExtractor = FieldExtractor(
            self.settings.spacy_model, self.settings.model_dir
        )

    def _ocr(self) -> OcrSettings:
        from kpo.extractors.ocr import OcrSettings

        return OcrSettings(languages=self.settings.ocr_languages)

    def _message(self, doc: ExtractedDocument, needs_ocr: bool) -> str | None:
        """What a reader of the results should know about a document that was read."""
        notes = [Errors.E316] if doc.meta.repaired else []
        if needs_ocr:
            notes.append(self._ocr_message(doc))
        return " ".join(notes) or None

    def _ocr_message(self, doc: ExtractedDocument) -> str:
        """Why pages still need OCR: Tesseract is missing, or it did not get through them."""
        from kpo.extractors.ocr import ocr_engine

        pages = sum(p.needs_ocr for p in doc.pages)
        if self._ocr_available is None:
            self._ocr_available = ocr_engine(self._ocr()) is not None
        if not self._ocr_available:
            return Errors.E311.format(pages=pages)
        limit_s = self.settings.limits.timeout_for(doc.meta.page_count)
        return Errors.E315.format(pages=pages, limit_s=limit_s)

    def _extract(self, file: InputFile) -> ExtractedDocument | Failure:
        if self._sandbox is not None:
            return self._sandbox.extract(file)
        from kpo.extractors.sandbox import extract_in_process

        return extract_in_process(file, self.settings.limits, self._ocr())

    def __call__(self, file: InputFile) -> DocumentResult:
        if file.problem is not None:  # never opened (a FIFO could block forever)
            return problem_result(file)
        start = time.perf_counter()
        extracted = self._extract(file)
        if isinstance(extracted, Failure):
            return failed_result(file, extracted, time.perf_counter() - start)
        try:
            result = self._analyse(file, extracted)
        except Exception as exc:
            if self.strict:
                raise
            # kpo's own errors say what is wrong and never quote the document (a model file
            # of this type that cannot be loaded: E202); others are named, not shown
            why = type(exc).__name__
            if isinstance(exc, ModelError):
                why = f"{why}: {exc}"
            failure = Failure(
                file.doc_id, file.path, "analyse", ReasonCode.INTERNAL,
                Errors.E314.format(stage="analyse", why=why),
            )  # fmt: skip
            return failed_result(file, failure, time.perf_counter() - start)
        return replace(result, seconds=time.perf_counter() - start)

    def _analyse(self, file: InputFile, doc: ExtractedDocument) -> DocumentResult:
        t0 = time.perf_counter()
        classification = self.classifier(doc)
        t1 = time.perf_counter()
        fields = self.field_extractor(doc, classification.doc_type)
        t2 = time.perf_counter()
        review = route(file.doc_id, classification, fields, self.settings.review)
        needs_ocr = doc.needs_ocr
        return DocumentResult(
            doc_id=file.doc_id,
            path=file.path,
            size_bytes=file.size_bytes,
            status="needs_ocr" if needs_ocr else "ok",
            reason=ReasonCode.NEEDS_OCR if needs_ocr else None,
            message=self._message(doc, needs_ocr),
            meta=doc.meta,
            pages=doc.pages,
            classification=classification,
            fields=fields,
            review=review,
            timings=(("extract", doc.seconds), ("classify", t1 - t0), ("fields", t2 - t1)),
        )

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()

    def __enter__(self) -> DocumentProcessor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
