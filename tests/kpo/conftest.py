"""Review-queue fixtures: the same tests run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from kpo.review.queue import open_review
from kpo.review.service import ReviewService


def _load_pg() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kpo_tests_pg", Path(__file__).with_name("pg.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pg = _load_pg()
_db_names = itertools.count()


class FakeClock:
    """A clock the test moves by hand (Unix seconds)."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    bin_dir = pg.find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; set KPO_PG_BIN")
    with pg.pg_server(bin_dir) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def queue_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty queue location: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "review.sqlite")
    server = request.getfixturevalue("postgres_server")
    return str(pg.create_database(server, f"kpo_test_{next(_db_names)}"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def review(queue_db: str, tmp_path: Path, clock: FakeClock) -> Iterator[ReviewService]:
    """A ReviewService on ``queue_db`` with a hand-moved clock."""
    service = open_review(queue_db, tmp_path)
    service.clock = clock
    yield service
    service.close()


@pytest.fixture(scope="session")
def deliver_sample() -> ModuleType:
    """tests/kpo/deliver_sample.py: a small batch with review decisions, built from records."""
    name = "kpo_tests_deliver_sample"
    if name not in sys.modules:
        path = Path(__file__).with_name("deliver_sample.py")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]
