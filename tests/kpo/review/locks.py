"""What the race tests of the review queue wait on: a second session blocked on a row lock."""

from __future__ import annotations

import time

from kpo.review.queue import is_postgres


def wait_until_blocked(location: str) -> None:
    """Until another session waits for a row lock (PostgreSQL); SQLite's waits cannot be seen."""
    if not is_postgres(location):
        time.sleep(0.3)
        return
    import psycopg

    sql = (
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )
    with psycopg.connect(location, autocommit=True) as db:
        deadline = time.monotonic() + 10
        while (row := db.execute(sql).fetchone()) and row[0] == 0:
            assert time.monotonic() < deadline, "the second session never waited for the row"
            time.sleep(0.01)
