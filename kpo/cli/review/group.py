"""``kpo review``: work through the review queue in the terminal.

Every subcommand takes ``--client``, ``--json``, ``--db``, ``--workspace`` and
``--reviewer``. ``next`` and ``claim`` keep the claim's token in the workspace
(see kpo/cli/review/tokens.py), so the decision commands that follow find it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kpo.cli.common import CONTEXT, print_json
from kpo.cli.review.decide import COMMANDS as DECISIONS
from kpo.cli.review.desk import desk
from kpo.cli.review.session import common_options, display_item, epilog, session, token_option
from kpo.errors import Errors, WorkspaceError
from kpo.records import DOC_TYPES
from kpo.review.model import SORT_KEYS

REVIEW_EPILOG = """\b
Examples:
  kpo review next --client acme          claim and show the next item
  kpo review accept 42                   the proposed value is right
  kpo review correct 42 --value 2024-03-01 --box 72,140,180,152
  kpo review reject 42 --reason "not on the page"
  kpo review stats --client acme --json
  kpo review list --db postgresql://kpo@db.internal/kpo
"""


@click.group(context_settings=CONTEXT, epilog=REVIEW_EPILOG)
def review() -> None:
    """Review uncertain values: claim an item, then accept, correct, reject or reclassify it.

    A claim is a 15-minute lease: renew it to keep working, release it to give the item
    back. A decision is final and every action goes to an append-only audit log.
    """


@review.command("list", context_settings=CONTEXT, epilog=epilog(
    "kpo review list --client acme", "kpo review list --status done --reason audit_sample",
    "kpo review list --search 'invoice 2024' --sort confidence",
    "kpo review list --doc 9f2c... --status all --json"))  # fmt: skip
@click.option("--status", type=click.Choice(["open", "claimed", "done", "all"]), default="open",
              show_default=True)  # fmt: skip
@click.option("--reason", help="Only items sent for this reason (e.g. low_confidence).")
@click.option("--batch", "batch_id", help="Only this batch's items.")
@click.option("--doc", "doc_id", help="Only this document's items (its sha256, the doc_id).")
@click.option("--type", "doc_type", type=click.Choice(DOC_TYPES), help="Only this document type.")
@click.option("--search", help="Only items whose file, field or value holds this text (any case).")
@click.option("--sort", type=click.Choice(SORT_KEYS), default="item_id", show_default=True,
              help="Order by this (empty values last), then by item id.")  # fmt: skip
@click.option("--desc", "descending", is_flag=True, help="Largest (or latest) first.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@common_options
def list_items(status: str, reason: str | None, batch_id: str | None, doc_id: str | None,
               doc_type: str | None, search: str | None, sort: str, descending: bool, limit: int,
               client: str | None, db: str | None, reviewer: str | None, workspace: Path,
               as_json: bool) -> None:  # fmt: skip
    """List the items of the queue: oldest first, or sorted; filtered, searched."""
    from kpo.cli.review.show import print_items
    from kpo.review.model import ItemFilter

    flt = ItemFilter(client, batch_id, None if status == "all" else status,  # type: ignore[arg-type]
                     reason, doc_type, limit=limit, doc_id=doc_id, search=search or None,
                     sort=sort, descending=descending)  # fmt: skip
    with session(workspace, db, reviewer, client) as s:
        items = s.service.list_items(flt)
    print_json([i.to_dict() for i in items]) if as_json else print_items(items)


@review.command("progress", context_settings=CONTEXT, epilog=epilog(
    "kpo review progress --client acme", "kpo review progress --json"))  # fmt: skip
@common_options
def progress(client: str | None, db: str | None, reviewer: str | None, workspace: Path,
             as_json: bool) -> None:  # fmt: skip
    """Your decisions today (since 00:00 UTC) and in all; the items left and the oldest one."""
    from kpo.review.progress import progress_text

    with session(workspace, db, reviewer, client) as s:
        found = s.service.progress(client, s.reviewer)
        now = s.service.clock()
    print_json(found.to_dict()) if as_json else click.echo(progress_text(found, now))


@review.command("next", context_settings=CONTEXT, epilog=epilog(
    "kpo review next --client acme", "kpo review next --reason audit_sample --json"))  # fmt: skip
@click.option("--reason", help="Only items sent for this reason.")
@click.option("--batch", "batch_id", help="Only this batch's items.")
@common_options
def next_item(reason: str | None, batch_id: str | None, client: str | None, db: str | None,
              reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Claim the next open item and show it (its token is kept for the next command)."""
    from kpo.review.model import ItemFilter

    with session(workspace, db, reviewer, client) as s:
        claim = s.service.claim_next(s.reviewer, ItemFilter(client, batch_id, reason=reason))
        if claim is None:
            print_json(None) if as_json else click.echo("Nothing left to review.")
            return
        s.claims.put(claim.item.item_id, claim.token)
        display_item(s, claim.item.item_id, as_json, claim)


