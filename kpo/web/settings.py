"""Settings of the web page, validated: where the queue is, cookies, sessions, rendering."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from kpo.errors import ConfigError, Errors
from kpo.review_model import DEFAULT_LEASE_S
from kpo.review_pool import DEFAULT_POOL_SIZE

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_SESSION_S = 8 * 3600.0
DEFAULT_RENDER_SCALE = 1.5  # 108 dpi: PDF points to pixels
DEFAULT_PAGE_SIZE = 50
DEFAULT_RENDER_CHILDREN = 4  # pages drawn at once, each in its own process
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Is ``host`` a loopback address or localhost?"""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeSettings:
    """How ``kpo serve`` runs.

    ``secure_cookies`` (on by default) marks the session cookie ``Secure``: browsers then
    send it only over HTTPS (and to http://localhost). ``--insecure-cookies`` turns it
    off, for tests on a loopback host only.
    """

    workspace: Path
    db: str | None = None
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    secure_cookies: bool = True
    session_s: float = DEFAULT_SESSION_S
    lease_s: float = DEFAULT_LEASE_S
    render_scale: float = DEFAULT_RENDER_SCALE
    page_size: int = DEFAULT_PAGE_SIZE
    max_failed_logins: int = 5
    lockout_s: float = 60.0
    db_pool_size: int = DEFAULT_POOL_SIZE  # PostgreSQL connections shared by the requests
    render_children: int = DEFAULT_RENDER_CHILDREN

    def __post_init__(self) -> None:
        if not self.secure_cookies and not is_loopback(self.host):
            raise ConfigError(Errors.E610.format(host=self.host))
        checks = (
            ("port", self.port, 0 <= self.port <= 65535, "must be 0 to 65535"),
            ("session_s", self.session_s, self.session_s > 0, "must be positive"),
            ("lease_s", self.lease_s, self.lease_s > 0, "must be positive"),
            (
                "render_scale",
                self.render_scale,
                0.25 <= self.render_scale <= 4,
                "must be 0.25 to 4",
            ),
            ("page_size", self.page_size, 1 <= self.page_size <= 500, "must be 1 to 500"),
            ("max_failed_logins", self.max_failed_logins, self.max_failed_logins >= 1,
             "must be 1 or more"),
            ("lockout_s", self.lockout_s, self.lockout_s > 0, "must be positive"),
            ("db_pool_size", self.db_pool_size, self.db_pool_size >= 1, "must be 1 or more"),
            ("render_children", self.render_children, self.render_children >= 1,
             "must be 1 or more"),
        )  # fmt: skip
        for key, value, ok, why in checks:
            if not ok:
                raise ConfigError(Errors.E002.format(key=key, value=value, why=why))
