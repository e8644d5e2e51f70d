"""The review queue's API: claim, renew, release, decide, list, show, history, stats.

Every method is one transaction on the store. A claim is a lease (15 minutes by
default) held by a reviewer under a random token; renew, release and decide need
that token, and are refused once someone else has taken the item over. A decision
is final (one per item, enforced by the schema) and every action appends an entry
to the audit log with the item's state before and after.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from kpo.errors import ConfigError, Errors, KpoError, WorkspaceError
from kpo.records import DOC_TYPES, ReviewItem
from kpo.review.model import (
    DEFAULT_LEASE_S,
    AuditEntry,
    Claim,
    Decision,
    ItemFilter,
    QueueCounts,
    QueueItem,
    QueueStats,
    ReviewerRate,
    iso,
)
from kpo.review.store import Store


class ClaimError(KpoError, PermissionError):
    """A claim is held by someone else, or a token is no longer valid."""


_CHANGED = "another session changed it at the same moment"


def item_row(client: str, batch_id: str, path: str, item: ReviewItem, now: str) -> list[object]:
    """The ``items`` columns of a ``ReviewItem`` sent by a batch."""
    box = item.box
    coords = (box.x0, box.top, box.x1, box.bottom) if box else (None, None, None, None)
    head = [client, batch_id, item.doc_id, path, item.doc_type, item.field, item.reason]
    return [*head, item.value, item.confidence, item.threshold, item.page_number, *coords, now]


def state(item: QueueItem) -> dict[str, Any]:
    """What the audit log keeps of an item, before or after an action."""
    box = item.box
    return {
        "status": item.status,
        "claimed_by": item.claimed_by,
        "lease_until": iso(item.lease_until),
        "value": item.value,
        "doc_type": item.doc_type,
        "page_number": item.page_number,
        "box": [box.x0, box.top, box.x1, box.bottom] if box else None,
    }


def _decided_state(item: QueueItem, d: Decision) -> dict[str, Any]:
    after = {**state(item), "status": "done", "claimed_by": None, "lease_until": None}
    after.update(action=d.action, reason=d.reason)
    if d.action == "correct":
        after["value"] = d.value
        if d.box is not None:
            after.update(page_number=d.page_number, box=[d.box.x0, d.box.top, d.box.x1,
                                                         d.box.bottom])  # fmt: skip
    if d.action == "reclassify":
        after["doc_type"] = d.doc_type
    return after


def check_decision(item: QueueItem, d: Decision) -> Decision:
    """The decision, completed from the item (page of a new box); ConfigError if incomplete."""
    why = None
    if d.action == "accept" and item.value is None:
        why = "the item has no proposed value to accept; use correct --value or reject"
    elif d.action == "correct" and not (d.value or "").strip():
        why = "a correction needs a new value (--value)"
    elif (
        d.action == "correct" and d.box is not None and (d.page_number or item.page_number) is None
    ):
        why = "a new box needs a page number (--page)"
    elif d.action == "reject" and not (d.reason or "").strip():
        why = "a rejection needs a reason (--reason)"
    elif d.action == "reclassify" and d.doc_type not in DOC_TYPES:
        why = f"the document type {d.doc_type!r} is not one of {list(DOC_TYPES)}"
    if why:
        raise ConfigError(Errors.E505.format(action=d.action, item_id=item.item_id, why=why))
    if d.box is not None and d.page_number is None:
        return replace(d, page_number=item.page_number)
    return d


class ReviewService:
    """The review queue over a ``Store`` (SQLite or PostgreSQL)."""

    def __init__(
        self,
        store: Store,
        *,
        lease_s: float = DEFAULT_LEASE_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.lease_s = lease_s
        self.clock = clock

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReviewService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # items -------------------------------------------------------------------

    def add_batch(self, client: str, batch_id: str, items: Iterable[tuple[str, ReviewItem]]) -> int:
        """Replace a batch's undecided items with (path, item) pairs; return how many were added."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [item_row(client, batch_id, path, item, now) for path, item in items]
        with self.store.transaction():
            return self.store.replace_batch(client, batch_id, rows)

    def list_items(self, flt: ItemFilter | None = None) -> list[QueueItem]:
        """Items matching ``flt``, oldest first (``flt.limit`` at most)."""
        return self.store.select(flt or ItemFilter(), self.clock())

    def show(self, item_id: int, client: str | None = None) -> QueueItem:
        """One item with its evidence and state; E501 if absent or of another client."""
        item = self.store.get(item_id, self.clock())
        return self._known(item, item_id, client)

    def history(self, item_id: int, client: str | None = None) -> list[AuditEntry]:
        """The audit entries of one item, oldest first."""
        self.show(item_id, client)
        return self.store.audit(item_id=item_id)

    def audit_log(self, client: str | None = None) -> list[AuditEntry]:
        return self.store.audit(client=client)

    @staticmethod
    def _known(item: QueueItem | None, item_id: int, client: str | None) -> QueueItem:
        if item is None or (client is not None and item.client != client):
            scope = f" for client {client!r}" if client else ""
            raise WorkspaceError(Errors.E501.format(item_id=item_id, scope=scope))
        return item

    # claims ------------------------------------------------------------------

    def claim_next(self, reviewer: str, flt: ItemFilter | None = None) -> Claim | None:
        """Claim the oldest open item matching ``flt``; None when nothing is left."""
        now = self.clock()
        with self.store.transaction():
            item_id = self.store.next_available(flt or ItemFilter(), now)
            if item_id is None:
                return None
            item = self._known(self.store.get(item_id, now, lock=True), item_id, None)
            return self._take(item, reviewer, now, "claim")

    def claim(self, item_id: int, reviewer: str, client: str | None = None) -> Claim:
        """Claim one item; ClaimError (E502) while another reviewer's lease runs."""
        now = self.clock()
        with self.store.transaction():
            item = self._known(self.store.get(item_id, now, lock=True), item_id, client)
            self._claimable(item, reviewer)
            return self._take(item, reviewer, now, "claim")

    def renew(self, item_id: int, reviewer: str, token: str) -> Claim:
        """Extend a claim by a full lease from now."""
        now = self.clock()
        with self.store.transaction():
            item = self._held(item_id, reviewer, token, now)
            until = now + self.lease_s
            if not self.store.renew(item_id, reviewer, token, until):
                raise self._lost(item_id, reviewer, token, now)
            self._audit(item, reviewer, now, "renew", {"lease_until": iso(until)})
            return Claim(self.store.get(item_id, now) or item, reviewer, token, until)

    def release(self, item_id: int, reviewer: str, token: str) -> QueueItem:
        """Give an item back to the queue without a decision."""
        now = self.clock()
        with self.store.transaction():
            item = self._held(item_id, reviewer, token, now)
            if not self.store.release(item_id, reviewer, token):
                raise self._lost(item_id, reviewer, token, now)
            self._audit(item, reviewer, now, "release", {"status": "open", "claimed_by": None,
                                                         "lease_until": None})  # fmt: skip
            return self.store.get(item_id, now) or item

    def _take(self, item: QueueItem, reviewer: str, now: float, action: str) -> Claim:
        token = secrets.token_urlsafe(18)
        until = now + self.lease_s
        if not self.store.take(item.item_id, reviewer, token, until, now):
            self._claimable(self._known(self.store.get(item.item_id, now), item.item_id, None),
                            reviewer)  # fmt: skip
            raise ClaimError(Errors.E503.format(item_id=item.item_id, why=_CHANGED))
        self._audit(item, reviewer, now, action, {"status": "claimed", "claimed_by": reviewer,
                                                  "lease_until": iso(until)})  # fmt: skip
        return Claim(self.store.get(item.item_id, now) or item, reviewer, token, until)

    def _claimable(self, item: QueueItem, reviewer: str) -> None:
        """ClaimError unless ``reviewer`` may take the item (read after its row was locked)."""
        self._undecided(item)
        if item.status == "claimed" and item.claimed_by != reviewer:
            raise ClaimError(Errors.E502.format(item_id=item.item_id, holder=item.claimed_by,
                                                until=iso(item.lease_until)))  # fmt: skip

    def _held(self, item_id: int, reviewer: str, token: str, now: float) -> QueueItem:
        """The item, locked, if ``reviewer`` still holds it under ``token``; else ClaimError."""
        item = self._known(self.store.get(item_id, now, lock=True), item_id, None)
        self._undecided(item)
        current, holder = self.store.claim_token(item_id)
        if current is not None and secrets.compare_digest(current, token) and holder == reviewer:
            return item
        if current is None:
            why = "it was released, or its lease expired and it went back to the queue"
        elif holder != reviewer:
            why = f"{holder} has claimed it since"
        else:
            why = "it was claimed again in another session, under a new token"
        raise ClaimError(Errors.E503.format(item_id=item_id, why=why))

    def _lost(self, item_id: int, reviewer: str, token: str, now: float) -> ClaimError:
        """Why a write under ``token`` changed nothing (raised from ``_held`` if it can say)."""
        self._held(item_id, reviewer, token, now)
        return ClaimError(Errors.E503.format(item_id=item_id, why=_CHANGED))

    @staticmethod
    def _undecided(item: QueueItem) -> None:
        if item.decision is not None:
            d = item.decision
            message = Errors.E504.format(
                item_id=item.item_id, action=d.decision.action, reviewer=d.reviewer,
                at=iso(d.decided_at),
            )  # fmt: skip
            raise ClaimError(message)

    def _audit(self, item: QueueItem, reviewer: str, now: float, action: str,
               change: dict[str, Any]) -> None:  # fmt: skip
        before = state(item)
        self.store.append_audit(item, reviewer, now, action, before, {**before, **change})

    # decisions ---------------------------------------------------------------

    def decide(self, item_id: int, reviewer: str, token: str, decision: Decision) -> QueueItem:
        """Record the final decision on an item held under ``token``; return the item."""
        now = self.clock()
        with self.store.transaction():
            item = self._held(item_id, reviewer, token, now)
            decision = check_decision(item, decision)
            if not self.store.insert_decision(item_id, reviewer, token, now, decision):
                raise self._lost(item_id, reviewer, token, now)
            after = _decided_state(item, decision)
            self.store.append_audit(item, reviewer, now, decision.action, state(item), after)
            return self.store.get(item_id, now) or item

    # counts ------------------------------------------------------------------

    def counts(self, client: str | None = None, batch_id: str | None = None) -> QueueCounts:
        """Items by effective status and by reason."""
        grouped = self.store.count_by("i.reason", ItemFilter(client, batch_id), self.clock())
        by_status: dict[str, int] = {}
        by_reason: dict[str, int] = {}
        for (status, reason), n in grouped.items():
            by_status[status] = by_status.get(status, 0) + n
            by_reason[reason] = by_reason.get(reason, 0) + n
        return QueueCounts(sum(by_status.values()), by_status, by_reason)

    def stats(self, client: str | None = None, batch_id: str | None = None) -> QueueStats:
        """Open, claimed, done; by reason; decisions by action; items per hour per reviewer."""
        now = self.clock()
        flt = ItemFilter(client, batch_id)
        by_reason: dict[str, dict[str, int]] = {}
        by_status: dict[str, int] = {}
        for (status, reason), n in self.store.count_by("i.reason", flt, now).items():
            by_reason.setdefault(reason, {})[status] = n
            by_status[status] = by_status.get(status, 0) + n
        actions = self.store.count_by("d.action", flt, now)
        by_action = {a: n for (s, a), n in actions.items() if s == "done"}
        rates = tuple(ReviewerRate(r[0], int(r[1]), float(r[2]), float(r[3]))
                      for r in self.store.reviewer_rates(client))  # fmt: skip
        return QueueStats(by_status, by_reason, by_action, rates)