@review.command("claim", context_settings=CONTEXT, epilog=epilog("kpo review claim 42"))
@click.argument("item_id", type=int)
@common_options
def claim_item(item_id: int, client: str | None, db: str | None, reviewer: str | None,
               workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Claim one item by id and show it."""
    with session(workspace, db, reviewer, client) as s:
        claim = s.service.claim(item_id, s.reviewer, client)
        s.claims.put(item_id, claim.token)
        display_item(s, item_id, as_json, claim)


@review.command("show", context_settings=CONTEXT, epilog=epilog(
    "kpo review show 42", "kpo review show 42 --history --json"))  # fmt: skip
@click.argument("item_id", type=int)
@click.option("--history", is_flag=True, help="Also show the item's audit log.")
@common_options
def show_item(item_id: int, history: bool, client: str | None, db: str | None,
              reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Show one item: file, page, box, proposed value and the text around it, confidence,
    reason, decision."""
    from kpo.cli.review.show import print_context, print_history, print_item

    with session(workspace, db, reviewer, client) as s:
        item = s.service.show(item_id, client)
        context = s.context(item)
        entries = s.service.history(item_id) if history else []
    if as_json:
        data = {**item.to_dict(), "context": context}
        if history:
            data["history"] = [e.to_dict() for e in entries]
        print_json(data)
        return
    print_item(item)
    print_context(context)
    if history:
        print_history(entries)


@review.command("release", context_settings=CONTEXT, epilog=epilog("kpo review release 42"))
@click.argument("item_id", type=int)
@token_option
@common_options
def release(item_id: int, token: str | None, client: str | None, db: str | None,
            reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Give a claimed item back to the queue without deciding."""
    with session(workspace, db, reviewer, client) as s:
        item = s.service.release(item_id, s.reviewer, s.token(item_id, token))
        s.claims.drop(item_id)
    print_json(item.to_dict()) if as_json else click.echo(f"Item {item_id} is back in the queue.")


@review.command("renew", context_settings=CONTEXT, epilog=epilog("kpo review renew 42"))
@click.argument("item_id", type=int)
@token_option
@common_options
def renew(item_id: int, token: str | None, client: str | None, db: str | None,
          reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Extend your claim on an item by a full lease from now."""
    from kpo.review.model import iso

    with session(workspace, db, reviewer, client) as s:
        claim = s.service.renew(item_id, s.reviewer, s.token(item_id, token))
    if as_json:
        print_json(claim.to_dict())
    else:
        click.echo(f"Item {item_id} is yours until {iso(claim.expires_at)}.")


@review.command("stats", context_settings=CONTEXT, epilog=epilog(
    "kpo review stats", "kpo review stats --client acme --json"))  # fmt: skip
@click.option("--batch", "batch_id", help="Only this batch's items.")
@common_options
def stats(batch_id: str | None, client: str | None, db: str | None, reviewer: str | None,
          workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Open, claimed and done items, by reason; decisions; items per hour per reviewer."""
    from kpo.cli.review.show import print_stats

    with session(workspace, db, reviewer, client) as s:
        result = s.service.stats(client, batch_id)
    print_json(result.to_dict()) if as_json else print_stats(result)


@review.command("export", context_settings=CONTEXT, epilog=epilog(
    "kpo review export --client acme -o reviewed.jsonl"))  # fmt: skip
@click.option("--batch", "batch_id", help="Only this batch's decisions.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output).")  # fmt: skip
@common_options
def export(batch_id: str | None, output: Path | None, client: str | None, db: str | None,
           reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """Write the decisions as labelled examples (labels.jsonl lines: file, doc_type, fields)."""
    from kpo.review.export import export_labels, write_labels

    with session(workspace, db, reviewer, client) as s:
        rows = list(export_labels(s.service, client, batch_id))
    if output is None:
        write_labels(rows, sys.stdout)
        return
    try:
        with output.open("w", encoding="utf-8") as out:
            count = write_labels(rows, out)
    except OSError as exc:
        raise WorkspaceError(Errors.E402.format(path=str(output), why=exc)) from exc
    print_json({"output": str(output), "documents": count}) if as_json else click.echo(
        f"{count} labelled document(s) written to {output}."
    )


for _command in (*DECISIONS, desk):
    review.add_command(_command)
