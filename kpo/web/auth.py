"""Who is asking: the session from the cookie, the user behind it, CSRF and client checks.

Every page runs inside ``signed_in(request)``, which opens the review queue for this
request, reads the session from it, reloads the user (so a removed user is out at
once), refuses a form whose CSRF token is not the session's, and saves the session's
changes when the page is done. An item or client the user may not see is answered
exactly like one that does not exist (404). Failed logins are counted per user name
in the same database (``FailedLogins``), so every server process shares the lockout.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.requests import Request

from kpo.errors import Errors, WorkspaceError
from kpo.review_model import QueueItem
from kpo.review_pool import PostgresPool
from kpo.review_queue import is_postgres, open_review, queue_location
from kpo.review_service import ReviewService
from kpo.review_store import Row, Store
from kpo.users import User, Users
from kpo.web.render_sandbox import Drawer
from kpo.web.sessions import COOKIE_NAME, Session, SessionStore
from kpo.web.settings import ServeSettings


class WebError(Exception):
    """A refusal shown to the user as a page with an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class LoginRequired(Exception):
    """No live session with a user: go to the login page."""


_ROW_LOCKS = (" FOR UPDATE", " FOR UPDATE SKIP LOCKED")  # PostgreSQL; SQLite locks the file
MAX_NAME_KEY = 64  # the longest user name (kpo.users); longer ones are keyed by their sha256
_COUNT_FAILURE = """
INSERT INTO login_failures (user_name, failures, last_failure) VALUES (?, 1, ?)
ON CONFLICT (user_name) DO UPDATE SET
    failures = CASE WHEN login_failures.last_failure <= ? THEN 1
                    ELSE login_failures.failures + 1 END,
    last_failure = excluded.last_failure
"""


def login_key(name: str) -> str:
    """The ``login_failures`` key of a name typed at login.

    Login compares the name exactly as typed, so the key is that name; one no user can
    have (over 64 characters, or with control characters) is keyed by its sha256, so
    that every key stays short and storable (PostgreSQL text holds no NUL).
    """
    if len(name) <= MAX_NAME_KEY and name.isprintable():
        return name
    return "sha256:" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()


class FailedLogins:
    """Failed logins per user name; after ``limit`` in a row, refuse for ``lockout_s``.

    The counts live in the review database (the ``login_failures`` table, schema
    version 5), so every ``kpo serve`` process on one database shares them and a
    restart forgets none. A failure more than ``lockout_s`` after the previous one
    starts a new count; a successful login deletes the name's row. Each method takes
    the request's ``Store``, as ``SessionStore`` does.
    """

    def __init__(self, limit: int, lockout_s: float, clock: Callable[[], float] = time.time):
        self.limit, self.lockout_s, self.clock = limit, lockout_s, clock

    def _wait(self, rows: list[Row]) -> int:
        """Seconds until the name of ``rows`` (its count and last failure) may try again."""
        if not rows:
            return 0
        count, last = int(rows[0][0]), float(rows[0][1])
        left = last + self.lockout_s - self.clock()
        return int(left) + 1 if count >= self.limit and left > 0 else 0

    def attempt(self, store: Store, name: str) -> int:
        """Count a login attempt before its password is checked; ``succeeded`` uncounts it.

        Returns the seconds to wait when ``name`` is locked (nothing is counted then).
        Checking and counting are one transaction (the row locked on PostgreSQL), so
        parallel guesses cannot slip in between: at most ``limit`` are let through.
        Rows older than the window are deleted.
        """
        now, key = self.clock(), login_key(name)
        stale = now - self.lockout_s
        lock, skip = ("", "") if store.conn.dialect != "postgresql" else _ROW_LOCKS
        with store.transaction():
            sql = f"SELECT failures, last_failure FROM login_failures WHERE user_name = ?{lock}"
            if wait := self._wait(store.conn.execute(sql, [key])):
                return wait
            store.conn.execute(_COUNT_FAILURE, [key, now, stale])
            store.conn.execute(
                "DELETE FROM login_failures WHERE user_name IN (SELECT user_name FROM "
                f"login_failures WHERE last_failure <= ?{skip})",
                [stale],
            )
        return 0

    def succeeded(self, store: Store, name: str) -> None:
        """The password was right: the name's count goes."""
        sql = "DELETE FROM login_failures WHERE user_name = ?"
        store.conn.execute(sql, [login_key(name)])


