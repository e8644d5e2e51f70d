"""A contract's term: how long it runs, read from the sentence that sets it.

Only sentences that set the term are read: "the term of this Agreement ...",
"this Agreement shall commence / remain in effect ...", "an initial term of ...",
or one that defines the term ('(the "Initial Term")'). A sentence about what happens
"during the term" is not one of them. Of such a sentence only the part before any
renewal ("successive", "renew", "extend") counts, and the first of these wins:

- a duration ("five (5) years", "three years thereafter", "a 3-year initial term"),
  unless it runs after termination ("for two years after its expiration");
- an end date ("shall terminate on December 31, 2034", "until June 30, 2027"), with
  its start date when the sentence gives one ("commence on January 1, 1998 ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from kpo.normalise.number_words import NUMBER_WORD_PATTERN

from .fields_common import CONF_FAIR, CONF_GOOD, Hit, fold
from .fields_dates import find_dates
from .fields_pages import RunOn

_DOCUMENT = r"(?:agreement|contract|lease|licen[cs]e)"
# "the license" is often a grant inside the agreement, not the agreement itself
_THIS_DOCUMENT = rf"(?:this\s+{_DOCUMENT}|the\s+(?:agreement|contract|lease))"
_ANCHOR = re.compile(
    rf"\b(?:initial\s+)?term\s+of\s+{_THIS_DOCUMENT}\b|"
    rf"\b{_THIS_DOCUMENT}\s+(?:(?:is|becomes)\s+effective|(?:shall|will|is\s+to)\s+"
    r"(?:(?:be|become)\s+effective|take\s+effect|(?:come|enter)\s+into\s+(?:force|effect)|"
    r"commence|begin|start|expire|run\s+for|be\s+for\s+an?\s+(?:initial\s+)?(?:term|period)|"
    r"continue\s+(?:for|until|through|in)|remain\s+(?:in\s+(?:full\s+)?(?:force|effect)|effective)"
    r"))\b|"
    r"\bthe\s+(?:initial\s+)?term\s+(?:shall|will)\s+(?:be|commence|begin|start|continue|expire|"
    r"end|run)\b|"
    r"\b(?:an?|the)\s+initial\s+term\s+of\b|\bfor\s+an?\s+(?:initial\s+)?term\s+of\b|"
    r"\((?:[^()]{0,120},\s*)?(?:the|this)\s+[\"\u201c\u201d']?(?:initial\s+)?term[\"\u201c\u201d']?\s*\)",
    re.I,
)
_DEFINES = re.compile(r"[\"\u201c\u201d']\s*(?:initial\s+)?term\s*[\"\u201c\u201d']\s*\)", re.I)
_DURING = re.compile(r"^\W*(?:\d[\d.]*\s+)?(?:during|throughout|within)\s+the\s+term\b", re.I)
_RENEWAL = re.compile(r"\b(?:successive|renew\w*|extend\w*|extension|additional\s+period)", re.I)
_NUMBER = rf"(?:\d{{1,3}}|{NUMBER_WORD_PATTERN})"
_DURATION = re.compile(
    rf"\b{_NUMBER}(?:\s*\(\d{{1,3}}\))?(?:\s+|-)(?:calendar\s+)?(?:years?|months?)\b", re.I
)
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                  "ninth", "tenth")  # fmt: skip
_ORDINALS = {word: n for n, word in enumerate(_ORDINAL_WORDS, start=1)}
_ANNIVERSARY = re.compile(
    r"\b(?P<n>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"
    r"(?:\s*\(\d{1,2}(?:st|nd|rd|th)\))?\s+anniversary\b",
    re.I,
)
_AFTER_END = re.compile(
    r"^\W*(?:\w+\s+){0,2}?(?:after|following|from)\s+(?:its|the|such|any)\s+"
    r"(?:termination|expiration|expiry)",
    re.I,
)
_END_CUE = re.compile(
    r"(?:until|through|to|(?:terminate|expire|end)s?\s+on|ending\s+on|expiring\s+on)\s+(?:the\s+)?$",
    re.I,
)
_START_CUE = re.compile(
    r"(?:commenc\w*|begin\w*|start\w*|effective|from)\s+(?:on\s+|as\s+of\s+)?(?:the\s+)?$", re.I
)
_SENTENCE_START = re.compile(r"[.;:]\s+|\n\s*\n")
# a period after "Feb", "Inc", "No" does not end a sentence
_SENTENCE_END = re.compile(r"(?:(?<![A-Z][a-z]{2})(?<!\bNo)\.|;)(?=\s+[A-Z(\u201c\"0-9])|\n\s*\n")


def extract_term(parts: Sequence[RunOn]) -> Hit | None:
    """The term of the first sentence that sets one, or None.

    ``parts`` are the document's pages as ``run_on`` gives them: a sentence that a page
    break cuts is read on with the next page.
    """
    for part in parts:
        for start, end in _term_sentences(part.text):
            if start >= part.cut:
                break  # the next page reads its own sentences
            hit = _read_sentence(part.text[start:end], part.page.page_number)
            if hit is not None:
                return part.place(replace(hit, start=start + (hit.start or 0)))
    return None


def _term_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the sentences of ``text`` that set the term, in order, each once."""
    seen = -1
    for anchor in _ANCHOR.finditer(text):
        window = text[max(0, anchor.start() - 400) : anchor.start()]
        boundaries = [m.end() for m in _SENTENCE_START.finditer(window)]
        start = anchor.start() - len(window) + (boundaries[-1] if boundaries else 0)
        stop = _SENTENCE_END.search(text, anchor.end(), anchor.end() + 500)
        end = stop.start() if stop else min(len(text), anchor.end() + 500)
        if start > seen and not _DURING.match(text[start:end]):
            seen = end
            yield start, end


