"""The engines a batch runs on: found by name among the installed entry points."""

from __future__ import annotations

import pytest

from kpo.errors import ConfigError
from kpo.executors import batch_engine


def test_the_ray_engine_is_registered_and_is_the_jobs_executor() -> None:
    engine = batch_engine("ray")
    assert engine.__module__ == "kpo.jobs.ray_executor"
    assert all(callable(getattr(engine, name, None)) for name in ("map", "describe", "close"))


def test_an_unknown_engine_is_a_numbered_error_that_names_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"E023 .*'dask'.*\['ray'\].*make install"):
        batch_engine("dask")
