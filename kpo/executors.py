"""The engines a batch runs on: in this process, or one registered by name (Ray's).

``Executor`` is what ``run_batch`` needs of an engine: map files to results as they
complete, describe itself, close. ``LocalExecutor`` runs the pipeline in this
process. Other engines are found by name among the ``kpo.executors`` entry points
(pyproject.toml registers ``ray``, kpo/jobs/ray_executor.py), so the core never
imports kpo.jobs: imports flow from the engine to the core only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import entry_points
from typing import Any, Protocol

from kpo.errors import ConfigError, Errors
from kpo.pipeline import DocumentProcessor
from kpo.records import DocumentResult, InputFile
from kpo.settings import PipelineSettings

__all__ = ["ENGINES", "Executor", "LocalExecutor", "batch_engine"]

ENGINES = "kpo.executors"  # entry-point group of the batch engines (pyproject.toml)


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


def batch_engine(name: str) -> Callable[..., Executor]:
    """The executor class registered as ``name`` under the ``kpo.executors`` entry points.

    The core names no engine: Ray's executor lives in kpo/jobs/ (the only code that talks
    to Ray) and pyproject.toml registers it, so imports flow from jobs to the core only.
    """
    found = entry_points(group=ENGINES, name=name)
    if not found:
        known = sorted(e.name for e in entry_points(group=ENGINES)) or "none"
        raise ConfigError(Errors.E023.format(name=name, group=ENGINES, found=known))
    engine: Callable[..., Executor] = next(iter(found)).load()
    return engine
