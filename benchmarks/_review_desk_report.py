"""bench_review_desk.py's tally of one reviewer's run, and the figures printed from it."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

import psutil

AIM_KEYS, AIM_SECONDS = 2.0, 3.0  # issue 20: at most, per accepted item


@dataclass
class Tally:
    """What the reviewer did: keys pressed and decisions seen, with their times."""

    keys: int = 0  # review keys, Enter after a typed reason included
    typed: int = 0  # characters of typed reasons
    pending: int = 0  # keys since the last decision
    first_key_at: float = 0.0
    last_at: float = 0.0
    decided: dict[int, str] = field(default_factory=dict)  # item id -> action
    per_item: list[tuple[str, int, float]] = field(default_factory=list)  # action, keys, s

    def credit(self, found: dict[int, str], now: float) -> None:
        """Credit the decisions in ``found`` not seen before with the keys and time since
        the last decision (shared evenly when several appeared at once)."""
        new = {i: a for i, a in found.items() if i not in self.decided}
        for action in new.values():
            self.per_item.append((action, self.pending, (now - self.last_at) / len(new)))
            self.pending = 0
        if new:
            self.decided.update(new)
            self.last_at = now


def _median(xs: list[float]) -> float | None:
    return round(statistics.median(xs), 3) if xs else None


def _mean(xs: list[float]) -> float | None:
    return round(statistics.fmean(xs), 2) if xs else None


def by_action(per_item: list[tuple[str, int, float]]) -> dict[str, dict[str, Any]]:
    """Per action: how many items, their mean keys and mean seconds."""
    out: dict[str, dict[str, Any]] = {}
    for action in sorted({a for a, _, _ in per_item}):
        mine = [(k, s) for a, k, s in per_item if a == action]
        keys, secs = _mean([k for k, _ in mine]), _mean([s for _, s in mine])
        out[action] = {"items": len(mine), "keys": keys, "seconds": secs}
    return out


def figures(run: dict[str, Any], kinds: dict[str, int]) -> dict[str, Any]:
    """The printed figures of one run (``drive``'s result) on a batch of ``kinds``."""
    tally: Tally = run["tally"]
    n, wall = len(tally.decided), run["wall"]
    accepted = [(k, s) for a, k, s in tally.per_item if a == "accept"]
    return {
        "items": n, "batch": kinds, "decisions": by_action(tally.per_item),
        "keys_per_item": round(tally.keys / n, 2),
        "typed_chars_per_item": round(tally.typed / n, 2),
        "keys_per_accepted_item": _mean([k for k, _ in accepted]),
        "seconds": round(wall, 2), "seconds_per_item": round(wall / n, 3),
        "median_seconds_per_item": _median([s for _, _, s in tally.per_item]),
        "seconds_per_accepted_item": _mean([s for _, s in accepted]),
        "median_seconds_per_accepted_item": _median([s for _, s in accepted]),
        "items_per_hour": round(3600 * n / wall), "login_keys": run["login_keys"],
        "cpu_seconds": run["cpu"], "cores": psutil.cpu_count(),
        "load_before_after": run["load"],
    }  # fmt: skip


def _aim(value: float | None, ok: bool) -> str:
    return "met" if value is not None and ok else "missed"


def show(result: dict[str, Any]) -> None:
    f = result["figures"]
    cpu = "  ".join(f"{k} {v}" for k, v in f["cpu_seconds"].items())
    acts = ", ".join(f"{a} {d['items']} ({d['keys']} keys, {d['seconds']} s)"
                     for a, d in f["decisions"].items())  # fmt: skip
    keys, secs = f["keys_per_accepted_item"], f["seconds_per_accepted_item"]
    print(
        f"page {result['page']}, flow {result['flow']}, queue {result['backend']}, "
        f"batch {f['batch']}; decided: {acts}"
    )
    print(
        f"items {f['items']}: {f['keys_per_item']} keys/item "
        f"(+{f['typed_chars_per_item']} typed chars/item); {keys} keys/accepted item "
        f"(aim <= {AIM_KEYS:g}: {_aim(keys, (keys or 0) <= AIM_KEYS)}); "
        f"login {f['login_keys']} keys, not counted"
    )
    print(
        f"page time {f['seconds']} s = {f['seconds_per_item']} s/item (median "
        f"{f['median_seconds_per_item']}); {secs} s/accepted item (median "
        f"{f['median_seconds_per_accepted_item']}; aim < {AIM_SECONDS:g}: "
        f"{_aim(secs, (secs or 0) < AIM_SECONDS)}); {f['items_per_hour']} items/hour"
    )
    print(
        f"CPU-s while clearing: {cpu}; {f['cores']} cores, load 1/5/15 min before "
        f"{f['load_before_after'][:3]}, after {f['load_before_after'][3:]}"
    )
