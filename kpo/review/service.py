"""The review queue's API: claim, renew, release, skip, decide, undo, list, show, stats.

Every method is one transaction on the store. A claim is a lease (15 minutes by
default) held by a reviewer under a random token; renew, release, skip and decide
need that token, and are refused once someone else has taken the item over. A
decision is final once its lease ends: until then its reviewer may undo it with the
same token (the item is theirs again). One live decision per item is enforced by the
schema, and every action appends an entry to the audit log with the item's state
before and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from kpo.errors import Errors, KpoError
from kpo.records import ReviewItem
from kpo.review.answers import check_decision
from kpo.review.leases import CHANGED, ClaimError, Leases, decided_state, item_row, state
from kpo.review.model import (
    AuditEntry,
    BulkResult,
    Claim,
    Decision,
    ItemFilter,
    QueueCounts,
    QueueItem,
    QueueStats,
    ReviewerProgress,
    ReviewerRate,
    iso,
)

__all__ = ["ClaimError", "ReviewService", "check_decision", "item_row", "state"]

_DAY_S = 86400.0


class ReviewService(Leases):
    """The review queue over a ``Store`` (SQLite or PostgreSQL)."""

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReviewService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # items -------------------------------------------------------------------

    def add_batch(self, client: str, batch_id: str, items: Iterable[tuple[str, ReviewItem]]) -> int:
        """Replace a batch's undecided items with (path, item) pairs; return how many were added."""
        now = iso(self.clock()) or ""
        rows = [item_row(client, batch_id, path, item, now) for path, item in items]
        with self.store.transaction():
            return self.store.replace_batch(client, batch_id, rows)

    def list_items(self, flt: ItemFilter | None = None) -> list[QueueItem]:
        """Items matching ``flt``, in its order (``flt.limit`` at most)."""
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

    # claims ------------------------------------------------------------------

    def claim_next(self, reviewer: str, flt: ItemFilter | None = None) -> Claim | None:
        """Claim the first open item matching ``flt`` (in its order); None when nothing is left.

        The items ``reviewer`` skipped come after every other matching item.
        """
        now = self.clock()
        with self.store.transaction():
            item_id = self.store.next_available(flt or ItemFilter(), now, reviewer)
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
        return self._give_back(item_id, reviewer, token, "release")

    def skip(self, item_id: int, reviewer: str, token: str) -> QueueItem:
        """Give an item back, and put it behind every other item in ``reviewer``'s order."""
        return self._give_back(item_id, reviewer, token, "skip")

    def _give_back(self, item_id: int, reviewer: str, token: str, action: str) -> QueueItem:
        now = self.clock()
        with self.store.transaction():
            item = self._held(item_id, reviewer, token, now)
            if not self.store.release(item_id, reviewer, token):
                raise self._lost(item_id, reviewer, token, now)
            if action == "skip":
                self.store.remember_skip(item_id, reviewer, now)
            self._audit(item, reviewer, now, action, {"status": "open", "claimed_by": None,
                                                      "lease_until": None})  # fmt: skip
            return self.store.get(item_id, now) or item

    # decisions ---------------------------------------------------------------

    def decide(self, item_id: int, reviewer: str, token: str, decision: Decision) -> QueueItem:
        """Record the decision on an item held under ``token``; return the item.

        The reviewer keeps the lease (same token, same end) to undo it meanwhile.
        ConfigError when the decision is incomplete (E505), a correction does not
        parse (E512), or corrects a document's type (E511: reclassify it).
        """
        now = self.clock()
        with self.store.transaction():
            item = self._held(item_id, reviewer, token, now)
            return self._decide(item, reviewer, token, now, decision)

    def _decide(self, item: QueueItem, reviewer: str, token: str, now: float,
                decision: Decision) -> QueueItem:  # fmt: skip
        decision = check_decision(item, decision)
        if not self.store.insert_decision(item.item_id, reviewer, token, now, decision):
            raise self._lost(item.item_id, reviewer, token, now)
        after = decided_state(item, decision)
        self.store.append_audit(item, reviewer, now, decision.action, state(item), after)
        return self.store.get(item.item_id, now) or item

    def undo(self, item_id: int, reviewer: str, token: str) -> Claim:
        """Take back one's own decision while its lease runs; the item is claimed again.

        ClaimError (E513) when there is nothing of the reviewer's to undo under ``token``
        or the lease ended. The undone decision stays in the audit log.
        """
        now = self.clock()
        with self.store.transaction():
            item = self._undoable(item_id, reviewer, token, now)
            until = self.store.lease(item_id)[2] or now
            if not self.store.undo_decision(item_id, reviewer, token, now):
                raise ClaimError(Errors.E513.format(item_id=item_id, why=CHANGED))
            assert item.decision is not None  # checked by _undoable
            before = decided_state(item, item.decision.decision)
            after = {**state(item), "status": "claimed", "claimed_by": reviewer,
                     "lease_until": iso(until)}  # fmt: skip
            self.store.append_audit(item, reviewer, now, "undo", before, after)
            return Claim(self.store.get(item_id, now) or item, reviewer, token, until)

    def bulk_accept(self, item_ids: Sequence[int], reviewer: str, client: str) -> list[BulkResult]:
        """Claim and accept each open item of ``client`` that has a value, each on its own.

        An item that cannot be accepted (decided, claimed by another, no value, not
        found) says why in its result and is left as it was; the others go on.
        """
        results = []
        for item_id in item_ids:
            try:
                self._accept_one(item_id, reviewer, client)
            except KpoError as exc:
                results.append(BulkResult(item_id, False, str(exc)))
            else:
                results.append(BulkResult(item_id, True, f"Item {item_id}: accept saved."))
        return results

    def _accept_one(self, item_id: int, reviewer: str, client: str) -> None:
        now = self.clock()
        with self.store.transaction():
            item = self._known(self.store.get(item_id, now, lock=True), item_id, client)
            self._claimable(item, reviewer)
            claim = self._take(item, reviewer, now, "claim")
            self._decide(claim.item, reviewer, claim.token, now, Decision("accept"))

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

    def progress(self, client: str | None, reviewer: str) -> ReviewerProgress:
        """The reviewer's decisions today (since 00:00 UTC) and in all, and the queue left."""
        now = self.clock()
        today, total = self.store.decided_by(reviewer, client, now - now % _DAY_S)
        by_status = self.counts(client).by_status
        oldest = self.store.oldest_open(client, now)
        since = datetime.fromisoformat(oldest).timestamp() if oldest else None
        return ReviewerProgress(
            reviewer, today, total, by_status.get("open", 0), by_status.get("claimed", 0),
            by_status.get("done", 0), since,
        )  # fmt: skip
