"""The plumbing every ``kpo review`` subcommand shares: options, the queue, claim tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kpo.cli.common import json_option, print_json, user_errors, workspace_option
from kpo.errors import ConfigError, Errors

if TYPE_CHECKING:
    from kpo.review.context import Line

F = TypeVar("F", bound=Callable[..., Any])


def epilog(*lines: str) -> str:
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines) + "\n"


def common_options(func: F) -> F:
    """``--client --db --reviewer --workspace --json``: the same on every subcommand."""
    func = click.option("--client", help="Only this client's items.")(func)
    func = click.option(
        "--db", envvar="KPO_REVIEW_DB", show_envvar=True,
        help="Queue location: postgresql://USER@HOST/DB or a SQLite file "
             "(default: WORKSPACE/review.sqlite).",
    )(func)  # fmt: skip
    func = click.option(
        "--reviewer", help="Your reviewer name (default: KPO_USER, then the login name)."
    )(func)
    return user_errors(json_option(workspace_option(func)))


@dataclass
class Session:
    """The queue and this reviewer's claim tokens, for one command."""

    service: Any
    claims: Any
    reviewer: str
    client: str | None
    workspace: Path

    def context(self, item: Any) -> list[Line] | None:
        """The text around the item's value (its page's lines near the box, its words marked).

        None when the batch's pages are not in this workspace (a shared PostgreSQL queue).
        """
        from kpo.review.context import page_words, words_to_lines

        words = page_words(self.workspace, item, item.page_number or 1)
        return None if words is None else words_to_lines(words, item.box)

    def token(self, item_id: int, given: str | None) -> str:
        """The claim token: --token, else the kept one; a decided item needs none (E504)."""
        item = self.service.show(item_id, self.client)
        token = given or self.claims.get(item_id)
        if token or item.decision is not None:
            return str(token or "")
        raise ConfigError(Errors.E506.format(reviewer=self.reviewer, item_id=item_id))


@contextmanager
def session(workspace: Path, db: str | None, reviewer: str | None,
            client: str | None) -> Iterator[Session]:  # fmt: skip
    from kpo.cli.review.tokens import ClaimFile, resolve_reviewer
    from kpo.review.queue import open_review, queue_location

    name = resolve_reviewer(reviewer)
    location = queue_location(db, workspace)
    with open_review(db, workspace) as service:
        yield Session(service, ClaimFile(workspace, name, location), name, client, workspace)


def display_item(s: Session, item_id: int, as_json: bool, claim: Any = None) -> None:
    """The item (or the claim on it) and the text around its value, as JSON or for people."""
    from kpo.cli.review.show import print_context, print_item

    item = claim.item if claim is not None else s.service.show(item_id, s.client)
    context = s.context(item)
    if as_json:
        data = claim.to_dict() if claim is not None else item.to_dict()
        print_json({**data, "context": context})
    else:
        print_item(item, claim)
        print_context(context)


def token_option(func: F) -> F:
    return click.option("--token", help="The claim token (default: the one 'next' kept).")(func)
