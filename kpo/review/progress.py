"""A reviewer's progress as one line for people, the same on the page and in the terminal."""

from __future__ import annotations

from kpo.review.model import ReviewerProgress


def age_text(seconds: float) -> str:
    """A duration as people say it: "under a minute", "12 min", "3 h", "2 d"."""
    if seconds < 60:
        return "under a minute"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"


def progress_text(p: ReviewerProgress, now: float) -> str:
    """One line, e.g. "you decided 12 today (40 in all) · 28 of 68 left (26 open,
    2 claimed) · oldest open 3 h"."""
    left = p.open + p.claimed
    parts = [
        f"you decided {p.decided_today} today ({p.decided_total} in all)",
        f"{left} of {left + p.done} left ({p.open} open, {p.claimed} claimed)",
    ]
    if p.oldest_open_at is not None:
        parts.append(f"oldest open {age_text(max(now - p.oldest_open_at, 0.0))}")
    return " · ".join(parts)
