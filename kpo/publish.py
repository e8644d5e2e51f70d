"""Publish a batch: its journal becomes Parquet, its review items are queued, then it appears.

The order is what keeps unreviewed values from reaching a client: the batch folder
is renamed into place only after its review items are in the queue. When queueing
fails (a locked or corrupt queue, a full disk, a lost database), nothing is
published and the staging folder keeps the journal, so running the same batch again
resumes it and publishes it then (E406 says so). A kill between queueing and the
rename is safe too: queueing again replaces the batch's undecided items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from kpo.batch import BatchRequest
from kpo.errors import Errors, WorkspaceError
from kpo.journal import Journal, JournalEntry
from kpo.pipeline import duplicate_result, problem_result
from kpo.records import DocumentResult, InputFile, ReviewItem
from kpo.review.queue import open_review, queue_location
from kpo.rows import result_rows
from kpo.schema import TABLES_BY_NAME
from kpo.staging import Staging
from kpo.summary import BatchSummary
from kpo.textsafe import clean_optional, escape_path
from kpo.workspace import Workspace, writing
from kpo.writer import BatchWriter


def _unprocessed(files: Sequence[InputFile]) -> Iterator[tuple[DocumentResult, str | None]]:
    """The rows no worker makes: entries ingest could not take, and duplicates (with the
    path of their first copy)."""
    first_of = {f.doc_id: f.path for f in files if f.duplicate_of is None}
    for file in files:
        if file.problem is not None:
            yield problem_result(file), None
    for file in files:
        if file.duplicate_of is not None and file.problem is None:
            yield duplicate_result(file), first_of.get(file.doc_id)


def queue_review(
    request: BatchRequest, workspace: Workspace, entries: Sequence[JournalEntry]
) -> None:
    """Queue the batch's review items (replacing its undecided ones); E406 if that fails."""
    items: list[tuple[str, ReviewItem]] = [
        (escape_path(entry.path)[0], replace(item, value=clean_optional(item.value)))
        for entry in entries
        for item in entry.review
    ]
    location = queue_location(request.review_db, workspace.root)
    try:
        with open_review(request.review_db, workspace.root) as queue:
            queue.add_batch(request.client, request.batch_id, items)
    except Exception as exc:  # any failure: the batch must not be published
        why = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        shown = _redacted(location)
        raise WorkspaceError(
            Errors.E406.format(
                batch=request.batch_id,
                client=request.client,
                items=len(items),
                queue=shown,
                why=why,
            )
        ) from exc


def _redacted(location: str) -> str:
    from kpo.review.postgres import redact

    return redact(location)


def publish_batch(
    request: BatchRequest,
    workspace: Workspace,
    staging: Staging,
    journal: Journal,
    files: Sequence[InputFile],
    summary: BatchSummary,
    record: Callable[[JournalEntry], None],
) -> None:
    """Stage the Parquet files and manifest, queue the review items, then move the batch
    into place. ``record`` counts the rows no worker made (``_unprocessed``)."""
    with writing(workspace.root):
        base = {"client": request.client, "batch_id": request.batch_id}
        writer = BatchWriter(staging.final_dir, base, staging=staging.out_dir)
        for name in TABLES_BY_NAME:
            writer.add_batches(name, journal.batches(name))
        for result, first in _unprocessed(files):
            writer.add(result_rows(request.client, request.batch_id, result, first))
            record(JournalEntry.of(result))
        writer.stage({"summary": summary.as_dict(), "model_versions": summary.model_versions})
    queue_review(request, workspace, journal.entries)
    with writing(workspace.root):
        staging.publish()
