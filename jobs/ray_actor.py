"""The Ray actor of a batch: one ``DocumentProcessor`` in a Ray worker process.

A result comes back as one plain pickle (bytes) rather than as an object for Ray to
serialize: Ray's serializer (cloudpickle) visits every object of a result in Python,
thousands of words a document, which cost each actor about 6 ms a document more than
the Pool's pickling (measured in benchmarks/bench_run.py's batch: actors 10.6 CPU-s
against the Pool workers' 9.9). The bytes come from the actors ``RayExecutor`` started,
the same trust as Ray's own deserialization.
"""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from dataclasses import replace
from pathlib import Path

import ray

from kpo.pipeline import DocumentProcessor
from kpo.records import DocumentResult, InputFile
from kpo.settings import PipelineSettings


class ProcessorActor:
    """A Ray actor around ``DocumentProcessor`` (the stage knows nothing of Ray)."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.processor = DocumentProcessor(settings)
        self.scratch = Path(tempfile.mkdtemp(prefix="kpo-actor-"))
        # the models (hundreds of thousands of objects) live as long as the worker: out of
        # the collector's sight, so a document's many short-lived records do not make
        # every full collection walk them again
        gc.freeze()

    def ready(self) -> tuple[str, int, int]:
        """Where the actor runs: its node's id, its process id and its niceness."""
        pid = os.getpid()
        return ray.get_runtime_context().get_node_id(), pid, os.getpriority(os.PRIO_PROCESS, pid)

    def process(self, file: InputFile, data: bytes | None = None) -> bytes:
        """The ``DocumentResult`` of ``file``, pickled (the module docstring says why)."""
        return pickle.dumps(self._process(file, data), protocol=pickle.HIGHEST_PROTOCOL)

    def _process(self, file: InputFile, data: bytes | None) -> DocumentResult:
        if data is None:
            return self.processor(file)
        local = self.scratch / f"{file.doc_id}.pdf"
        local.write_bytes(data)
        try:
            result = self.processor(replace(file, path=str(local)))
        finally:
            local.unlink(missing_ok=True)
        return replace(result, path=file.path)

    def close(self) -> None:
        self.processor.close()
