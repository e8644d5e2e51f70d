"""Who is asking: the session from the cookie, the user behind it, CSRF and client checks.

Every page runs inside ``signed_in(request)``, which opens the review queue for this
request, reads the session from it, reloads the user (so a removed user is out at
once), refuses a form whose CSRF token is not the session's, and saves the session's
changes when the page is done. An item or client the user may not see is answered
exactly like one that does not exist (404). Failed logins are counted per user name,
per source address and per known browser in the same database (kpo/web/logins.py),
so every server process shares the lockouts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.requests import Request

from kpo.errors import Errors, WorkspaceError
from kpo.review.model import QueueItem
from kpo.review.pool import PostgresPool
from kpo.review.queue import is_postgres, open_review, queue_location
from kpo.review.service import ReviewService
from kpo.review.users import User, Users
from kpo.web.logins import FailedLogins as FailedLogins
from kpo.web.logins import LoginThrottle
from kpo.web.logins import login_key as login_key
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


class WebState:
    """What the application keeps between requests."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.sessions = SessionStore(settings.session_s)
        self.logins = LoginThrottle(
            settings.max_failed_logins,
            settings.lockout_s,
            settings.address_failed_logins,
            settings.device_s,
        )
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
