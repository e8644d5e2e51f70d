"""Who is asking: the session from the cookie, the user behind it, CSRF and client checks.

Every page runs inside ``signed_in(request)``, which opens the review queue for this
request, reads the session from it, reloads the user (so a removed user is out at
once), refuses a form whose CSRF token is not the session's, and saves the session's
changes when the page is done. An item or client the user may not see is answered
exactly like one that does not exist (404).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.requests import Request

from kpo.errors import Errors, WorkspaceError
from kpo.review_model import QueueItem
from kpo.review_queue import open_review
from kpo.review_service import ReviewService
from kpo.users import User, Users
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


class FailedLogins:
    """Failed logins per user name; after ``limit`` in a row, refuse for ``lockout_s``."""

    def __init__(self, limit: int, lockout_s: float, clock: Callable[[], float] = time.time):
        self.limit, self.lockout_s, self.clock = limit, lockout_s, clock
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, name: str) -> int:
        """Seconds until ``name`` may try again (0: now)."""
        with self._lock:
            count, last = self._failures.get(name, (0, 0.0))
        left = last + self.lockout_s - self.clock()
        return int(left) + 1 if count >= self.limit and left > 0 else 0

    def failed(self, name: str) -> None:
        with self._lock:
            count, _ = self._failures.get(name, (0, 0.0))
            self._failures[name] = (count + 1, self.clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


class WebState:
    """What the application keeps between requests."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.sessions = SessionStore(settings.session_s)
        self.logins = FailedLogins(settings.max_failed_logins, settings.lockout_s)

    def open(self) -> ReviewService:
        """The review queue, opened for one request (connections are not shared by threads)."""
        return open_review(self.settings.db, self.settings.workspace, lease_s=self.settings.lease_s)


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
