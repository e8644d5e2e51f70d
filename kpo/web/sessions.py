"""Server-side sessions: the cookie holds a random id; everything else stays on the server.

A session keeps the user's name, its CSRF token, the claim tokens of the items the
user holds (so a claim token never reaches the browser), the last queue filters per
client, and one flash message. Sessions live in the review queue's database (the
``web_sessions`` table, schema version 4; SQLite in the workspace or PostgreSQL with
``--db``), so they survive a restart of ``kpo serve`` and are shared by every server
process on the same database. A row is keyed by the sha256 of the session id: the raw
id lives only in the browser's cookie, so a copy of the database holds no live session.

Sessions expire ``ttl_s`` after creation; expired rows are deleted lazily (when one
is looked up, and whenever a session is created). A request changes a ``Session`` in
memory and then calls ``SessionStore.save``, which applies that request's changes to
the stored row (so two requests of one session do not undo each other's claims);
saving a session that was dropped meanwhile (logout elsewhere) does not bring it back.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from kpo.review.sql import Row
from kpo.review.store import Store

COOKIE_NAME = "kpo_session"
CSRF_FIELD = "csrf_token"
_COLUMNS = "user_name, csrf, claims, filters, flash, expires_at"
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class _Saved:
    """The mutable part of a session as it was read from the database."""

    claims: dict[int, str]
    filters: dict[str, dict[str, str]]
    flash: str | None


@dataclass
class Session:
    """One browser's session, as read for one request; ``SessionStore.save`` stores changes."""

    session_id: str
    csrf: str
    expires_at: float
    user: str | None = None
    claims: dict[int, str] = field(default_factory=dict)
    filters: dict[str, dict[str, str]] = field(default_factory=dict)
    flash: str | None = None
    saved: _Saved = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.saved = self.snapshot()

    def snapshot(self) -> _Saved:
        """A deep copy of what a request may change (claims, filters, flash)."""
        filters = {c: dict(f) for c, f in self.filters.items()}
        return _Saved(dict(self.claims), filters, self.flash)

    @property
    def changed(self) -> bool:
        return self.snapshot() != self.saved

    def csrf_ok(self, given: str | None) -> bool:
        """Is ``given`` this session's CSRF token (compared in constant time)?"""
        return bool(given) and secrets.compare_digest(self.csrf, str(given))

    def pop_flash(self) -> str | None:
        message, self.flash = self.flash, None
        return message


def session_key(session_id: str) -> str:
    """The database key of a session id: its sha256, hex (the id itself is never stored)."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def merged(stored: dict[K, V], base: dict[K, V], mine: dict[K, V]) -> dict[K, V]:
    """``stored`` with one request's changes (from ``base`` to ``mine``) applied on top."""
    out = {k: v for k, v in stored.items() if not (k in base and k not in mine)}
    out.update({k: v for k, v in mine.items() if base.get(k) != v})
    return out


def _from_row(session_id: str, row: Row) -> Session:
    user, csrf, claims, filters, flash, expires_at = row
    held = {int(k): str(v) for k, v in json.loads(claims).items()}
    return Session(session_id, csrf, float(expires_at), user, held, json.loads(filters), flash)


def _dump_claims(claims: dict[int, str]) -> str:
    return json.dumps({str(k): v for k, v in claims.items()}, sort_keys=True)


class SessionStore:
    """Sessions in a review queue's ``web_sessions`` table, expiring ``ttl_s`` after creation.

    Every method takes the request's ``Store`` (one connection per request and thread).
    """

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.time) -> None:
        self.ttl_s = ttl_s
        self.clock = clock

    def new(self, store: Store, user: str | None = None) -> Session:
        """A fresh session with new id and CSRF token, stored (expired rows are deleted)."""
        now = self.clock()
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        session = Session(session_id, csrf, now + self.ttl_s, user)
        row = [session_key(session_id), user, csrf, "{}", "{}", None, session.expires_at, now]
        with store.transaction():
            store.conn.execute("DELETE FROM web_sessions WHERE expires_at <= ?", [now])
            store.conn.execute(
                f"INSERT INTO web_sessions (session_key, {_COLUMNS}, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        return session

    def get(self, store: Store, session_id: str | None) -> Session | None:
        """The live session with this id, or None (an expired one is deleted)."""
        if not session_id:
            return None
        key = session_key(session_id)
        sql = f"SELECT {_COLUMNS} FROM web_sessions WHERE session_key = ?"
        rows = store.conn.execute(sql, [key])
        if not rows:
            return None
        if float(rows[0][5]) <= self.clock():
            store.conn.execute("DELETE FROM web_sessions WHERE session_key = ?", [key])
            return None
        return _from_row(session_id, rows[0])

    def save(self, store: Store, session: Session) -> None:
        """Store the claims, filters and flash this request changed; nothing if none changed.

        A session dropped meanwhile (logout in another request) stays dropped.
        """
        if not session.changed:
            return
        key = session_key(session.session_id)
        lock = " FOR UPDATE" if store.conn.dialect == "postgresql" else ""
        with store.transaction():
            sql = f"SELECT {_COLUMNS} FROM web_sessions WHERE session_key = ?{lock}"
            rows = store.conn.execute(sql, [key])
            if rows:
                self._update(store, key, _from_row(session.session_id, rows[0]).saved, session)
        session.saved = session.snapshot()

    @staticmethod
    def _update(store: Store, key: str, stored: _Saved, session: Session) -> None:
        base, mine = session.saved, session.snapshot()
        claims = merged(stored.claims, base.claims, mine.claims)
        filters = merged(stored.filters, base.filters, mine.filters)
        flash = mine.flash if mine.flash != base.flash else stored.flash
        store.conn.execute(
            "UPDATE web_sessions SET claims = ?, filters = ?, flash = ? WHERE session_key = ?",
            [_dump_claims(claims), json.dumps(filters, sort_keys=True), flash, key],
        )

    def drop(self, store: Store, session_id: str) -> None:
        """Delete the session's row (logout; a login's anonymous session)."""
        key = session_key(session_id)
        store.conn.execute("DELETE FROM web_sessions WHERE session_key = ?", [key])
