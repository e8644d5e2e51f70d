"""English number words up to ninety-nine, as durations spell them ("twenty-four months").

One table for the term extractor, which finds a duration in a contract, and for the
evaluation, which reads the duration back from a gold or predicted value.
"""

from __future__ import annotations

import re

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip

NUMBER_WORDS: dict[str, int] = (
    dict(zip(_UNITS, range(20), strict=True))
    | _TENS
    | {f"{ten}-{unit}": n + u for ten, n in _TENS.items() for u, unit in enumerate(_UNITS[1:10], 1)}
)

# longest first, so that "twenty-four" is not read as "twenty"; a compound may also be
# written with a space ("twenty four")
NUMBER_WORD_PATTERN = "|".join(
    word.replace("-", r"[-\s]") for word in sorted(NUMBER_WORDS, key=len, reverse=True)
)


def number_value(text: str) -> int | None:
    """The number that ``text`` spells or writes in digits, or None."""
    token = re.sub(r"[-\s]+", "-", text.strip().lower())
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)
