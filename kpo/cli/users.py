"""``kpo users``: who may log in to the web page (``kpo serve``), with which role and clients.

Users live in the review queue's database, so ``--db`` and ``--workspace`` pick them
the same way as for ``kpo review``. The password is asked twice on the terminal, or
read from standard input with ``--password-stdin`` (one line) for scripts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kpo.cli.common import CONTEXT, json_option, print_json, user_errors, workspace_option

USERS_EPILOG = """\b
Examples:
  kpo users add ann --role reviewer --client acme --client globex
  printf '%s\\n' "$PASSWORD" | kpo users add ops --role admin --password-stdin
  kpo users list --json
  kpo users remove ann
"""


def db_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--db",
        envvar="KPO_REVIEW_DB",
        show_envvar=True,
        help="Queue location: postgresql://USER@HOST/DB or a SQLite file "
        "(default: WORKSPACE/review.sqlite).",
    )(func)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group(context_settings=CONTEXT, epilog=USERS_EPILOG)
def users() -> None:
    """Manage the users of the web page: reviewers, analysts and admins.

    A reviewer sees and decides the items of their clients; an analyst only looks;
    an admin sees and decides every client's items.
    """


@users.command("add", context_settings=CONTEXT, epilog=USERS_EPILOG)
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "analyst", "admin"]), required=True)
@click.option(
    "--client", "clients", multiple=True, help="A client this user works on (repeat for several)."
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@db_option
@json_option
@workspace_option
@user_errors
def add(
    name: str,
    role: str,
    clients: tuple[str, ...],
    password_stdin: bool,
    db: str | None,
    as_json: bool,
    workspace: Path,
) -> None:
    """Create a user; the password is hashed (Argon2id), never stored as given."""
    from kpo.review.queue import open_review
    from kpo.review.users import Users, validate_user

    validate_user(name, role, clients)
    password = _read_password(password_stdin)
    with open_review(db, workspace) as service:
        user = Users(service.store).add(name, password, role, clients)
    if as_json:
        print_json(user.to_dict())
    else:
        scope = ", ".join(user.clients) if user.clients else "every client"
        click.echo(f"User {user.name} added: {user.role} of {scope}.")


@users.command("list", context_settings=CONTEXT, epilog=USERS_EPILOG)
@db_option
@json_option
@workspace_option
@user_errors
def list_users(db: str | None, as_json: bool, workspace: Path) -> None:
    """List the users with their role and clients."""
    from kpo.review.queue import open_review
    from kpo.review.users import Users

    with open_review(db, workspace) as service:
        found = Users(service.store).list()
    if as_json:
        print_json([u.to_dict() for u in found])
        return
    if not found:
        click.echo("No users yet: add one with 'kpo users add NAME --role ROLE --client C'.")
    for user in found:
        scope = ", ".join(user.clients) if user.clients else "every client"
        click.echo(f"{user.name:<20} {user.role:<9} {scope}")


@users.command("remove", context_settings=CONTEXT, epilog=USERS_EPILOG)
@click.argument("name")
@db_option
@workspace_option
@user_errors
def remove(name: str, db: str | None, workspace: Path) -> None:
    """Delete a user (their past decisions and audit entries stay)."""
    from kpo.review.queue import open_review
    from kpo.review.users import Users

    with open_review(db, workspace) as service:
        Users(service.store).remove(name)
    click.echo(f"User {name} removed.")
