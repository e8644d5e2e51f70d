"""The library API of ``kpo run``: a batch of files in, Parquet and review items out.

``run_batch`` ingests the inputs, hands the unique files to an executor (in
process, or Ray workers from ``kpo.jobs``), streams every result into the batch
writer, publishes the batch atomically and then queues its review items.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kpo.errors import ConfigError, Errors
from kpo.ingest import ingest
from kpo.pipeline import DocumentProcessor, duplicate_result, problem_result
from kpo.records import DocumentResult, InputFile
from kpo.review_queue import ReviewQueue
from kpo.rows import result_rows
from kpo.settings import PipelineSettings, validate_name
from kpo.workspace import Workspace, new_batch_id

if TYPE_CHECKING:
    from kpo.writer import BatchWriter

ProgressCallback = Callable[[DocumentResult, int, int], None]
PhaseCallback = Callable[[str], None]  # "reading inputs", "starting workers", PROCESSING
PROCESSING = "processing"  # the phase in which documents come back


class Executor(Protocol):
    """Runs the document pipeline over files; yields results as they complete."""

    def map(self, files: Sequence[InputFile]) -> Iterator[DocumentResult]: ...

    def describe(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Runs the pipeline in this process, one document after another (no Ray)."""

    def __init__(self, settings: PipelineSettings, *, sandbox: bool = True) -> None:
        self.processor = DocumentProcessor(settings, sandbox=sandbox)

    def map(self, files: Sequence[InputFile]) -> Iterator[DocumentResult]:
        for file in files:
            yield self.processor(file)

    def describe(self) -> dict[str, Any]:
        return {"kind": "in-process", "workers": 1, "nodes": 1}

    def close(self) -> None:
        self.processor.close()


@dataclass(frozen=True)
class BatchRequest:
    """What to run: inputs, client, and where and how."""

    inputs: Sequence[str | Path]
    client: str
    workspace: Path
    batch_id: str = field(default_factory=new_batch_id)
    # None: as many as this machine has CPUs, or with ray_address as the cluster has;
    # 0: in this process, without Ray
    workers: int | None = None
    ray_address: str | None = None
    settings: PipelineSettings | None = None  # None: read from the workspace for the client

    def __post_init__(self) -> None:
        validate_name(self.client)
        validate_name(self.batch_id, kind="batch")
        if self.workers is not None and self.workers < 0:
            raise ConfigError(
                Errors.E002.format(key="workers", value=self.workers, why="must be 0 or more")
            )
        if self.workers == 0 and self.ray_address:
            why = (
                "0 runs the batch in this process, without Ray, so it cannot go with a Ray "
                f"address ({self.ray_address}); give a number of workers, or none for one "
                "per CPU of the cluster"
            )
            raise ConfigError(Errors.E002.format(key="workers", value=0, why=why))


@dataclass
class BatchSummary:
    """Counts of one batch, for people and for ``--json``."""

    batch_id: str
    client: str
    output_dir: str
    documents: int = 0
    pages: int = 0
    succeeded: int = 0
    failed: int = 0
    duplicates: int = 0
    needs_ocr: int = 0
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

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.pages += len(result.pages)
        self.by_status[result.status] += 1
        self.succeeded += result.status in ("ok", "needs_ocr")
        self.failed += result.status == "failed"
        self.duplicates += result.status == "duplicate"
        self.needs_ocr += result.status == "needs_ocr"
        if result.status == "failed" and result.reason:
            self.failures_by_reason[str(result.reason)] += 1
        if result.classification:
            self.by_type[result.classification.doc_type] += 1
            self.model_versions["classifier"] = result.classification.model_version
        if result.fields:
            self.model_versions["fields"] = result.fields.model_version
        self.queued_for_review += len(result.review)
        self.documents_for_review += bool(result.review)
        self.review_by_reason.update(item.reason for item in result.review)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        for key, value in data.items():
            if isinstance(value, Counter):
                data[key] = dict(sorted(value.items()))
        return data


