"""A server's requests share a few PostgreSQL connections (``WebState.open``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kpo.web.auth import WebState
from kpo.web.settings import ServeSettings

pytestmark = pytest.mark.parametrize("queue_db", ["postgresql"], indirect=True)


@pytest.fixture
def state(queue_db: str, tmp_path: Path) -> Iterator[WebState]:
    made = WebState(ServeSettings(workspace=tmp_path, db=queue_db, db_pool_size=2))
    yield made
    made.close()


def _backend_pid(state: WebState) -> int:
    with state.open() as service:
        [(pid,)] = service.store.conn.execute("SELECT pg_backend_pid()")
        return int(pid)


def test_requests_reuse_the_pools_connections(state: WebState) -> None:
    pids = {_backend_pid(state) for _ in range(20)}
    assert 1 <= len(pids) <= 2  # 20 requests, at most db_pool_size connections


def test_a_closed_pool_is_made_again_on_the_next_request(state: WebState) -> None:
    before = _backend_pid(state)
    state.close()
    assert _backend_pid(state) != before  # a new connection from a new pool


def test_closing_a_service_twice_gives_its_connection_back_once(state: WebState) -> None:
    service = state.open()
    db = service.store.conn.raw()
    service.close()
    service.close()  # must not close the connection the pool holds again
    assert not db.closed
    assert len({_backend_pid(state) for _ in range(5)}) <= 2
