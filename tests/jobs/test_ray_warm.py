"""Warm workers on a cluster: reused by the next batch, stopped when idle, giving way."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kpo.jobs.ray_warm import IdleWatch, warm_name
from kpo.settings import Limits, PipelineSettings

from .ray_cluster import ray_cluster
from .test_ray_executor import RAY_DEFAULT_NICENESS, kpo_run


def _stopper() -> tuple[threading.Event, IdleWatch]:
    stopped = threading.Event()
    return stopped, IdleWatch(0.3, stopped.set)


def test_an_idle_worker_stops_itself() -> None:
    stopped, _ = _stopper()
    assert stopped.wait(5)


def test_a_worker_at_work_does_not_stop_however_long_it_takes() -> None:
    stopped, watch = _stopper()
    with watch.working():
        assert not stopped.wait(1.0)
    assert stopped.wait(5)


def test_a_new_batch_renews_the_idle_limit() -> None:
    stopped, watch = _stopper()
    watch.touch(60.0)
    assert not stopped.wait(1.0) and watch.idle_for() is not None


def test_workers_of_other_settings_or_other_models_have_other_names(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "classifier.skops").write_bytes(b"one")
    settings = PipelineSettings(model_dir=str(models))
    first = warm_name(settings, 0)
    assert warm_name(settings, 0) == first != warm_name(settings, 1)
    other = PipelineSettings(model_dir=str(models), limits=Limits(timeout_s=9))
    assert warm_name(other, 0) != first
    (models / "classifier.skops").write_bytes(b"retrained")
    assert warm_name(settings, 0) != first


@pytest.mark.ray
@pytest.mark.slow
def test_the_next_batch_finds_the_workers_warm_and_idle_ones_give_way(
    inputs: Path, tmp_path: Path
) -> None:
    with ray_cluster(tmp_path, nodes=1) as cluster:  # one CPU: one worker at a time

        def run(name: str, *extra: str) -> dict:
            summary = kpo_run(inputs, tmp_path / name, "--ray-address", cluster.address,
                              *extra, env=cluster.env)  # fmt: skip
            assert summary["failed"] == 2  # the truncated sample and the text file, as always
            return dict(summary["executor"])

        assert run("a", "--keep-warm", "900")["reused"] == 0
        assert run("b", "--keep-warm", "900") == {
            "kind": "ray-cluster", "workers": 1, "nodes": 1, "niceness": RAY_DEFAULT_NICENESS,
            "keep_warm_s": 900.0, "reused": 1,
        }  # fmt: skip
        # other settings: the idle warm worker of the first ones gives its CPU back at once
        # (it would hold it for 900 s, and a worker not up in 180 s is given up: E106)
        assert run("c", "--timeout", "90", "--keep-warm", "2")["reused"] == 0
        time.sleep(8)  # longer than c's worker waits idle
        assert run("d", "--timeout", "90", "--keep-warm", "0")["reused"] == 0
