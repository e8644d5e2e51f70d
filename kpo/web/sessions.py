"""Server-side sessions: the cookie holds a random id; everything else stays on the server.

A session keeps the user's name, its CSRF token, the claim tokens of the items the
user holds (so a claim token never reaches the browser), the last queue filters per
client, and one flash message. Sessions live in the server's memory: a restart logs
everyone out, and the items they held go back to the queue when their lease ends
(or when the same reviewer claims them again).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

COOKIE_NAME = "kpo_session"
CSRF_FIELD = "csrf_token"


@dataclass
class Session:
    """One browser's session (mutable server state, guarded by the store's lock)."""

    session_id: str
    csrf: str
    expires_at: float
    user: str | None = None
    claims: dict[int, str] = field(default_factory=dict)
    filters: dict[str, dict[str, str]] = field(default_factory=dict)
    flash: str | None = None

    def csrf_ok(self, given: str | None) -> bool:
        """Is ``given`` this session's CSRF token (compared in constant time)?"""
        return bool(given) and secrets.compare_digest(self.csrf, str(given))

    def pop_flash(self) -> str | None:
        message, self.flash = self.flash, None
        return message


class SessionStore:
    """Sessions by id, expiring ``ttl_s`` after creation; thread-safe."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.time) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self, user: str | None = None) -> Session:
        """A fresh session with new id and CSRF token."""
        session = Session(
            secrets.token_urlsafe(32), secrets.token_urlsafe(32), self.clock() + self.ttl_s, user
        )
        with self._lock:
            self._expire()
            self._sessions[session.session_id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        """The live session with this id, or None."""
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None and session.expires_at <= self.clock():
                del self._sessions[session_id]
                return None
            return session

    def drop(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def _expire(self) -> None:
        now = self.clock()
        for sid in [s for s, v in self._sessions.items() if v.expires_at <= now]:
            del self._sessions[sid]
