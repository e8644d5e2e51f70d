"""A reviewer's progress read as one line, the same on the page and in the terminal."""

from __future__ import annotations

import pytest

from kpo.review.model import ReviewerProgress
from kpo.review.progress import age_text, progress_text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(5, "under a minute"), (125, "2 min"), (3 * 3600 + 5, "3 h"), (47 * 3600, "47 h"),
     (3 * 86400, "3 d")],
)  # fmt: skip
def test_ages_read_as_people_say_them(seconds: float, text: str) -> None:
    assert age_text(seconds) == text


def test_progress_says_the_day_what_is_left_and_how_old_it_is() -> None:
    p = ReviewerProgress("ann", 12, 40, open=28, claimed=2, done=40, oldest_open_at=1000.0)
    assert progress_text(p, now=1000.0 + 3 * 3600) == (
        "you decided 12 today (40 in all) · 30 of 70 left (28 open, 2 claimed) · oldest open 3 h"
    )
    nothing_open = ReviewerProgress("ann", 0, 0, open=0, claimed=0, done=0, oldest_open_at=None)
    assert "oldest" not in progress_text(nothing_open, now=0.0)
