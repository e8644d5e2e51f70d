"""What ``kpo run`` is asked to do (``BatchRequest``, validated) and the executor it gets.

``make_executor`` runs a batch in this process (``workers == 0``) or on Ray, found by
name among the ``kpo.executors`` entry points (kpo/executors.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kpo.errors import ConfigError, Errors
from kpo.executors import Executor, LocalExecutor, batch_engine
from kpo.settings import PipelineSettings, validate_name
from kpo.workspace import new_batch_id

MAX_NICENESS = 19  # the largest niceness Linux gives a process
DEFAULT_KEEP_WARM_S = 600.0  # a cluster's workers, idle after a batch
MAX_KEEP_WARM_S = 7 * 24 * 3600.0


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
    review_db: str | None = None  # review queue: None for the workspace's SQLite file
    # how much nicer than this process the workers of kpo's local Ray run (None: 0, the
    # same priority; Ray's own default is 15). Not for a cluster: set it where it starts
    niceness: int | None = None
    # with ray_address: how long the cluster's workers stay up idle after the batch, models
    # loaded, for the next batch with the same settings (None: 600 s; 0: they stop with it)
    keep_warm_s: float | None = None

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
        self._check_niceness()
        self._check_keep_warm()

    def _check_keep_warm(self) -> None:
        if self.keep_warm_s is None:
            return
        if not 0 <= self.keep_warm_s <= MAX_KEEP_WARM_S:
            why = f"must be 0 to {MAX_KEEP_WARM_S:g} seconds (0: the workers stop with the batch)"
            raise ConfigError(Errors.E002.format(key="keep_warm", value=self.keep_warm_s, why=why))
        if self.keep_warm_s and not self.ray_address:
            why = (
                "workers are kept warm on a cluster (--ray-address) only: the local Ray "
                "that kpo starts ends with the batch"
            )
            raise ConfigError(Errors.E002.format(key="keep_warm", value=self.keep_warm_s, why=why))

    @property
    def keep_warm(self) -> float:
        """Seconds the workers stay up after the batch (0 without a cluster)."""
        if not self.ray_address:
            return 0.0
        return DEFAULT_KEEP_WARM_S if self.keep_warm_s is None else self.keep_warm_s

    def _check_niceness(self) -> None:
        if self.niceness is None:
            return
        if not 0 <= self.niceness <= MAX_NICENESS:
            why = f"must be 0 to {MAX_NICENESS} (0: the priority of 'kpo run' itself)"
            raise ConfigError(Errors.E002.format(key="niceness", value=self.niceness, why=why))
        if self.ray_address or self.workers == 0:
            why = (
                "it sets the priority of the workers of the local Ray that kpo starts; a "
                "cluster's workers take RAY_worker_niceness from where 'ray start' runs, "
                "and --workers 0 runs in this process"
            )
            raise ConfigError(Errors.E002.format(key="niceness", value=self.niceness, why=why))


def make_executor(request: BatchRequest, settings: PipelineSettings, documents: int) -> Executor:
    """In-process for ``workers == 0``, else Ray (local, or the cluster at ``ray_address``).

    Never more Ray workers than documents: a one-document batch starts one actor.
    """
    if request.workers == 0:
        return LocalExecutor(settings)
    engine = batch_engine("ray")
    return engine(
        settings,
        workers=request.workers,
        address=request.ray_address,
        documents=documents,
        niceness=request.niceness or 0,
        keep_warm_s=request.keep_warm,
    )