def make_executor(request: BatchRequest, settings: PipelineSettings, documents: int) -> Executor:
    """In-process for ``workers == 0``, else Ray (local, or the cluster at ``ray_address``).

    Never more Ray workers than documents: a one-document batch starts one actor.
    """
    if request.workers == 0:
        return LocalExecutor(settings)
    from kpo.jobs.ray_executor import RayExecutor

    return RayExecutor(
        settings, workers=request.workers, address=request.ray_address, documents=documents
    )


def run_batch(
    request: BatchRequest,
    *,
    executor: Executor | None = None,
    on_progress: ProgressCallback | None = None,
    on_phase: PhaseCallback | None = None,
) -> BatchSummary:
    """Run a batch end to end; return its summary. The batch appears atomically.

    ``on_phase`` hears each phase as it begins; ``on_progress`` each document done.
    """
    phase = on_phase or (lambda name: None)
    start = time.perf_counter()
    workspace = Workspace(Path(request.workspace))
    out_dir = workspace.batch_dir(request.client, request.batch_id)
    if out_dir.exists():
        raise ConfigError(
            Errors.E006.format(
                batch=request.batch_id, client=request.client, workspace=workspace.root
            )
        )
    phase("reading inputs")
    files = ingest(request.inputs)
    settings = request.settings or workspace.pipeline_settings(request.client)
    summary = BatchSummary(request.batch_id, request.client, str(out_dir))
    own_executor = executor is None
    unique = sum(f.duplicate_of is None for f in files)
    phase("starting workers")
    executor = executor or make_executor(request, settings, unique)
    summary.executor = executor.describe()
    started = time.perf_counter()
    phase(PROCESSING)
    stopping: Future[None] | None = None
    try:
        writer, review = _process(request, files, executor, summary, out_dir, on_progress)
        processed = time.perf_counter()
        if own_executor:  # the workers stop while the batch is written
            stopping = _in_background(executor.close)
        writer.commit({"summary": summary.as_dict(), "model_versions": summary.model_versions})
        with ReviewQueue(workspace.queue_path) as queue:
            queue.add_batch(request.client, request.batch_id, review)
    finally:
        written = time.perf_counter()
        if stopping is not None:
            stopping.result()
        elif own_executor:
            executor.close()
    summary.seconds = time.perf_counter() - start
    summary.stage_seconds = {
        "start": round(started - start, 3),  # ingest, and workers started
        "process": round(processed - started, 3),  # every document analysed
        "write": round(written - processed, 3),  # Parquet published, review items queued
        "stop": round(summary.seconds - (written - start), 3),  # rest of the workers' stop
    }
    return summary


def _in_background(task: Callable[[], None]) -> Future[None]:
    """Run ``task`` in a thread of its own; ``result()`` waits for it and re-raises."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpo-stop")
    future = pool.submit(task)
    pool.shutdown(wait=False)
    return future


def _process(
    request: BatchRequest,
    files: list[InputFile],
    executor: Executor,
    summary: BatchSummary,
    out_dir: Path,
    on_progress: ProgressCallback | None,
) -> tuple[BatchWriter, list[tuple[str, Any]]]:
    """Every result into the (uncommitted) writer; returns it and the review items."""
    from kpo.writer import BatchWriter

    base = {"client": request.client, "batch_id": request.batch_id}
    writer = BatchWriter(out_dir, base)
    review: list[tuple[str, Any]] = []
    unique = [f for f in files if f.duplicate_of is None]
    duplicates = [f for f in files if f.duplicate_of is not None]
    first_of = {f.doc_id: f.path for f in unique}
    try:
        problems = [f for f in unique if f.problem is not None]
        unique = [f for f in unique if f.problem is None]
        results = itertools.chain(
            map(problem_result, problems), executor.map(unique), map(duplicate_result, duplicates)
        )
        for done, result in enumerate(results, start=1):
            dup = first_of.get(result.doc_id) if result.status == "duplicate" else None
            writer.add(result_rows(request.client, request.batch_id, result, dup))
            review.extend((result.path, item) for item in result.review)
            summary.add(result)
            if on_progress:
                on_progress(result, done, len(files))
    except BaseException:
        writer.abort()
        raise
    return writer, review
