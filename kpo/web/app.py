"""The web application: login and logout, error pages, security headers, static files.

``create_app(settings)`` returns a FastAPI app; ``kpo serve`` runs it with uvicorn.
The session cookie is ``Secure`` (unless ``--insecure-cookies`` on loopback),
``HttpOnly`` and ``SameSite=Strict``; every form carries the session's CSRF token.
Sessions are rows of the review database (kpo/web/sessions.py), so any number of
``kpo serve`` processes on one database share them, and a restart logs nobody out.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from kpo.errors import Errors, KpoError
from kpo.review.service import ReviewService
from kpo.review.users import Users
from kpo.web import pages, queue_page, viewer
from kpo.web.auth import LoginRequired, WebError, WebState, request_session, web_state
from kpo.web.logins import DEVICE_COOKIE, address_key
from kpo.web.render import (
    HERE,
    SECURITY_HEADERS,
    clear_session_cookie,
    page,
    redirect,
    set_device_cookie,
    set_session_cookie,
)
from kpo.web.settings import ServeSettings


def create_app(settings: ServeSettings) -> FastAPI:
    """The review web application over the queue named by ``settings``.

    Its ``app.state.kpo`` (a ``WebState``) holds the PostgreSQL connection pool, closed
    when the server shuts down (or by ``app.state.kpo.close()``).
    """
    state = WebState(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="kpo review", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.kpo = state
    if settings.trusted_proxies:  # their X-Forwarded-For names the client (login limits)
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (pages, queue_page, viewer):
        app.include_router(module.router)
    app.add_api_route("/login", login_form, methods=["GET"])
    app.add_api_route("/login", login, methods=["POST"])
    app.add_api_route("/logout", logout, methods=["POST"])
    app.add_exception_handler(LoginRequired, _to_login)
    app.add_exception_handler(WebError, _refused)
    app.add_exception_handler(KpoError, _kpo_error)
    app.middleware("http")(_security_headers)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def _to_login(request: Request, exc: Exception) -> Response:
    return redirect("/login")


def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    return _error_page(request, exc.status, exc.message)


def _kpo_error(request: Request, exc: Exception) -> Response:
    return _error_page(request, 409, str(exc))


def _error_page(request: Request, status: int, message: str) -> Response:
    """The error page (sync: Starlette runs it in a worker thread, off the event loop)."""
    try:
        with request_session(request) as (_, session):
            return page("error.html", session, status, message=message, code=status)
    except KpoError:  # the database is out of reach (E402): the page without the session
        return page("error.html", None, status, message=message, code=status)


def _cookie(state: WebState, response: Response, session: object) -> Response:
    from kpo.web.sessions import Session

    assert isinstance(session, Session)
    set_session_cookie(
        response,
        session,
        secure=state.settings.secure_cookies,
        max_age=int(state.settings.session_s),
    )
    return response


def login_form(request: Request) -> Response:
    """The login page; it starts an anonymous session so that its form has a CSRF token."""
    state = web_state(request)
    with request_session(request) as (service, session):
        if session is not None and session.user is not None:
            return redirect("/")
        session = session or state.sessions.new(service.store)
        return _cookie(state, page("login.html", session, user=None, name="", error=None), session)


def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    """Check the password; on success a new session (new id: no fixation) for the user.

    The attempt is counted first (per name and address, or on the browser's device
    token when it is known for the name; see kpo/web/logins.py) and uncounted if the
    password is right; a browser new to the user gets a device token.
    """
    state = web_state(request)
    address = address_key(request.client.host if request.client else None)
    token = request.cookies.get(DEVICE_COOKIE)
    with request_session(request, csrf_token, post=True) as (service, anonymous):
        assert anonymous is not None
        attempt = state.logins.attempt(service.store, name, address, token)
        if attempt.refused:
            return page("login.html", anonymous, 429, user=None, name=name, error=attempt.refused)
        user = Users(service.store).authenticate(name, password)
        if user is None:
            return page("login.html", anonymous, 401, user=None, name=name, error=Errors.E606)
        token = state.logins.succeeded(service.store, attempt, user.name) or token
        state.sessions.drop(service.store, anonymous.session_id)
        response = _cookie(state, redirect("/"), state.sessions.new(service.store, user.name))
    assert token is not None
    set_device_cookie(
        response, token, secure=state.settings.secure_cookies, max_age=int(state.settings.device_s)
    )
    return response


def logout(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    """End the session (its row is deleted) and give back the items it still holds."""
    state = web_state(request)
    with request_session(request, csrf_token, post=True) as (service, session):
        assert session is not None
        if session.user is not None and session.claims:
            _give_back(service, session.user, session.claims)
        state.sessions.drop(service.store, session.session_id)
    response = redirect("/login")
    clear_session_cookie(response, secure=state.settings.secure_cookies)
    return response


def _give_back(service: ReviewService, user: str, claims: dict[int, str]) -> None:
    for item_id, token in list(claims.items()):
        with contextlib.suppress(KpoError):  # decided, expired or taken over
            service.release(item_id, user, token)
