"""Leases on review items: taking one, checking that a token still holds it, the audit trail.

The base of ``ReviewService`` (kpo/review/service.py): every check runs on an item
whose row the caller locked, and every write says whether it changed a row, so a
refusal can say why (E502 someone else holds it, E503 the token no longer holds it,
E504 it is decided).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from kpo.errors import Errors, KpoError, WorkspaceError
from kpo.records import ReviewItem
from kpo.review.model import DEFAULT_LEASE_S, Claim, Decision, QueueItem, iso
from kpo.review.store import Store


class ClaimError(KpoError, PermissionError):
    """A claim is held by someone else, or a token is no longer valid."""


CHANGED = "another session changed it at the same moment"


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


def decided_state(item: QueueItem, d: Decision) -> dict[str, Any]:
    """The audit state of ``item`` once ``d`` is its decision."""
    after = {**state(item), "status": "done", "claimed_by": None, "lease_until": None}
    after.update(action=d.action, reason=d.reason)
    if d.action == "absent":
        after["value"] = None
    if d.action == "correct":
        after["value"] = d.value
        if d.box is not None:
            after.update(page_number=d.page_number, box=[d.box.x0, d.box.top, d.box.x1,
                                                         d.box.bottom])  # fmt: skip
    if d.action == "reclassify":
        after["doc_type"] = d.doc_type
    return after


class Leases:
    """Claims on the items of a ``Store``: take, check, explain a refusal, audit."""

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

    @staticmethod
    def _known(item: QueueItem | None, item_id: int, client: str | None) -> QueueItem:
        if item is None or (client is not None and item.client != client):
            scope = f" for client {client!r}" if client else ""
            raise WorkspaceError(Errors.E501.format(item_id=item_id, scope=scope))
        return item

    def _take(self, item: QueueItem, reviewer: str, now: float, action: str) -> Claim:
        token = secrets.token_urlsafe(18)
        until = now + self.lease_s
        if not self.store.take(item.item_id, reviewer, token, until, now):
            self._claimable(self._known(self.store.get(item.item_id, now), item.item_id, None),
                            reviewer)  # fmt: skip
            raise ClaimError(Errors.E503.format(item_id=item.item_id, why=CHANGED))
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
        return ClaimError(Errors.E503.format(item_id=item_id, why=CHANGED))

    def _undoable(self, item_id: int, reviewer: str, token: str, now: float) -> QueueItem:
        """The decided item, locked, if ``reviewer`` decided it and its lease still runs.

        ClaimError (E513) saying why not otherwise.
        """
        item = self._known(self.store.get(item_id, now, lock=True), item_id, None)
        current, holder, until = self.store.lease(item_id)
        why = None
        if item.decision is None:
            why = "it has no decision"
        elif item.decision.reviewer != reviewer:
            why = "the decision is another reviewer's"
        elif current is None or holder != reviewer or not secrets.compare_digest(current, token):
            why = "the decision was made under another claim"
        elif until is None or until < now:
            why = f"the lease it was decided under ended at {iso(until)}"
        if why:
            raise ClaimError(Errors.E513.format(item_id=item_id, why=why))
        return item

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
