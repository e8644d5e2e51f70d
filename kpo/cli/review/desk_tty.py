"""The review desk in a terminal: prompt_toolkit, one key press a decision.

Each item is printed (the view of kpo/cli/review/desk.py), then one key acts at once,
with no Enter. ``e`` asks for the value, the proposed one filled in, and shows below
it, as it is typed, the value that would be saved (normalised, or the library's
message saying what to type); ``t`` takes the type's number; ``r`` a reason. Escape
or Ctrl-C cancels a question; Ctrl-C or Ctrl-D at the keys quits. The bottom bar
shows the item and the lease's time left, once a second, and renews the lease while
the reviewer works (kpo/cli/review/desk_flow.py says when).
"""

from __future__ import annotations

from typing import Any

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import get_app
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.styles import Style

from kpo.cli.review.desk import Fragment, lease_text, view
from kpo.cli.review.desk_flow import KEYS, Desk, keys_for
from kpo.errors import KpoError
from kpo.records import DOC_TYPES
from kpo.review.model import QueueItem

STYLE = Style.from_dict({
    "head": "bold", "mark": "bold reverse", "dim": "#888888", "error": "ansired bold",
    "ok": "ansigreen", "bottom-toolbar": "noreverse",
})  # fmt: skip
TYPE_MENU = "  ".join(f"{n} {t}" for n, t in enumerate(DOC_TYPES, 1))


def preview_text(item: QueueItem, typed: str) -> str:
    """What ``typed`` would be saved as (normalised by the field's kind), or why it would not."""
    from kpo.review.answers import parse_answer

    try:
        return f" saves {parse_answer(item, typed)!r} · Enter saves, Esc cancels"
    except KpoError as exc:
        return f" {exc}"


def _exit_with(result: str | None) -> Any:
    def handler(event: KeyPressEvent) -> None:
        event.app.exit(result=result)

    return handler


def key_bindings(keys: str, cancel: str | None) -> KeyBindings:
    """Each of ``keys`` ends the prompt with itself; other keys are ignored; Ctrl-C and
    Ctrl-D end it with ``cancel``."""
    kb = KeyBindings()
    kb.add("<any>")(lambda event: None)
    for key in keys:
        kb.add(key)(_exit_with(key))
    for key in ("c-c", "c-d"):
        kb.add(key)(_exit_with(cancel))
    return kb


def cancel_bindings() -> KeyBindings:
    """Escape and Ctrl-C give up a question (the prompt returns None)."""
    kb = KeyBindings()
    for key in ("escape", "c-c"):
        kb.add(key, eager=True)(_exit_with(None))
    return kb


class TtyFront:
    """Prompts on a terminal (or on a pipe input and a dummy output, in tests)."""

    def __init__(self, desk: Desk, input: Any = None, output: Any = None) -> None:
        self.desk = desk
        self.output = output
        self.keys: PromptSession[str | None] = PromptSession(input=input, output=output)
        self.text: PromptSession[str | None] = PromptSession(input=input, output=output)
        self.typed = ""

    def say(self, *lines: list[Fragment]) -> None:
        for line in lines:
            print_formatted_text(FormattedText(line), style=STYLE, output=self.output)

    def toolbar(self) -> str:
        """The item and its lease's time left (renewed here while the reviewer works)."""
        try:
            self.desk.keep_lease()
        except KpoError as exc:  # the claim was lost meanwhile: say so, the next key acts
            return f" {exc}"
        item = self.desk.item
        where = f" item {item.item_id} · " if item is not None else " "
        return f"{where}{lease_text(self.desk) or 'no item'} · ? help"

    def read_key(self) -> str:
        offered = "".join(k.key for k in KEYS if k.key in keys_for(self.desk.item))
        kb = key_bindings(offered, "q")
        key = self.keys.prompt("> ", key_bindings=kb, bottom_toolbar=self.toolbar,
                               refresh_interval=1.0, style=STYLE)  # fmt: skip
        return key or "q"

    def preview(self) -> str:
        """The bottom bar under a value being typed: what it would be saved as."""
        typed = get_app().current_buffer.text
        if typed != self.typed:
            self.typed = typed
            self.desk.touch()
        item = self.desk.item
        return "" if item is None else preview_text(item, typed)

    def ask(self, key: str) -> str | None:
        """What the key takes after it (a value, a type, a reason); None when cancelled."""
        item = self.desk.item
        if key == "e" and item is not None:
            return self.text.prompt("value: ", default=item.value or "",
                                    bottom_toolbar=self.preview, refresh_interval=1.0,
                                    key_bindings=cancel_bindings(), style=STYLE)  # fmt: skip
        if key == "t":
            numbers = "".join(str(n) for n in range(1, len(DOC_TYPES) + 1))
            return self.keys.prompt(f"type: {TYPE_MENU}  (Esc cancels) ",
                                    key_bindings=merge_key_bindings(
                                        [key_bindings(numbers, None), cancel_bindings()]),
                                    bottom_toolbar=self.toolbar, style=STYLE)  # fmt: skip
        if key == "r":
            return self.text.prompt("reason: ", key_bindings=cancel_bindings(),
                                    bottom_toolbar=self.toolbar, style=STYLE)  # fmt: skip
        return ""

    def step(self) -> bool:
        """One key and what it takes; False once the desk is to stop."""
        key = self.read_key()
        text = self.ask(key)
        if text is None:
            return True
        before = self.desk.item
        try:
            done = self.desk.act(key, text)
        except KpoError as exc:
            self.say([("class:error", str(exc))])
            if self.desk.item != before:  # the lease was lost: the desk moved on
                self.say(*view(self.desk))
            return True
        self.say([("class:ok", done.message)])
        if done.event not in ("quit", "help"):
            self.say(*view(self.desk))
        return done.event != "quit"

    def run(self) -> None:
        self.say(*view(self.desk))
        try:
            while self.step():
                pass
        finally:
            if self.desk.claim is not None:
                self.desk.act("quit")
