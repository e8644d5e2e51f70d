"""Progress bar and summary table of a batch, for people (rich)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from kpo.batch import PROCESSING, BatchSummary, PhaseCallback, ProgressCallback
from kpo.journal import JournalEntry

T = TypeVar("T")


class BatchProgress:
    """A rich progress bar: documents done, documents/s, pages/s and ETA."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = self.progress.add_task("starting", total=None, rate="")
        self.start = time.perf_counter()
        self.pages = 0

    def phase_callback(self) -> PhaseCallback:
        """Shows the phase until documents come back; rates count from PROCESSING."""

        def on_phase(name: str) -> None:
            if name == PROCESSING:
                self.start = time.perf_counter()
            self.progress.update(self.task, description=name)

        return on_phase

    def callback(self) -> ProgressCallback:
        def on_result(entry: JournalEntry, done: int, total: int) -> None:
            self.pages += entry.pages
            elapsed = max(time.perf_counter() - self.start, 1e-6)
            rate = f"{done / elapsed:.1f} docs/s  {self.pages / elapsed:.1f} pages/s"
            self.progress.update(
                self.task, description="documents", completed=done, total=total, rate=rate
            )

        return on_result

    def __enter__(self) -> BatchProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.stop()


def with_progress(run: Callable[..., T], console: Console | None = None) -> T:
    """``run(on_progress=..., on_phase=...)`` under a ``BatchProgress`` bar (on stderr)."""
    with BatchProgress(console or Console(stderr=True)) as progress:
        return run(on_progress=progress.callback(), on_phase=progress.phase_callback())


def _counter_rows(table: Table, section: str, counts: dict[str, int]) -> None:
    for i, (key, value) in enumerate(sorted(counts.items())):
        table.add_row(section if i == 0 else "", key, str(value))


def summary_table(summary: BatchSummary) -> Table:
    """Counts by status, by type, failures by reason and review items by reason."""
    table = Table(title=f"Batch {summary.batch_id} ({summary.client})", show_lines=False)
    table.add_column("")
    table.add_column("")
    table.add_column("count", justify="right")
    table.add_row("documents", "", str(summary.documents))
    table.add_row("pages", "", str(summary.pages))
    _counter_rows(table, "by status", dict(summary.by_status))
    _counter_rows(table, "by type", dict(summary.by_type))
    _counter_rows(table, "failed, by reason", dict(summary.failures_by_reason))
    table.add_row("queued for review", "", str(summary.queued_for_review))
    _counter_rows(table, "review, by reason", dict(summary.review_by_reason))
    table.add_row("seconds", "", f"{summary.seconds:.1f}")
    return table
