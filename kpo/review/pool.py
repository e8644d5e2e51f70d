"""A pool of PostgreSQL connections to one review queue, for a long-running server.

``kpo serve`` answers each request on its own connection. Opening one costs a TCP
(and TLS) handshake, authentication and the schema check under an advisory lock;
``PostgresPool`` migrates the schema once and lends connections from a
``psycopg_pool.ConnectionPool``, which checks each one before the loan and replaces
one that no longer works (after a database restart, say). A SQLite queue needs no pool.
"""

from __future__ import annotations

from kpo.errors import Errors, WorkspaceError
from kpo.review.postgres import PostgresConnection, redact
from kpo.review.service import ReviewService
from kpo.review.store import Store

DEFAULT_POOL_SIZE = 8
WAIT_S = 10.0  # a request waits this long for a free connection before failing (E402)


class PostgresPool:
    """Connections to the review queue at ``url``; ``service()`` borrows one per use."""

    def __init__(self, url: str, *, max_size: int = DEFAULT_POOL_SIZE) -> None:
        from psycopg_pool import ConnectionPool

        self.location = redact(url)
        PostgresConnection(url).close()  # create or migrate the schema, once
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            kwargs={"autocommit": True},
            open=True,
            check=ConnectionPool.check_connection,
            timeout=WAIT_S,
            name="kpo-review",
        )

    def service(self, *, lease_s: float) -> ReviewService:
        """A ``ReviewService`` on a borrowed connection; closing it gives the connection back."""
        from psycopg_pool import PoolTimeout

        try:
            db = self._pool.getconn()
        except PoolTimeout as exc:
            raise WorkspaceError(Errors.E402.format(path=self.location, why=exc)) from exc
        connection = PostgresConnection.borrowed(db, self.location, self._pool.putconn)
        return ReviewService(Store(connection), lease_s=lease_s)

    def close(self) -> None:
        self._pool.close()
