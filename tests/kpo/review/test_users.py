"""``kpo users`` and the users table: Argon2 hashes, roles, clients, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpo.cli import cli
from kpo.errors import ConfigError, WorkspaceError
from kpo.review.queue import open_review
from kpo.review.users import Users


def kpo_users(tmp_path: Path, queue_db: str, *args: str, stdin: str | None = None) -> object:
    base = ["--workspace", str(tmp_path / "ws"), "--db", queue_db]
    return CliRunner().invoke(cli, ["users", args[0], *base, *args[1:]], input=stdin)


def test_add_then_list_through_the_cli(tmp_path: Path, queue_db: str) -> None:
    added = kpo_users(
        tmp_path,
        queue_db,
        "add",
        "ann",
        "--role",
        "reviewer",
        "--client",
        "acme",
        "--client",
        "globex",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert added.exit_code == 0, added.output  # type: ignore[attr-defined]
    assert "ann added: reviewer of acme, globex" in added.output  # type: ignore[attr-defined]
    listed = kpo_users(tmp_path, queue_db, "list", "--json")
    assert json.loads(listed.output)[0]["clients"] == ["acme", "globex"]  # type: ignore[attr-defined]
    again = kpo_users(
        tmp_path,
        queue_db,
        "add",
        "ann",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a long password\n",
    )
    assert again.exit_code == 1 and "E601" in again.output  # type: ignore[attr-defined]


def test_the_password_is_stored_only_as_an_argon2id_hash(tmp_path: Path, queue_db: str) -> None:
    with open_review(queue_db, tmp_path) as service:
        users = Users(service.store)
        users.add("ann", "a long password", "reviewer", ("acme",))
        [(stored,)] = service.store.conn.execute("SELECT password_hash FROM users")
        assert str(stored).startswith("$argon2id$") and "a long password" not in str(stored)
        assert users.authenticate("ann", "a long password") is not None
        assert users.authenticate("ann", "a long passwore") is None
        assert users.authenticate("bob", "a long password") is None


@pytest.mark.parametrize(
    ("name", "password", "role", "clients", "code"),
    [
        ("ann", "short", "reviewer", ("acme",), "E605"),
        ("ann", "a long password", "reviewer", (), "E604"),
        ("../ann", "a long password", "admin", (), "E603"),
        ("ann", "a long password", "reviewer", ("../etc",), "E003"),
        ("ann", "a long password", "owner", ("acme",), "E002"),
    ],
)
def test_bad_users_are_refused(
    tmp_path: Path, name: str, password: str, role: str, clients: tuple[str, ...], code: str
) -> None:
    with open_review(None, tmp_path) as service, pytest.raises(ConfigError, match=code):
        Users(service.store).add(name, password, role, clients)


def test_remove_a_user_and_an_unknown_one(tmp_path: Path) -> None:
    with open_review(None, tmp_path) as service:
        users = Users(service.store)
        users.add("root", "a long password", "admin")
        users.remove("root")
        assert users.list() == []
        with pytest.raises(WorkspaceError, match="E602"):
            users.remove("root")


def test_an_admin_sees_every_client_a_reviewer_only_theirs(tmp_path: Path) -> None:
    with open_review(None, tmp_path) as service:
        users = Users(service.store)
        root = users.add("root", "a long password", "admin")
        ann = users.add("ann", "a long password", "reviewer", ("acme",))
    assert root.sees("globex") and ann.sees("acme") and not ann.sees("globex")
    assert ann.can_decide and root.can_decide
