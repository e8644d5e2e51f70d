"""Login throttling: failed logins counted per user name, per source address and per known browser.

The counts live in the review database, so every ``kpo serve`` process on one
database shares them and a restart forgets none:

- ``login_failures``: per user name (schema version 5). After ``limit`` failures in
  a row the name is refused for ``lockout_s`` (E612) to every browser but its own.
- ``login_address_failures``: per source address (version 6). After
  ``address_limit`` failures in a row, guesses from that address at any name are
  refused for ``lockout_s`` (E616). The address is the TCP peer (an IPv6 address by
  its /64 network); behind a reverse proxy it is the proxy's, unless ``kpo serve
  --trusted-proxy`` lets uvicorn take the client's from ``X-Forwarded-For``.
- ``login_devices``: known browsers (version 6). A successful login sets a random
  device token in a cookie (only its sha256 is stored, with the user's name). A
  browser that shows a known token for the name it logs in as is not held by the
  name's or the address's lockout, so someone else's guesses cannot lock the real
  user out; its own failures are counted on the token (``limit`` in a row refuse
  it for ``lockout_s``), never on the name or the address.

Each attempt is checked and counted in one transaction before its password is
verified (rows locked on PostgreSQL), so parallel guesses cannot slip in between;
a successful one is uncounted. A failure more than ``lockout_s`` after the
previous one starts a new count; rows older than that are deleted.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from kpo.errors import Errors
from kpo.review.sql import Row
from kpo.review.store import Store

MAX_NAME_KEY = 64  # the longest user name (kpo.review.users); longer ones are keyed by their sha256
DEVICE_COOKIE = "kpo_device"
DEFAULT_ADDRESS_LIMIT = 20
DEFAULT_DEVICE_S = 30 * 24 * 3600.0  # a browser stays known this long after its last login


def login_key(name: str) -> str:
    """The ``login_failures`` key of a name typed at login.

    Login compares the name exactly as typed, so the key is that name; one no user can
    have (over 64 characters, or with control characters) is keyed by its sha256, so
    that every key stays short and storable (PostgreSQL text holds no NUL).
    """
    if len(name) <= MAX_NAME_KEY and name.isprintable():
        return name
    return "sha256:" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()


def address_key(host: str | None) -> str:
    """The ``login_address_failures`` key of a peer address.

    IPv4 as is; IPv6 by its /64 network (one subscriber holds a whole /64), an
    IPv4-mapped one as its IPv4 address; anything else (a test client's name) as a
    short key.
    """
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return login_key(host or "unknown")
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def device_key(token: str) -> str:
    """The database key of a device token: its sha256 (the token lives only in the cookie)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Counter:
    """Failures in a row per key, in one table of (key, failures, last_failure)."""

    table: str
    column: str
    limit: int

    def wait(self, store: Store, key: str, now: float, lockout_s: float) -> int:
        """Seconds until ``key`` may try again (0: now); its row is locked on PostgreSQL."""
        lock = " FOR UPDATE" if store.conn.dialect == "postgresql" else ""
        sql = f"SELECT failures, last_failure FROM {self.table} WHERE {self.column} = ?{lock}"
        return _wait(store.conn.execute(sql, [key]), self.limit, now, lockout_s)

    def count(self, store: Store, key: str, now: float, lockout_s: float) -> None:
        """One more failure for ``key`` (a new count after ``lockout_s``); old rows go."""
        store.conn.execute(
            f"INSERT INTO {self.table} ({self.column}, failures, last_failure) VALUES (?, 1, ?) "
            f"ON CONFLICT ({self.column}) DO UPDATE SET failures = CASE WHEN "
            f"{self.table}.last_failure <= ? THEN 1 ELSE {self.table}.failures + 1 END, "
            "last_failure = excluded.last_failure",
            [key, now, now - lockout_s],
        )
        skip = " FOR UPDATE SKIP LOCKED" if store.conn.dialect == "postgresql" else ""
        store.conn.execute(
            f"DELETE FROM {self.table} WHERE {self.column} IN (SELECT {self.column} FROM "
            f"{self.table} WHERE last_failure <= ?{skip})",
            [now - lockout_s],
        )

    def forget(self, store: Store, key: str) -> None:
        store.conn.execute(f"DELETE FROM {self.table} WHERE {self.column} = ?", [key])

    def uncount(self, store: Store, key: str) -> None:
        """Take back one failure (an attempt counted before its password proved right)."""
        store.conn.execute(
            f"UPDATE {self.table} SET failures = failures - 1 "
            f"WHERE {self.column} = ? AND failures > 0",
            [key],
        )


def _wait(rows: list[Row], limit: int, now: float, lockout_s: float) -> int:
    """Seconds to wait after the failures and last failure of ``rows`` (0: none)."""
    if not rows or rows[0][1] is None:
        return 0
    count, last = int(rows[0][0]), float(rows[0][1])
    left = last + lockout_s - now
    return int(left) + 1 if count >= limit and left > 0 else 0


NAMES = ("login_failures", "user_name")
ADDRESSES = ("login_address_failures", "address")


class FailedLogins:
    """Failed logins per user name alone; ``LoginThrottle`` adds addresses and known browsers.

    A failure more than ``lockout_s`` after the previous one starts a new count; a
    successful login deletes the name's row. Each method takes the request's
    ``Store``, as ``SessionStore`` does.
    """

    def __init__(self, limit: int, lockout_s: float, clock: Callable[[], float] = time.time):
        self.names = Counter(*NAMES, limit)
        self.lockout_s, self.clock = lockout_s, clock

    def attempt(self, store: Store, name: str) -> int:
        """Count a login attempt before its password is checked; ``succeeded`` uncounts it.

        Returns the seconds to wait when ``name`` is locked (nothing is counted then).
        """
        now, key = self.clock(), login_key(name)
        with store.transaction():
            if wait := self.names.wait(store, key, now, self.lockout_s):
                return wait
            self.names.count(store, key, now, self.lockout_s)
        return 0

    def succeeded(self, store: Store, name: str) -> None:
        """The password was right: the name's count goes."""
        self.names.forget(store, login_key(name))


@dataclass(frozen=True)
class Attempt:
    """The verdict on a login attempt, before its password is checked.

    ``refused``: the message (E612, E616) when the attempt may not be made now.
    ``device``: the key of the browser's token when it is known for the name.
    """

    name: str
    address: str
    refused: str | None = None
    device: str | None = None


class LoginThrottle:
    """Failed logins per name, per source address and per known browser (module docstring)."""

    def __init__(
        self,
        limit: int,
        lockout_s: float,
        address_limit: int = DEFAULT_ADDRESS_LIMIT,
        device_s: float = DEFAULT_DEVICE_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.names = Counter(*NAMES, limit)
        self.addresses = Counter(*ADDRESSES, address_limit)
        self.limit, self.lockout_s, self.device_s, self.clock = limit, lockout_s, device_s, clock

    def attempt(self, store: Store, name: str, address: str, token: str | None) -> Attempt:
        """Check and count one attempt at ``name`` from ``address`` with the cookie's ``token``."""
        now, key = self.clock(), login_key(name)
        with store.transaction():
            device = self._known(store, token, name, now)
            if device is not None:
                return self._device_attempt(store, Attempt(name, address, device=device), now)
            if wait := self.addresses.wait(store, address, now, self.lockout_s):
                return Attempt(name, address, Errors.E616.format(seconds=wait))
            if wait := self.names.wait(store, key, now, self.lockout_s):
                return Attempt(name, address, Errors.E612.format(name=name, seconds=wait))
            self.addresses.count(store, address, now, self.lockout_s)
            self.names.count(store, key, now, self.lockout_s)
        return Attempt(name, address)

    def _known(self, store: Store, token: str | None, name: str, now: float) -> str | None:
        """The key of ``token`` if it is a live device token of ``name`` (row locked), else None."""
        if not token or len(token) > 128:
            return None
        key = device_key(token)
        lock = " FOR UPDATE" if store.conn.dialect == "postgresql" else ""
        sql = (
            "SELECT 1 FROM login_devices WHERE device_key = ? AND user_name = ? "
            f"AND expires_at > ?{lock}"
        )
        return key if store.conn.execute(sql, [key, name, now]) else None

    def _device_attempt(self, store: Store, attempt: Attempt, now: float) -> Attempt:
        """A known browser's attempt: limited by its own failures only."""
        sql = "SELECT failures, last_failure FROM login_devices WHERE device_key = ?"
        rows = store.conn.execute(sql, [attempt.device])
        if wait := _wait(rows, self.limit, now, self.lockout_s):
            message = Errors.E612.format(name=attempt.name, seconds=wait)
            return Attempt(attempt.name, attempt.address, message, attempt.device)
        store.conn.execute(
            "UPDATE login_devices SET failures = CASE WHEN last_failure IS NULL OR "
            "last_failure <= ? THEN 1 ELSE failures + 1 END, last_failure = ? "
            "WHERE device_key = ?",
            [now - self.lockout_s, now, attempt.device],
        )
        return attempt

    def succeeded(self, store: Store, attempt: Attempt, user: str) -> str | None:
        """The password was right: uncount the attempt; a new device token for a new browser.

        Returns the token to set in the browser's cookie (None: it keeps its own). A
        known browser's success leaves the name's count alone (someone else's guesses).
        """
        now = self.clock()
        with store.transaction():
            if attempt.device is not None:
                store.conn.execute(
                    "UPDATE login_devices SET failures = 0, last_failure = NULL, expires_at = ? "
                    "WHERE device_key = ?",
                    [now + self.device_s, attempt.device],
                )
                return None
            self.names.forget(store, login_key(attempt.name))
            self.addresses.uncount(store, attempt.address)
            return self._new_device(store, user, now)

    def _new_device(self, store: Store, user: str, now: float) -> str:
        token = secrets.token_urlsafe(32)
        store.conn.execute("DELETE FROM login_devices WHERE expires_at <= ?", [now])
        store.conn.execute(
            "INSERT INTO login_devices (device_key, user_name, failures, last_failure, "
            "created_at, expires_at) VALUES (?, ?, 0, NULL, ?, ?)",
            [device_key(token), user, now, now + self.device_s],
        )
        return token
