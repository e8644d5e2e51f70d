"""Server-side rendering: one Jinja2 environment (autoescaped), responses with safe headers."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kpo.web.logins import DEVICE_COOKIE
from kpo.web.sessions import COOKIE_NAME, Session

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["pct"] = lambda v: "-" if v is None else f"{100 * float(v):.0f}%"
    return env


def page(
    template: str, session: Session | None, http_status: int = 200, **context: Any
) -> Response:
    """A rendered page; the session gives the CSRF token and the flash message."""
    context.setdefault("user", None)
    html = (
        environment()
        .get_template(template)
        .render(
            csrf=session.csrf if session else "",
            flash=session.pop_flash() if session else None,
            **context,
        )
    )
    return HTMLResponse(html, status_code=http_status)


def redirect(url: str, session: Session | None = None, flash: str | None = None) -> Response:
    """See-other redirect (after a form), with an optional message for the next page.

    The message is set on ``session``; the request's ``signed_in`` context saves it.
    """
    if session is not None and flash:
        session.flash = flash
    return RedirectResponse(url, status_code=303)


def set_session_cookie(response: Response, session: Session, *, secure: bool, max_age: int) -> None:
    response.set_cookie(
        COOKIE_NAME,
        session.session_id,
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def set_device_cookie(response: Response, token: str, *, secure: bool, max_age: int) -> None:
    """The browser's device token (kpo/web/logins.py), sent back only to the login form."""
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=max_age,
        path="/login",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def clear_session_cookie(response: Response, *, secure: bool) -> None:
    response.delete_cookie(COOKIE_NAME, path="/", secure=secure, httponly=True, samesite="strict")
