"""The review desk's flow, apart from the keyboard and the screen that drive it.

One ``Desk`` holds the item the reviewer is on (its claim) and the last decision
(kept for undo). Each key is an action on the library's ``ReviewService``; after a
decision or a skip the desk claims the next item at once. The lease is renewed while
the reviewer works: when less than half of it is left and they acted within the last
half lease (so an abandoned desk lets its item go back to the queue). A lease that
has ended is taken again before a decision if nobody else took the item meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kpo.errors import ConfigError, Errors, KpoError
from kpo.records import DOC_TYPES
from kpo.review.model import Claim, Decision, ItemFilter, QueueItem

if TYPE_CHECKING:
    from kpo.cli.review.session import Session


@dataclass(frozen=True, slots=True)
class Key:
    """One key of the desk: its letter, its action, what it does, what it takes after it."""

    key: str
    action: str
    help: str
    takes: str | None = None


KEYS = (
    Key("a", "accept", "the value (or document type) is right"),
    Key("e", "edit", "type the right value (shown normalised before it is saved)", "VALUE"),
    Key("x", "absent", "the value is not in the document"),
    Key("t", "type", "the document's type: " + ", ".join(DOC_TYPES), "TYPE"),
    Key("r", "reject", "reject the value, with a reason", "REASON"),
    Key("s", "skip", "give it back; it comes to you again after the others"),
    Key("u", "undo", "take back your last decision while its lease holds"),
    Key("q", "quit", "give the item back and stop"),
    Key("?", "help", "list these keys"),
)
BY_KEY = {k.key: k for k in KEYS} | {k.action: k for k in KEYS}
FIELD_KEYS = "aexrsuq?"  # the keys that make sense on a field item
TYPE_KEYS = "atrsuq?"  # ... and on a document-type item


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one key did: an event name, a message for people, and the item concerned."""

    event: str
    message: str
    item: QueueItem | None = None


def keys_for(item: QueueItem | None) -> str:
    """The keys offered on an item (none left: only undo, quit and help)."""
    if item is None:
        return "uq?"
    keys = TYPE_KEYS if item.field is None else FIELD_KEYS
    return keys if item.value is not None else keys.replace("a", "")


def choose_type(text: str) -> str:
    """A document type by name or by its number in DOC_TYPES (1-based); E514 otherwise."""
    name = text.strip().lower()
    if name.isdigit() and 1 <= int(name) <= len(DOC_TYPES):
        return DOC_TYPES[int(name) - 1]
    if name in DOC_TYPES:
        return name
    raise ConfigError(
        Errors.E514.format(what="document type", value=text.strip(), choices=list(DOC_TYPES))
    )


class Desk:
    """The reviewer's desk over one ``Session``: the current claim and the last decision."""

    def __init__(self, s: Session, flt: ItemFilter) -> None:
        self.s = s
        self.flt = flt
        self.claim: Claim | None = None
        self.decided: Claim | None = None
        self.last_active = self.now()

    def now(self) -> float:
        clock: Callable[[], float] = self.s.service.clock
        return clock()

    @property
    def item(self) -> QueueItem | None:
        return self.claim.item if self.claim is not None else None

    def advance(self) -> Claim | None:
        """Claim the next item matching the desk's filter (None: nothing left)."""
        self.claim = self.s.service.claim_next(self.s.reviewer, self.flt)
        return self.claim

    def lease_left(self) -> float | None:
        """Seconds left on the current item's lease (None when there is no item)."""
        return None if self.claim is None else self.claim.expires_at - self.now()

    def touch(self) -> None:
        """The reviewer did something: the lease is kept while they work."""
        self.last_active = self.now()

    def keep_lease(self) -> bool:
        """Renew the lease when half of it is gone and the reviewer was active since."""
        left, half = self.lease_left(), self.s.service.lease_s / 2
        if self.claim is None or left is None or left <= 0 or left >= half:
            return False
        if self.now() - self.last_active >= half:
            return False
        c = self.claim
        self.claim = self.s.service.renew(c.item.item_id, c.reviewer, c.token)
        return True

    def _held(self) -> Claim:
        """The current claim, taken again if its lease ended and the item is still free."""
        if self.claim is None:
            raise ConfigError(Errors.E521)
        left = self.lease_left()
        if left is not None and left <= 0:
            try:
                self.claim = self.s.service.claim(self.claim.item.item_id, self.s.reviewer)
            except KpoError:
                self.advance()  # someone else took it: on to the next
                raise
        return self.claim

    def act(self, key: str, text: str = "") -> Outcome:
        """Do what ``key`` (a letter or an action name) says; KpoError when refused."""
        found = BY_KEY.get(key.strip().lower())
        if found is None:
            raise ConfigError(Errors.E522.format(key=key, keys=" ".join(k.key for k in KEYS)))
        self.touch()
        self.keep_lease()
        handler: Callable[[str], Outcome] = getattr(self, f"_{found.action}")
        return handler(text)

    def _decide(self, decision: Decision) -> Outcome:
        from kpo.cli.review.decide import saved_text

        c = self._held()
        item = self.s.service.decide(c.item.item_id, c.reviewer, c.token, decision)
        self.decided = Claim(item, c.reviewer, c.token, c.expires_at)
        self.advance()
        return Outcome(decision.action, saved_text(item), item)

    def _accept(self, text: str) -> Outcome:
        return self._decide(Decision("accept"))

    def _edit(self, text: str) -> Outcome:
        return self._decide(Decision("correct", value=text))

    def _absent(self, text: str) -> Outcome:
        return self._decide(Decision("absent", reason=text.strip() or None))

    def _type(self, text: str) -> Outcome:
        return self._decide(Decision("reclassify", doc_type=choose_type(text)))  # type: ignore[arg-type]

    def _reject(self, text: str) -> Outcome:
        return self._decide(Decision("reject", reason=text))

    def _skip(self, text: str) -> Outcome:
        c = self._held()
        item = self.s.service.skip(c.item.item_id, c.reviewer, c.token)
        self.advance()
        return Outcome("skip", f"Item {item.item_id} skipped: it comes back after the others.",
                       item)  # fmt: skip

    def _undo(self, text: str) -> Outcome:
        """Take back the last decision; its item is on the desk again, the current one goes back."""
        if self.decided is None:
            raise ConfigError(Errors.E523)
        d = self.decided
        claim = self.s.service.undo(d.item.item_id, d.reviewer, d.token)
        self.decided = None
        self._quit("")
        self.claim = claim
        return Outcome("undo", f"Item {claim.item.item_id}: decision taken back.", claim.item)

    def _quit(self, text: str) -> Outcome:
        """Give the current item back (a lost lease needs no release)."""
        c, left = self.claim, self.lease_left()
        self.claim = None
        if c is not None and left is not None and left > 0:
            with suppress(KpoError):  # someone else has it now: nothing of ours to give back
                self.s.service.release(c.item.item_id, c.reviewer, c.token)
        return Outcome("quit", f"Bye. {self.day()}", c.item if c else None)

    def day(self) -> str:
        """The reviewer's day so far (kpo review progress's line)."""
        from kpo.review.progress import progress_text

        found = self.s.service.progress(self.s.client, self.s.reviewer)
        return progress_text(found, self.now())

    def _help(self, text: str) -> Outcome:
        return Outcome("help", help_text(self.item))


def help_text(item: QueueItem | None) -> str:
    """The keys offered on ``item``, one a line, with what each takes after it."""
    offered = keys_for(item)
    lines = [f"  {k.key}  {k.action:<7} {k.help}" for k in KEYS if k.key in offered]
    return "\n".join(lines)
