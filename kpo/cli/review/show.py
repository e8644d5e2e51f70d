"""How ``kpo review`` shows items, lists and stats to people (``--json`` bypasses this)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from kpo.review.model import AuditEntry, Claim, QueueItem, QueueStats, iso
from kpo.textsafe import clean_text

if TYPE_CHECKING:
    from kpo.review.context import Line

NO_PAGES = "(the text of this page is not in the workspace's batch: open the file to see it)"


def _box(item: QueueItem) -> str:
    b = item.box
    return f"{b.x0:g},{b.top:g},{b.x1:g},{b.bottom:g}" if b else "-"


def _decision(item: QueueItem) -> str:
    if item.decision is None:
        return "-"
    d = item.decision.decision
    detail = d.value or d.reason or d.doc_type or ""
    return f"{d.action} {detail!r} by {item.decision.reviewer} at {iso(item.decision.decided_at)}"


def print_item(item: QueueItem, claim: Claim | None = None) -> None:
    """One item with its evidence: file, page, box, value, confidence and reason."""
    confidence = f"{item.confidence:.2f}" if item.confidence is not None else "-"
    threshold = f" (threshold {item.threshold:.2f})" if item.threshold is not None else ""
    rows = [
        ("item", f"{item.item_id}  [{item.status}]"),
        ("client / batch", f"{item.client} / {item.batch_id}"),
        ("file", item.path),
        ("document", f"{item.doc_id[:16]}  type {item.doc_type}"),
        ("reason", item.reason),
        ("field", item.field or "(document type)"),
        ("value", repr(item.value) if item.value is not None else "(missing)"),
        ("confidence", confidence + threshold),
        ("page / box", f"{item.page_number or '-'} / {_box(item)}"),
        ("decision", _decision(item)),
    ]
    if item.status == "claimed":
        rows.append(("claimed by", f"{item.claimed_by} until {iso(item.lease_until)}"))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        click.echo(f"{key:<{width}}  {value}")
    if claim is not None:
        i = item.item_id
        if item.field is None:
            choices = f"accept {i} | reclassify {i} --type T | reject {i} --reason R"
        else:
            choices = f"accept {i} | correct {i} --value V | absent {i} | reject {i} --reason R"
        click.echo(f"\nClaimed until {iso(claim.expires_at)}. Next: kpo review {choices} | "
                   f"skip {i} | release {i}")  # fmt: skip


def spans(line: Line) -> list[tuple[bool, str]]:
    """A line's words joined into runs, each marked when its words are inside the value's box."""
    runs: list[tuple[bool, list[str]]] = []
    for word, marked in line:
        if runs and runs[-1][0] == marked:
            runs[-1][1].append(clean_text(word))
        else:
            runs.append((marked, [clean_text(word)]))
    return [(marked, " ".join(words)) for marked, words in runs]


def context_text(line: Line, styled: bool) -> str:
    """One line of the text around the value: the value's words bold, or [in brackets] when
    the output is not a terminal (a pipe, a file)."""
    parts = []
    for marked, text in spans(line):
        if marked:
            text = click.style(text, bold=True, reverse=True) if styled else f"[{text}]"
        parts.append(text)
    return " ".join(parts)


def print_context(lines: list[Line] | None) -> None:
    """The text around the value, under the item (the page's lines near its box)."""
    click.echo("\ntext around the value:")
    if lines is None or not lines:
        click.echo(f"  {NO_PAGES if lines is None else '(no text on this page)'}")
        return
    styled = sys.stdout.isatty()
    for line in lines:
        click.echo(f"  {context_text(line, styled)}")


def print_items(items: Sequence[QueueItem]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not items:
        click.echo("No items match.")
        return
    table = Table()
    for column in ("id", "client", "status", "reason", "type", "field", "value", "conf", "who"):
        table.add_column(column)
    for i in items:
        who = i.claimed_by or (i.decision.reviewer if i.decision else "")
        conf = f"{i.confidence:.2f}" if i.confidence is not None else ""
        value = (i.value or "")[:40]
        table.add_row(str(i.item_id), i.client, i.status, i.reason, i.doc_type, i.field or "",
                      value, conf, who)  # fmt: skip
    Console().print(table)


def print_history(entries: Sequence[AuditEntry]) -> None:
    click.echo("\nhistory:")
    for e in entries:
        click.echo(f"  {iso(e.at)}  {e.reviewer:<12} {e.action:<10} "
                   f"{e.before.get('status')} -> {e.after.get('status')}")  # fmt: skip


def print_stats(stats: QueueStats) -> None:
    data: dict[str, Any] = stats.to_dict()
    click.echo(f"open {data['open']}   claimed {data['claimed']}   done {data['done']}")
    for reason, counts in sorted(data["by_reason"].items()):
        text = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        click.echo(f"  {reason:<22} {text}")
    if data["by_action"]:
        click.echo(
            "decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(data["by_action"].items()))
        )
    for r in data["reviewers"]:
        click.echo(f"  {r['reviewer']:<16} {r['decided']:>6} decided  {r['per_hour']:>7} per hour")
