"""Records of the review queue: items, claims, decisions, audit entries, filters, stats.

Times are Unix seconds (float, UTC) so that both storage backends compare them the
same way; ``iso()`` turns one into text for people and JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from kpo.errors import ConfigError, Errors
from kpo.records import Box, DocType

ItemStatus = Literal["open", "claimed", "done"]
ITEM_STATUSES: tuple[ItemStatus, ...] = ("open", "claimed", "done")
Action = Literal["accept", "correct", "reject", "reclassify", "absent"]
ACTIONS: tuple[Action, ...] = ("accept", "correct", "reject", "reclassify", "absent")
AuditAction = Literal["claim", "renew", "release", "skip", "undo", "accept", "correct", "reject",
                      "reclassify", "absent"]  # fmt: skip
# what ItemFilter.sort may name: a column of the items table
SORT_KEYS: tuple[str, ...] = ("item_id", "confidence", "path", "field", "reason", "created_at")

DEFAULT_LEASE_S = 15 * 60.0


def iso(seconds: float | None) -> str | None:
    """Unix seconds as ISO 8601 UTC text (None stays None)."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Items of one client (and batch), by status and by reason."""

    total: int
    by_status: Mapping[str, int]
    by_reason: Mapping[str, int]

    @property
    def open(self) -> int:
        return self.by_status.get("open", 0)


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's final word on an item.

    ``accept`` keeps the proposed value; ``correct`` gives ``value`` (and optionally
    a new ``box`` on ``page_number``); ``reject`` gives a ``reason``; ``reclassify``
    gives the document's ``doc_type``; ``absent`` says that the field's value is not in
    the document (stored with no value).
    """

    action: Action
    value: str | None = None
    box: Box | None = None
    page_number: int | None = None
    reason: str | None = None
    doc_type: DocType | None = None


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A stored decision: who decided what, and when."""

    item_id: int
    reviewer: str
    decided_at: float
    decision: Decision


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One item of the queue, with its evidence (file, page, box) and its state.

    ``status`` is effective: a claim whose lease has expired reads as ``open``.
    """

    item_id: int
    client: str
    batch_id: str
    doc_id: str
    path: str
    doc_type: str
    field: str | None
    reason: str
    value: str | None
    confidence: float | None
    threshold: float | None
    page_number: int | None
    box: Box | None
    status: ItemStatus
    created_at: str
    claimed_by: str | None = None
    lease_until: float | None = None
    decision: DecisionRecord | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lease_until"] = iso(self.lease_until)
        if self.decision is not None:
            data["decision"]["decided_at"] = iso(self.decision.decided_at)
        return data


@dataclass(frozen=True, slots=True)
class Claim:
    """A lease on one item: only ``token`` may renew, release or decide it."""

    item: QueueItem
    reviewer: str
    token: str
    expires_at: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item.to_dict(),
            "reviewer": self.reviewer,
            "token": self.token,
            "expires_at": iso(self.expires_at),
        }


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the append-only audit log: who did what to which item, before and after."""

    entry_id: int
    item_id: int
    client: str
    reviewer: str
    at: float
    action: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "at": iso(self.at)}


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """Which items to list, and in which order: all fields optional.

    ``status`` is the effective status; ``search`` a case-insensitive part of the path,
    field or proposed value; ``sort`` one of ``SORT_KEYS`` (empty values last either
    way), then item id. An unknown ``sort`` raises ConfigError (E514).
    """

    client: str | None = None
    batch_id: str | None = None
    status: ItemStatus | None = None
    reason: str | None = None
    doc_type: str | None = None
    field: str | None = None
    reviewer: str | None = None  # claimed by, or decided by
    limit: int = 100
    offset: int = 0
    doc_id: str | None = None
    search: str | None = None
    sort: str = "item_id"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.sort not in SORT_KEYS:
            raise ConfigError(Errors.E514.format(what="sort key", value=self.sort,
                                                 choices=list(SORT_KEYS)))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReviewerProgress:
    """One reviewer's day and the queue they work on: decided, left, and the oldest open item.

    ``decided_today`` counts since 00:00 UTC; ``open``, ``claimed`` and ``done`` are the
    queue's items (of the client asked about); ``oldest_open_at`` is when the oldest
    open item was queued (Unix seconds), None when nothing is open.
    """

    reviewer: str
    decided_today: int
    decided_total: int
    open: int
    claimed: int
    done: int
    oldest_open_at: float | None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "oldest_open_at": iso(self.oldest_open_at)}


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What became of one item of a bulk action: done, or why not."""

    item_id: int
    ok: bool
    message: str


@dataclass(frozen=True, slots=True)
class ReviewerRate:
    """How fast one reviewer works: decisions and decisions per hour of activity."""

    reviewer: str
    decided: int
    first_at: float
    last_at: float

    @property
    def per_hour(self) -> float:
        """Decisions per hour between the first and the last (at least one minute)."""
        span = max(self.last_at - self.first_at, 60.0)
        return round(self.decided * 3600.0 / span, 1)


@dataclass(frozen=True, slots=True)
class QueueStats:
    """Open, claimed and done items, by reason and by action, and reviewer speeds."""

    by_status: Mapping[str, int]
    by_reason: Mapping[str, Mapping[str, int]]  # reason -> status -> count
    by_action: Mapping[str, int]
    reviewers: tuple[ReviewerRate, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "open": self.by_status.get("open", 0),
            "claimed": self.by_status.get("claimed", 0),
            "done": self.by_status.get("done", 0),
            "by_reason": {k: dict(v) for k, v in self.by_reason.items()},
            "by_action": dict(self.by_action),
            "reviewers": [
                {"reviewer": r.reviewer, "decided": r.decided, "per_hour": r.per_hour,
                 "first_at": iso(r.first_at), "last_at": iso(r.last_at)}
                for r in self.reviewers
            ],
        }  # fmt: skip
