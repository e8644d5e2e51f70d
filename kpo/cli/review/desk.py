"""``kpo review desk``: the review flow in a terminal, one key a decision.

In a terminal the keys act at once (kpo/cli/review/desk_tty.py, prompt_toolkit);
otherwise (a pipe, a script, click's test runner) the desk reads one command a line:
a key or an action's name, then what it takes (``e 1 March 2024``, ``t claim``,
``r not legible``). Both drive the same ``Desk`` (kpo/cli/review/desk_flow.py) and
show the same view: the item, the value with the text around it, the lease, the keys.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from kpo.cli.common import CONTEXT
from kpo.cli.review.desk_flow import KEYS, Desk, Outcome, keys_for
from kpo.cli.review.session import common_options, epilog, session
from kpo.errors import KpoError

Fragment = tuple[str, str]  # (prompt_toolkit style, text)


def clock_text(seconds: float) -> str:
    """Seconds as m:ss (0:00 once past)."""
    seconds = max(int(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def lease_text(desk: Desk) -> str:
    left = desk.lease_left()
    if left is None:
        return ""
    if left <= 0:
        return "lease ended: the next decision takes the item again if it is still free"
    return f"lease {clock_text(left)} left"


def progress_line(desk: Desk) -> str:
    """The reviewer's day in a few words: decided today, items left."""
    p = desk.s.service.progress(desk.s.client, desk.s.reviewer)
    return f"{p.decided_today} decided today, {p.open + p.claimed} left"


def _context(desk: Desk) -> list[list[Fragment]]:
    from kpo.cli.review.show import NO_PAGES, spans

    assert desk.item is not None
    lines = desk.s.context(desk.item)
    if not lines:
        return [[("class:dim", f"  {NO_PAGES if lines is None else '(no text on this page)'}")]]
    shown = []
    for line in lines:
        fragments: list[Fragment] = [("", "  ")]
        for n, (marked, text) in enumerate(spans(line)):
            fragments += [("", " ")] if n else []
            fragments.append(("class:mark" if marked else "", text))
        shown.append(fragments)
    return shown


def view(desk: Desk) -> list[list[Fragment]]:
    """What the desk shows of its item: where it is from, the value in its text, the keys."""
    item = desk.item
    if item is None:
        return [[("class:head", "Nothing left to review."), ("", "  u undo, q quit")]]
    conf = f"confidence {item.confidence:.2f}" if item.confidence is not None else "no value found"
    what = item.field or "document type"
    value = repr(item.value) if item.value is not None else "(missing)"
    keys = "  ".join(f"{k.key} {k.action}" for k in KEYS if k.key in keys_for(item))
    return [
        [("class:head", f"item {item.item_id}  {what}"), ("", f"  {item.reason}, {conf}")],
        [("class:dim", f"  {item.path}  page {item.page_number or '-'}  ({item.doc_type})")],
        [("", "value: "), ("class:head", value)],
        *_context(desk),
        [("class:dim", f"{lease_text(desk)} · {progress_line(desk)}")],
        [("class:dim", keys)],
    ]


def plain(line: list[Fragment], styled: bool) -> str:
    """One view line as text: the marked words bold (or [in brackets] when not a terminal)."""
    parts = []
    for style, text in line:
        if style == "class:mark":
            text = click.style(text, bold=True, reverse=True) if styled else f"[{text}]"
        elif style == "class:head" and styled:
            text = click.style(text, bold=True)
        parts.append(text)
    return "".join(parts)


class LineFront:
    """The desk read one command a line; prints the view (or JSON events) after each."""

    def __init__(self, desk: Desk, as_json: bool) -> None:
        self.desk = desk
        self.as_json = as_json
        self.styled = sys.stdout.isatty()
        self.refused = 0

    def emit(self, event: str, **data: Any) -> None:
        click.echo(json.dumps({"event": event, **data}, sort_keys=True, default=str))

    def show(self) -> None:
        d = self.desk
        if not self.as_json:
            click.echo("\n".join(plain(line, self.styled) for line in view(d)))
        elif d.claim is None:
            self.emit("empty")
        else:
            context = d.s.context(d.claim.item)
            self.emit("item", claim=d.claim.to_dict(), context=context, lease_left_s=d.lease_left())

    def outcome(self, done: Outcome) -> None:
        if self.as_json:
            item = done.item.to_dict() if done.item is not None else None
            self.emit(done.event, message=done.message, item=item)
        else:
            click.echo(done.message)

    def command(self, line: str) -> bool:
        """Do one command line; False once the desk is to stop."""
        key, _, text = line.strip().partition(" ")
        before = self.desk.item
        try:
            done = self.desk.act(key, text)
        except KpoError as exc:
            self.refused += 1
            self.emit("refused", message=str(exc)) if self.as_json else click.echo(str(exc))
            if self.desk.item != before:  # the lease was lost: the desk moved on
                self.show()
            return True
        self.outcome(done)
        if done.event not in ("quit", "help"):
            self.show()
        return done.event != "quit"

    def run(self, lines: Iterable[str]) -> int:
        """Read commands until ``q`` or the end of input; return how many were refused."""
        self.show()
        try:
            for line in lines:
                if line.strip() and not self.command(line):
                    return self.refused
            self.command("quit")  # the end of input: the item goes back
        finally:
            if self.desk.claim is not None:
                self.desk.act("quit")
        return self.refused


@click.command("desk", context_settings=CONTEXT, epilog=epilog(
    "kpo review desk --client acme", "kpo review desk --client acme --reason missing_required",
    "printf 'a\\ne 1 March 2024\\nq\\n' | kpo review desk --client acme --json"))  # fmt: skip
@click.option("--reason", help="Only items sent for this reason.")
@click.option("--batch", "batch_id", help="Only this batch's items.")
@common_options
def desk(reason: str | None, batch_id: str | None, client: str | None, db: str | None,
         reviewer: str | None, workspace: Path, as_json: bool) -> None:  # fmt: skip
    """The review desk: the next item and the text around its value, one key a decision.

    \b
    Keys: a accept, e edit, x not in the document, t document type, r reject,
    s skip, u undo, q quit, ? help. It moves on after each decision and renews the
    lease while you work. Not in a terminal, it reads one command a line
    (a | e VALUE | x | t TYPE | r REASON | s | u | q) and ends with status 1 if any
    was refused; --json prints one JSON object an event.
    """
    from kpo.review.model import ItemFilter

    with session(workspace, db, reviewer, client) as s:
        d = Desk(s, ItemFilter(client, batch_id, reason=reason))
        d.advance()
        if sys.stdin.isatty() and sys.stdout.isatty() and not as_json:
            from kpo.cli.review.desk_tty import TtyFront

            TtyFront(d).run()
            return
        refused = LineFront(d, as_json).run(sys.stdin)
    if refused:
        click.get_current_context().exit(1)
