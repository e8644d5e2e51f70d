"""``kpo status``: the batches of a workspace and what waits for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kpo.cli.common import CONTEXT, json_option, print_json, user_errors, workspace_option

STATUS_EPILOG = """\b
Examples:
  kpo status                        every batch, newest first
  kpo status --client acme          one client's batches
  kpo status 20261123-101500-ab12   one batch in detail
  kpo status --json                 for scripts
"""


@click.command(context_settings=CONTEXT, epilog=STATUS_EPILOG)
@click.argument("batch", required=False)
@click.option("--client", help="Only this client's batches.")
@workspace_option
@json_option
@user_errors
def status(batch: str | None, client: str | None, workspace: Path, as_json: bool) -> None:
    """Show the batches in the workspace: counts, failures, review backlog."""
    from kpo.status import batch_status, list_batches
    from kpo.workspace import Workspace

    ws = Workspace(workspace)
    if batch:
        data: Any = batch_status(ws, batch, client)
        print_json(data) if as_json else _print_one(data)
        return
    rows = list_batches(ws, client)
    print_json(rows) if as_json else _print_many(rows, ws)
    if not as_json:
        _print_interrupted(ws, client)


def _print_interrupted(ws: Any, client: str | None) -> None:
    from kpo.status import interrupted_runs

    for run in interrupted_runs(ws, client):
        click.echo(
            f"Interrupted: batch {run['batch_id']} of {run['client']}, "
            f"{run['documents_done']} document(s) done. Resume it with "
            f"'kpo run INPUT... --client {run['client']} --batch {run['batch_id']}'."
        )


def _print_many(rows: list[dict[str, Any]], ws: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    if not rows:
        click.echo(f"No batches in {ws.root}. Run 'kpo run INPUT --client NAME' first.")
        return
    table = Table(title=f"Batches in {ws.root}")
    for column in ("client", "batch", "created", "docs", "pages", "ok", "failed", "review open"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["client"], r["batch_id"], str(r["created_at"]), str(r["documents"]),
            str(r["pages"]), str(r["succeeded"]), str(r["failed"]), str(r["review"]["open"]),
        )  # fmt: skip
    Console().print(table)


def _print_one(r: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Batch {r['batch_id']} ({r['client']})", show_header=False)
    table.add_column()
    table.add_column()
    for key in ("created_at", "documents", "pages", "succeeded", "failed", "output_dir"):
        table.add_row(key, str(r[key]))
    for label, counts in (
        ("by type", r["by_type"]),
        ("failed, by reason", r["failures_by_reason"]),
        ("review, by status", r["review"]["by_status"]),
        ("review, by reason", r["review"]["by_reason"]),
    ):
        text = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "-"
        table.add_row(label, text)
    Console().print(table)
