"""Settings of the web page, validated: where the queue is, cookies, sessions, rendering."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from kpo.errors import ConfigError, Errors
from kpo.review.model import DEFAULT_LEASE_S
from kpo.review.pool import DEFAULT_POOL_SIZE
from kpo.web.logins import DEFAULT_ADDRESS_LIMIT, DEFAULT_DEVICE_S

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_SESSION_S = 8 * 3600.0
DEFAULT_RENDER_SCALE = 1.5  # 108 dpi: PDF points to pixels
DEFAULT_PAGE_SIZE = 50
DEFAULT_RENDER_CHILDREN = 4  # pages drawn at once, each in its own process
DEFAULT_PAGE_CACHE_MB = 64
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Is ``host`` a loopback address or localhost?"""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_network(value: str) -> bool:
    """Is ``value`` an IP address or network (10.0.0.5, 10.0.0.0/24, fd00::/8)?"""
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class ServeSettings:
    """How ``kpo serve`` runs.

    ``secure_cookies`` (on by default) marks the session cookie ``Secure``: browsers then
    send it only over HTTPS (and to http://localhost). ``--insecure-cookies`` turns it
    off, for tests on a loopback host only. ``trusted_proxies``: reverse proxies whose
    ``X-Forwarded-For`` gives the client's address (else a request's address is its
    TCP peer's), for the per-address login limit.
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
    max_failed_logins: int = 5  # per user name, and per known browser
    lockout_s: float = 60.0
    address_failed_logins: int = DEFAULT_ADDRESS_LIMIT  # per source address, at any names
    device_s: float = DEFAULT_DEVICE_S  # a browser stays known this long after its last login
    trusted_proxies: tuple[str, ...] = ()  # their X-Forwarded-For names the client
    db_pool_size: int = DEFAULT_POOL_SIZE  # PostgreSQL connections shared by the requests
    render_children: int = DEFAULT_RENDER_CHILDREN
    page_cache_mb: int = DEFAULT_PAGE_CACHE_MB  # drawn pages kept in memory (the viewer)

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
            ("address_failed_logins", self.address_failed_logins,
             self.address_failed_logins >= 1, "must be 1 or more"),
            ("device_s", self.device_s, self.device_s > 0, "must be positive"),
            ("db_pool_size", self.db_pool_size, self.db_pool_size >= 1, "must be 1 or more"),
            ("render_children", self.render_children, self.render_children >= 1,
             "must be 1 or more"),
            ("page_cache_mb", self.page_cache_mb, self.page_cache_mb >= 0, "must be 0 or more"),
        )  # fmt: skip
        for key, value, ok, why in checks:
            if not ok:
                raise ConfigError(Errors.E002.format(key=key, value=value, why=why))
        for proxy in self.trusted_proxies:
            if not is_network(proxy):
                why = "must be an IP address or network, such as 10.0.0.5 or 10.0.0.0/24"
                raise ConfigError(Errors.E002.format(key="trusted_proxies", value=proxy, why=why))