class WebState:
    """What the application keeps between requests."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.sessions = SessionStore(settings.session_s)
        self.logins = FailedLogins(settings.max_failed_logins, settings.lockout_s)
        self.drawer = Drawer(settings.render_children)
        self._pool: PostgresPool | None = None
        self._pool_lock = threading.Lock()

    def open(self) -> ReviewService:
        """The review queue for one request (a connection is never shared by two requests).

        SQLite: a connection of its own. PostgreSQL: one borrowed from the server's pool
        (made on first use), given back when the service is closed.
        """
        settings = self.settings
        location = queue_location(settings.db, settings.workspace)
        if not is_postgres(location):
            return open_review(location, settings.workspace, lease_s=settings.lease_s)
        with self._pool_lock:
            if self._pool is None:
                self._pool = PostgresPool(location, max_size=settings.db_pool_size)
            pool = self._pool
        return pool.service(lease_s=settings.lease_s)

    def close(self) -> None:
        """Close the connection pool, if one was made, and stop the drawing children.

        The next request makes a new pool, or a new child.
        """
        self.drawer.close()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.kpo
    return state


@dataclass
class Ctx:
    """One signed-in request: the session, the user and the queue."""

    state: WebState
    session: Session
    user: User
    service: ReviewService

    def client(self, client: str) -> str:
        """``client`` if the user may see it; else 404 (as for a client that does not exist)."""
        if not self.user.sees(client):
            raise WebError(404, Errors.E608)
        return client

    def item(self, item_id: int) -> QueueItem:
        """The item if it exists and belongs to one of the user's clients; else 404."""
        try:
            item = self.service.show(item_id)
        except WorkspaceError:
            raise WebError(404, Errors.E608) from None
        self.client(item.client)
        return item

    def clients(self) -> list[str]:
        """The clients this user may see (an admin: every client with items)."""
        if self.user.role == "admin":
            return sorted(set(self.service.store.clients()) | set(self.user.clients))
        return list(self.user.clients)

    def require_decider(self) -> None:
        if not self.user.can_decide:
            raise WebError(403, Errors.E609.format(role=self.user.role))


@contextmanager
def request_session(
    request: Request, csrf: str | None = None, *, post: bool = False
) -> Iterator[tuple[ReviewService, Session | None]]:
    """The queue opened for this request and the cookie's session (None: no live session).

    A form (``post``) must carry the session's CSRF token, else 403 (E607). On the way
    out, even after an error, what the request changed in the session (claims, filters,
    flash) is saved: this is the one place where sessions are written back.
    """
    state = web_state(request)
    with state.open() as service:
        session = state.sessions.get(service.store, request.cookies.get(COOKIE_NAME))
        if post and (session is None or not session.csrf_ok(csrf)):
            raise WebError(403, Errors.E607)
        try:
            yield service, session
        finally:
            if session is not None:
                state.sessions.save(service.store, session)


@contextmanager
def signed_in(request: Request, csrf: str | None = None, *, post: bool = False) -> Iterator[Ctx]:
    """The signed-in context of a request; a form (``post``) must carry the CSRF token.

    Changes to ``ctx.session`` are saved when the context ends (see ``request_session``).
    """
    state = web_state(request)
    with request_session(request, csrf, post=post) as (service, session):
        if session is None or session.user is None:
            raise LoginRequired
        user = Users(service.store).get(session.user)
        if user is None:
            state.sessions.drop(service.store, session.session_id)
            raise LoginRequired
        yield Ctx(state, session, user, service)
