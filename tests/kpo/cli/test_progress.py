"""The progress bar a person sees while a batch runs."""

from __future__ import annotations

import io

from rich.console import Console

from kpo.cli.progress import BatchProgress


def test_the_bar_names_the_phase_until_documents_come_back() -> None:
    progress = BatchProgress(Console(file=io.StringIO()))
    on_phase = progress.phase_callback()
    descriptions = []
    for name in ("reading inputs", "starting workers", "processing"):
        on_phase(name)
        descriptions.append(progress.progress.tasks[0].description)
    assert descriptions == ["reading inputs", "starting workers", "processing"]
