"""Find and normalise calendar dates in the text of a document, to ISO ``YYYY-MM-DD``.

The field extractors' name for kpo's one date parser, :mod:`kpo.normalise.dates`,
which the evaluation and the deliverable read values with too: the forms accepted
and the rule for two-digit years are documented there.
"""

from __future__ import annotations

from kpo.normalise.dates import MONTHS, find_dates, full_year, normalise_date

__all__ = ["MONTHS", "find_dates", "full_year", "normalise_date"]
