"""``kpo review accept|correct|absent|reject|reclassify|decide``: the decisions on an item.

Each needs the claim's token (the one ``next`` or ``claim`` kept, or ``--token``). The
library checks a decision before anything is written: a corrected value is read by
its field's kind and stored normalised (E512 says what to type), a document-type item
takes only a type (E511), and a refused decision stores nothing (exit status 1).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kpo.cli.common import CONTEXT, print_json
from kpo.cli.review.session import Session, common_options, epilog, session, token_option
from kpo.errors import ConfigError, Errors
from kpo.records import DOC_TYPES
from kpo.review.answers import parse_box

F = TypeVar("F", bound=Callable[..., Any])
ACTION_CHOICES = ("accept", "correct", "absent", "reject", "reclassify")


def saved_text(item: Any) -> str:
    """What was saved, as the reviewer reads it back (the value as stored, normalised)."""
    d = item.decision.decision
    detail = {"correct": d.value, "reclassify": d.doc_type, "reject": d.reason}.get(d.action)
    shown = f" {detail!r}" if detail else ""
    return f"Item {item.item_id}: {d.action}{shown} saved."


def decide(s: Session, item_id: int, token: str | None, decision: Any, as_json: bool) -> None:
    """Store the decision under the claim's token and say what was saved.

    The token is kept: the reviewer holds the item's lease until it ends and may undo.
    """
    item = s.service.decide(item_id, s.reviewer, s.token(item_id, token), decision)
    print_json(item.to_dict()) if as_json else click.echo(saved_text(item))


def item_argument(func: F) -> F:
    return click.argument("item_id", type=int)(func)


def type_option(required: bool) -> Callable[[F], F]:
    return click.option("--type", "doc_type", required=required, type=click.Choice(DOC_TYPES),
                        help="The document's right type.")  # fmt: skip


@click.command("accept", context_settings=CONTEXT, epilog=epilog("kpo review accept 42"))
@item_argument
@token_option
@common_options
def accept(item_id: int, token: str | None, client: str | None, db: str | None,
           reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Accept the proposed value (or document type) as right."""
    from kpo.review.model import Decision

    with session(workspace, db, reviewer, client) as s:
        decide(s, item_id, token, Decision("accept"), as_json)


@click.command("correct", context_settings=CONTEXT, epilog=epilog(
    "kpo review correct 42 --value 2024-03-01", "kpo review correct 42 --value '1 March 2024'",
    "kpo review correct 42 --value 'ACME Corp' --box 72,140,180,152 --page 2"))  # fmt: skip
@item_argument
@click.option("--value", required=True,
              help="The right value; a date or an amount is stored normalised (E512 if it is "
                   "not one).")  # fmt: skip
@click.option("--box", help="Where it is on the page: x0,top,x1,bottom in points.")
@click.option("--page", type=click.IntRange(1), help="Page of --box (default: the item's page).")
@token_option
@common_options
def correct(item_id: int, value: str, box: str | None, page: int | None, token: str | None,
            client: str | None, db: str | None, reviewer: str | None, workspace: Path,
            as_json: bool) -> None:  # fmt: skip
    """Replace the proposed value with the right one (and, optionally, its box).

    A document-type item is not corrected but reclassified (E511).
    """
    from kpo.review.model import Decision

    decision = Decision("correct", value=value, box=parse_box(box), page_number=page)
    with session(workspace, db, reviewer, client) as s:
        decide(s, item_id, token, decision, as_json)


@click.command("absent", context_settings=CONTEXT, epilog=epilog("kpo review absent 42"))
@item_argument
@click.option("--reason", help="A note, e.g. 'the form is blank there'.")
@token_option
@common_options
def absent(item_id: int, reason: str | None, token: str | None, client: str | None,
           db: str | None, reviewer: str | None, workspace: Path,
           as_json: bool) -> None:  # fmt: skip
    """The field's value is not in the document (stored with no value)."""
    from kpo.review.model import Decision

    with session(workspace, db, reviewer, client) as s:
        decide(s, item_id, token, Decision("absent", reason=reason), as_json)


