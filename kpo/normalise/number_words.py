"""English number words, as durations and amounts spell them: the one reader of them.

"twenty-four months", "one hundred twenty (120) days", "One Hundred Twenty-Five Thousand
Dollars". ``NUMBER_WORD_PATTERN`` finds a whole number phrase (units, tens, compounds
and the scales hundred, thousand, million, billion); :func:`number_value` reads it with
text2num. The term extractor, the evaluation's durations and the amount parser use both.
"""

from __future__ import annotations

import re

from text_to_num import text2num

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ("hundred", "thousand", "million", "billion")

# longest first, so that "twenty-four" is not read as "twenty"; a compound may also be
# written with a space ("twenty four")
_WORD = "|".join(sorted(_UNITS + _TENS, key=len, reverse=True))
_SMALL = rf"(?:(?:{'|'.join(_TENS)})[-\s](?:{'|'.join(_UNITS[1:10])})\b|(?:{_WORD})\b)"
_SCALE = rf"(?:{'|'.join(_SCALES)})\b"
# "one hundred (and) twenty-five thousand": small numbers and scales, each scale may be
# followed by "and"
NUMBER_WORD_PATTERN = rf"{_SMALL}(?:[-\s]+{_SCALE}(?:[-\s]+and)?(?:[-\s]+{_SMALL})?)*"
_SEPARATORS = re.compile(r"[-\s]+")


def number_value(text: str) -> int | None:
    """The number that ``text`` spells or writes in digits, or None."""
    token = text.strip()
    if token.isdigit():
        return int(token)
    words = _SEPARATORS.sub(" ", token.casefold())
    if not words or not re.fullmatch(NUMBER_WORD_PATTERN, words, re.IGNORECASE):
        return None
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None
