"""The people who use the web page: name, role, clients, and an Argon2id password hash.

Users live in the review queue's database (the ``users`` table, schema version 3), so
a SQLite workspace and a PostgreSQL queue each carry their own. Roles:

``reviewer``  sees and decides the items of the clients assigned to them
``analyst``   sees the queue and items of their clients, but claims and decides nothing
``admin``     sees and decides the items of every client

Passwords are hashed with argon2-cffi's ``PasswordHasher`` (Argon2id, its default
parameters); a hash made under older parameters is replaced at the next login.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kpo.errors import ConfigError, Errors, WorkspaceError
from kpo.review.store import Store
from kpo.settings import validate_name

Role = Literal["reviewer", "analyst", "admin"]
ROLES: tuple[Role, ...] = ("reviewer", "analyst", "admin")
MIN_PASSWORD_LENGTH = 10
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_COLUMNS = "name, password_hash, role, clients, created_at"


@dataclass(frozen=True, slots=True)
class User:
    """A user of the web page (never carries the password hash)."""

    name: str
    role: Role
    clients: tuple[str, ...]
    created_at: str

    @property
    def can_decide(self) -> bool:
        return self.role in ("reviewer", "admin")

    def sees(self, client: str) -> bool:
        """May this user see ``client``'s items?"""
        return self.role == "admin" or client in self.clients

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role,
            "clients": list(self.clients),
            "created_at": self.created_at,
        }


def _hasher() -> PasswordHasher:
    return PasswordHasher()


def validate_user(name: str, role: str, clients: tuple[str, ...]) -> None:
    """ConfigError (E603, E002, E604, E003) for a bad name, role or client list."""
    if not _NAME_RE.fullmatch(name):
        raise ConfigError(Errors.E603.format(name=name))
    if role not in ROLES:
        raise ConfigError(Errors.E002.format(key="role", value=role, why=f"use one of {ROLES}"))
    if role != "admin" and not clients:
        raise ConfigError(Errors.E604.format(role=role))
    for client in clients:
        validate_name(client)


def _row_to_user(row: tuple[object, ...]) -> User:
    name, _, role, clients, created_at = row
    return User(str(name), role, tuple(json.loads(str(clients))), str(created_at))  # type: ignore[arg-type]


class Users:
    """The ``users`` table of a review queue's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _row(self, name: str) -> tuple[object, ...] | None:
        rows = self.store.conn.execute(f"SELECT {_COLUMNS} FROM users WHERE name = ?", [name])
        return tuple(rows[0]) if rows else None

    def get(self, name: str) -> User | None:
        row = self._row(name)
        return _row_to_user(row) if row else None

    def list(self) -> list[User]:
        rows = self.store.conn.execute(f"SELECT {_COLUMNS} FROM users ORDER BY name")
        return [_row_to_user(tuple(r)) for r in rows]

    def add(self, name: str, password: str, role: str, clients: tuple[str, ...] = ()) -> User:
        """Create a user; ConfigError for a bad name, role, client or short password (E605)."""
        validate_user(name, role, clients)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ConfigError(Errors.E605.format(length=len(password), minimum=MIN_PASSWORD_LENGTH))
        digest = _hasher().hash(password)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        clients = tuple(sorted(set(clients)))
        with self.store.transaction():
            if self._row(name) is not None:
                raise WorkspaceError(Errors.E601.format(name=name))
            self.store.conn.execute(
                f"INSERT INTO users ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                [name, digest, role, json.dumps(list(clients)), created],
            )
        return User(name, role, clients, created)  # type: ignore[arg-type]

    def remove(self, name: str) -> None:
        """Delete a user; WorkspaceError (E602) if there is none by that name."""
        with self.store.transaction():
            if self._row(name) is None:
                raise WorkspaceError(Errors.E602.format(name=name))
            self.store.conn.execute("DELETE FROM users WHERE name = ?", [name])

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if the password is right, else None (same work whether or not they exist)."""
        hasher = _hasher()
        row = self._row(name) if _NAME_RE.fullmatch(name) else None
        stored = str(row[1]) if row else _DUMMY_HASH.get(hasher)
        try:
            hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if hasher.check_needs_rehash(stored):
            new = hasher.hash(password)
            self.store.conn.execute(
                "UPDATE users SET password_hash = ? WHERE name = ?", [new, name]
            )
        return _row_to_user(row)


class _Dummy:
    """A hash of a random password, made once, verified against for unknown names."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def get(self, hasher: PasswordHasher) -> str:
        if self._hash is None:
            import secrets

            self._hash = hasher.hash(secrets.token_urlsafe(16))
        return self._hash


_DUMMY_HASH = _Dummy()