def _read_sentence(text: str, page_number: int) -> Hit | None:
    """The earliest duration, end anniversary or end date of ``text`` (``start`` in it)."""
    renewal = _RENEWAL.search(text)
    initial = text[: renewal.start()] if renewal else text
    found = [*_durations(initial), *_anniversaries(initial), *_end_dates(initial)]
    if not found:
        return None
    _, offset, value, raw, kind = min(found)
    confidence = CONF_GOOD if _DEFINES.search(text) else CONF_FAIR
    return Hit("term", value, raw, confidence, page_number, f"pattern.term_clause.{kind}",
               start=offset)  # fmt: skip


# where its deciding words are (the earliest wins), where its raw text starts, value, raw, kind
Candidate = tuple[int, int, str, str, str]


def _durations(text: str) -> list[Candidate]:
    """ "five (5) years", "3-year": not one that runs after the end of the agreement."""
    return [
        (m.start(), m.start(), fold(m.group()), fold(m.group()), "duration")
        for m in _DURATION.finditer(text)
        if not _AFTER_END.match(text[m.end() :])
    ]


def _anniversaries(text: str) -> list[Candidate]:
    """ "expire on the fifth (5th) anniversary" of the start: five years."""
    found = []
    for m in _ANNIVERSARY.finditer(text):
        if _END_CUE.search(text[: m.start()]):
            n = _ORDINALS.get(m["n"].lower()) or int(m["n"][:-2])
            value = f"{n} year{'s' if n > 1 else ''}"
            found.append((m.start(), m.start(), value, fold(m.group()), "duration"))
    return found


def _end_dates(text: str) -> list[Candidate]:
    """ "until December 31, 2034"; "January 1, 1998 to December 31, 1998" with a start date."""
    ends = _dates_after(text, _END_CUE)
    if not ends:
        return []
    until = ends[0]
    last = fold(text[until[0] : until[1]])
    first, value = until[0], f"until {last}"
    begins = _dates_after(text[: until[0]], _START_CUE)
    if begins:
        first = begins[0][0]
        value = f"{fold(text[first : begins[0][1]])} to {last}"
    return [(until[0], first, value, fold(text[first : until[1]]), "dates")]


def _dates_after(text: str, cue: re.Pattern[str]) -> list[tuple[int, int]]:
    """Offsets of the dates of ``text`` that ``cue`` introduces ("until", "commence on")."""
    return [(s, e) for s, e, _ in find_dates(text) if cue.search(text[:s])]
