"""The counts of one batch, for people (the summary table) and scripts (``--json``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kpo.journal import JournalEntry


@dataclass
class BatchSummary:
    """Counts of one batch; ``resumed`` documents were taken from an interrupted run's journal."""

    batch_id: str
    client: str
    output_dir: str
    documents: int = 0
    pages: int = 0
    succeeded: int = 0
    failed: int = 0
    duplicates: int = 0
    needs_ocr: int = 0
    resumed: int = 0  # taken from the journal of an interrupted run of this batch
    processed: int = 0  # analysed by this run's workers
    queued_for_review: int = 0
    documents_for_review: int = 0
    seconds: float = 0.0
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    failures_by_reason: Counter[str] = field(default_factory=Counter)
    review_by_reason: Counter[str] = field(default_factory=Counter)
    model_versions: dict[str, str] = field(default_factory=dict)
    executor: dict[str, Any] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def add(self, entry: JournalEntry) -> None:
        self.documents += 1
        self.pages += entry.pages
        self.by_status[entry.status] += 1
        self.succeeded += entry.status in ("ok", "needs_ocr")
        self.failed += entry.status == "failed"
        self.duplicates += entry.status == "duplicate"
        self.needs_ocr += entry.status == "needs_ocr"
        if entry.status == "failed" and entry.reason:
            self.failures_by_reason[entry.reason] += 1
        if entry.doc_type:
            self.by_type[entry.doc_type] += 1
        if entry.classifier_version:
            self.model_versions["classifier"] = entry.classifier_version
        if entry.fields_version:
            self.model_versions["fields"] = entry.fields_version
        self.queued_for_review += len(entry.review)
        self.documents_for_review += bool(entry.review)
        self.review_by_reason.update(item.reason for item in entry.review)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        for key, value in data.items():
            if isinstance(value, Counter):
                data[key] = dict(sorted(value.items()))
        return data
