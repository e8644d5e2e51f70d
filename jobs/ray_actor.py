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
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import ray

from kpo.jobs.ray_warm import IdleWatch
from kpo.pipeline import DocumentProcessor
from kpo.records import DocumentResult, InputFile
from kpo.settings import PipelineSettings


class ProcessorActor:
    """A Ray actor around ``DocumentProcessor`` (the stage knows nothing of Ray).

    ``keep_warm_s`` (a warm worker of a cluster, ``kpo.jobs.ray_warm``): the actor stops
    itself once it has had no work for that long; None: it lives until it is killed.
    """

    def __init__(self, settings: PipelineSettings, keep_warm_s: float | None = None) -> None:
        self.processor = DocumentProcessor(settings)
        self.scratch = Path(tempfile.mkdtemp(prefix="kpo-actor-"))
        self.batches = 0  # batches that have asked whether it is ready
        self.watch = IdleWatch(keep_warm_s, self._expire) if keep_warm_s else None
        # the models (hundreds of thousands of objects) live as long as the worker: out of
        # the collector's sight, so a document's many short-lived records do not make
        # every full collection walk them again
        gc.freeze()

    @ray.method(concurrency_group="control")  # answers while another batch's document runs
    def ready(self, keep_warm_s: float | None = None) -> tuple[str, int, int, int]:
        """Where the actor runs (its node's id, process id and niceness) and how many
        batches it served before this one; ``keep_warm_s`` renews its idle limit."""
        pid = os.getpid()
        if self.watch is not None:
            self.watch.touch(keep_warm_s)
        self.batches += 1
        node = ray.get_runtime_context().get_node_id()
        return node, pid, os.getpriority(os.PRIO_PROCESS, pid), self.batches - 1

    @ray.method(concurrency_group="control")
    def idle_for(self) -> float | None:
        """Seconds without work (None while a document runs, or for a batch's own worker)."""
        return self.watch.idle_for() if self.watch is not None else None

    def process(self, file: InputFile, data: bytes | None = None) -> bytes:
        """The ``DocumentResult`` of ``file``, pickled (the module docstring says why)."""
        with self.watch.working() if self.watch is not None else nullcontext():
            return pickle.dumps(self._process(file, data), protocol=pickle.HIGHEST_PROTOCOL)

    def _expire(self) -> None:
        """Idle too long: stop the sandbox child, then this process (Ray marks it dead)."""
        self.close()
        os._exit(0)

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
