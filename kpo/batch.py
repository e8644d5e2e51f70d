"""The library API of ``kpo run``: a batch of files in, Parquet and review items out.

``run_batch`` ingests the inputs and hands the unique files to an executor (in
process, or Ray workers from ``kpo.jobs``). Each result goes into the batch's journal
as soon as it comes back (kpo/journal.py), so a run that dies loses only the
documents in flight: running the same batch again resumes it. At the end the journal
becomes Parquet in the staging folder, the review items are queued, and only then is
the batch published, in one rename (kpo/publish.py): a batch is never visible with
its review items missing.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kpo import __version__
from kpo.batch_request import BatchRequest, make_executor
from kpo.errors import ConfigError, Errors
from kpo.executors import Executor, LocalExecutor
from kpo.ingest import ingest
from kpo.journal import Journal, JournalEntry
from kpo.records import InputFile
from kpo.rows import result_rows
from kpo.settings import PipelineSettings
from kpo.staging import Staging, stale_runs
from kpo.summary import BatchSummary
from kpo.workspace import Workspace, writing

__all__ = ["PROCESSING", "BatchRequest", "BatchSummary", "LocalExecutor", "run_batch"]

ProgressCallback = Callable[[JournalEntry, int, int], None]
PhaseCallback = Callable[[str], None]  # "reading inputs", "starting workers", PROCESSING
NoticeCallback = Callable[[str], None]  # a numbered message for the user (E012, E013, E014)
PROCESSING = "processing"  # the phase in which documents come back


def settings_fingerprint(client: str, settings: PipelineSettings) -> str:
    """What a resumed run must share with the run it resumes: kpo, client and settings."""
    text = f"{__version__}\n{client}\n{settings!r}"
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()


def _ignore(*_: object) -> None:
    """The callback used when the caller gives none."""


def tidy_stale_runs(
    workspace: Workspace, client: str, notice: NoticeCallback, running: str | None = None
) -> None:
    """Remove the staging folders of the client's dead runs that hold nothing to resume.

    Those with finished documents stay and get a notice (E014) saying how to resume them,
    except batch ``running``, which this run is about to resume (E012 says so).
    """
    client_dir = workspace.batches_root / client
    for run in stale_runs(client_dir):
        if run.resumable and run.batch_id == running:
            continue
        if run.resumable:
            notice(Errors.E014.format(batch=run.batch_id, client=client, done=run.done,
                                      path=run.path))  # fmt: skip
        else:
            shutil.rmtree(run.path, ignore_errors=True)
            notice(Errors.E013.format(path=run.path))


@dataclass
class _Run:
    """One run of a batch: what it was asked, where it writes, and what it has counted."""

    request: BatchRequest
    workspace: Workspace
    settings: PipelineSettings
    staging: Staging
    summary: BatchSummary
    on_progress: ProgressCallback
    started_at: float  # time.perf_counter() when run_batch began
    total: int = 0

    def record(self, entry: JournalEntry) -> None:
        self.summary.add(entry)
        self.on_progress(entry, self.summary.documents, self.total)


def run_batch(
    request: BatchRequest,
    *,
    executor: Executor | None = None,
    on_progress: ProgressCallback | None = None,
    on_phase: PhaseCallback | None = None,
    on_notice: NoticeCallback | None = None,
) -> BatchSummary:
    """Run a batch end to end, or resume it; return its summary. The batch appears atomically.

    ``on_phase`` hears each phase as it begins; ``on_progress`` each document done;
    ``on_notice`` each numbered notice (a resumed run, a dead run's folder removed).
    """
    start = time.perf_counter()
    workspace = Workspace(Path(request.workspace))
    out_dir = workspace.batch_dir(request.client, request.batch_id)
    notices: list[str] = []

    def notice(message: str) -> None:
        notices.append(message)
        (on_notice or _ignore)(message)

    with writing(workspace.root):
        tidy_stale_runs(workspace, request.client, notice, running=request.batch_id)
    if out_dir.exists():
        raise ConfigError(Errors.E006.format(batch=request.batch_id, client=request.client,
                                             workspace=workspace.root))  # fmt: skip
    (on_phase or _ignore)("reading inputs")
    files = ingest(request.inputs)
    settings = request.settings or workspace.pipeline_settings(request.client)
    _check_models(settings)
    staging = Staging(out_dir)
    with writing(workspace.root):
        staging.acquire(request.batch_id, request.client)
    try:
        summary = BatchSummary(request.batch_id, request.client, str(out_dir), notices=notices)
        run = _Run(request, workspace, settings, staging, summary, on_progress or _ignore, start)
        _execute(run, files, executor, on_phase or _ignore, notice)
    finally:
        staging.release()
    summary.seconds = time.perf_counter() - start
    summary.stage_seconds["stop"] = round(summary.seconds - sum(summary.stage_seconds.values()), 3)
    return summary


def _check_models(settings: PipelineSettings) -> None:
    """E201/E202 before anything runs, rather than every document failing (kpo.models.check)."""
    from kpo.models.check import check_models

    check_models(settings)


def _open_journal(run: _Run, todo: list[InputFile], notice: NoticeCallback) -> Journal:
    """The batch's journal: an interrupted run's, resumed when it ran with the same settings."""
    staging, request = run.staging, run.request
    fingerprint = settings_fingerprint(request.client, run.settings)
    with writing(run.workspace.root):
        if staging.meta().get("fingerprint") != fingerprint:
            staging.start_over({"fingerprint": fingerprint, "batch_id": request.batch_id})
        wanted = {(f.doc_id, f.path) for f in todo}
        journal = Journal(staging.journal_dir, lambda e: (e.doc_id, e.path) in wanted)
    if journal.entries:
        notice(Errors.E012.format(batch=request.batch_id, client=request.client,
                                  done=len(journal.entries)))  # fmt: skip
    return journal


def _execute(
    run: _Run,
    files: list[InputFile],
    executor: Executor | None,
    phase: PhaseCallback,
    notice: NoticeCallback,
) -> None:
    """Resume or start the journal, process what is left, then publish (kpo/publish.py)."""
    from kpo.publish import publish_batch

    todo = [f for f in files if f.duplicate_of is None and f.problem is None]
    journal = _open_journal(run, todo, notice)
    run.total, run.summary.resumed = len(files), len(journal.entries)
    for entry in journal.entries:
        run.record(entry)
    done = {(e.doc_id, e.path) for e in journal.entries}
    todo = [f for f in todo if (f.doc_id, f.path) not in done]
    stopping: Future[None] | None = None
    own = executor is None
    try:
        if todo:
            phase("starting workers")
            executor = executor or make_executor(run.request, run.settings, len(todo))
            run.summary.executor = executor.describe()
        started = time.perf_counter()
        phase(PROCESSING)
        _process(run, journal, executor, todo)
        processed = time.perf_counter()
        if own and executor is not None:  # the workers stop while the batch is written
            stopping, executor = _in_background(executor.close), None
        with writing(run.workspace.root):
            journal.close()
        publish_batch(
            run.request, run.workspace, run.staging, journal, files, run.summary, run.record
        )
        run.summary.stage_seconds = {
            "start": round(started - run.started_at, 3),  # ingest, resume, workers started
            "process": round(processed - started, 3),  # every document analysed
            "write": round(time.perf_counter() - processed, 3),  # review queued, published
        }
    finally:
        journal.close(quiet=True)
        if stopping is not None:
            stopping.result()
        elif own and executor is not None:
            executor.close()


def _process(run: _Run, journal: Journal, executor: Executor | None, todo: list[InputFile]) -> None:
    """Every result into the journal as it comes; a copy of each document with review items."""
    if executor is None or not todo:
        return
    request, workspace = run.request, run.workspace
    for result in executor.map(todo):
        entry = JournalEntry.of(result)
        with writing(workspace.root):
            journal.append(entry, result_rows(request.client, request.batch_id, result))
            if result.review:
                workspace.keep_document(request.client, result.doc_id, result.path)
        run.summary.processed += 1
        run.record(entry)


def _in_background(task: Callable[[], None]) -> Future[None]:
    """Run ``task`` in a thread of its own; ``result()`` waits for it and re-raises."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpo-stop")
    future = pool.submit(task)
    pool.shutdown(wait=False)
    return future