@click.command("reject", context_settings=CONTEXT, epilog=epilog(
    "kpo review reject 42 --reason 'not stated in the document'"))  # fmt: skip
@item_argument
@click.option("--reason", required=True, help="Why the value is wrong or cannot be given.")
@token_option
@common_options
def reject(item_id: int, reason: str, token: str | None, client: str | None, db: str | None,
           reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Reject the proposed value, with a reason."""
    from kpo.review.model import Decision

    with session(workspace, db, reviewer, client) as s:
        decide(s, item_id, token, Decision("reject", reason=reason), as_json)


@click.command("reclassify", context_settings=CONTEXT, epilog=epilog(
    "kpo review reclassify 42 --type contract"))  # fmt: skip
@item_argument
@type_option(required=True)
@token_option
@common_options
def reclassify(item_id: int, doc_type: str, token: str | None, client: str | None,
               db: str | None, reviewer: str | None, workspace: Path,
               as_json: bool) -> None:  # fmt: skip
    """Set the document's type (one of the known types)."""
    from kpo.review.model import Decision

    with session(workspace, db, reviewer, client) as s:
        decide(s, item_id, token, Decision("reclassify", doc_type=doc_type), as_json)  # type: ignore[arg-type]


@click.command("decide", context_settings=CONTEXT, epilog=epilog(
    "kpo review decide 42 --action absent", "kpo review decide 42 --action reclassify --type claim",
    "kpo review decide 42 --action correct --value 2024-03-01"))  # fmt: skip
@item_argument
@click.option("--action", required=True, type=click.Choice(ACTION_CHOICES),
              help="The decision; each takes the options of its own command.")  # fmt: skip
@click.option("--value", help="correct: the right value.")
@click.option("--reason", help="reject (required), absent: why.")
@type_option(required=False)
@token_option
@common_options
def decide_command(item_id: int, action: str, value: str | None, reason: str | None,
                   doc_type: str | None, token: str | None, client: str | None, db: str | None,
                   reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Any decision by name: --action accept|correct|absent|reject|reclassify."""
    from kpo.review.model import Decision

    decision = Decision(action, value=value, reason=reason, doc_type=doc_type)  # type: ignore[arg-type]
    with session(workspace, db, reviewer, client) as s:
        decide(s, item_id, token, decision, as_json)


@click.command("undo", context_settings=CONTEXT, epilog=epilog("kpo review undo 42"))
@item_argument
@token_option
@common_options
def undo(item_id: int, token: str | None, client: str | None, db: str | None,
         reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Take back your own decision while its lease holds; the item is yours again (E513 if not)."""
    from kpo.review.model import iso

    with session(workspace, db, reviewer, client) as s:
        s.service.show(item_id, client)
        kept = token or s.claims.get(item_id)
        if kept is None:
            why = "this workspace kept no claim token of yours for it (pass --token)"
            raise ConfigError(Errors.E513.format(item_id=item_id, why=why))
        claim = s.service.undo(item_id, s.reviewer, kept)
        s.claims.put(item_id, claim.token)
    if as_json:
        print_json(claim.to_dict())
    else:
        until = iso(claim.expires_at)
        click.echo(f"Item {item_id}: decision taken back; it is yours until {until}.")


@click.command("skip", context_settings=CONTEXT, epilog=epilog("kpo review skip 42"))
@item_argument
@token_option
@common_options
def skip(item_id: int, token: str | None, client: str | None, db: str | None,
         reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Give a claimed item back undecided; 'next' gives it to you again only after the others."""
    with session(workspace, db, reviewer, client) as s:
        item = s.service.skip(item_id, s.reviewer, s.token(item_id, token))
        s.claims.drop(item_id)
    if as_json:
        print_json(item.to_dict())
    else:
        click.echo(f"Item {item_id} skipped: it comes back to you after the others.")


COMMANDS = (accept, correct, absent, reject, reclassify, decide_command, undo, skip)
