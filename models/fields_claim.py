"""Fields of insurance claims: claim and policy numbers, claimant, date of loss, amount.

Claims are forms and letters. Two readers look for a label of the multilingual
lexicon (``fields_lexicon``) on pages 1-2:

- the text reader, on lines of ``Page.text`` (Hebrew in visual order reversed):
  ``Label: value`` on one line, and a few prose cues of claim letters ("a loss
  that occurred on ...", "in the amount of ...");
- the layout reader (``fields_form``), on the words: the value beside the label
  or below it, in the same ruled box or the next; a name asked for in two parts
  (first name, last name) is put together.

Each value must have the shape of its field (an id has a digit, a name is
name-like, a date parses, an amount is a number); a blank form gives nothing.
When both readers find the same value, the confidence rises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kpo.normalise.values import CURRENCY_PATTERN
from kpo.records import ExtractedDocument, Page

from .fields_common import AGREEMENT_BONUS, CONF_FAIR, CONF_GOOD, Hit, fix_rtl_line, fold
from .fields_dates import normalise_date
from .fields_form import Pair, pair_values
from .fields_lexicon import FIELD_LABELS, FORM_WORDS, NAME_PART_LABELS, WEAK_LABEL
from .fields_names import is_name_like

if TYPE_CHECKING:
    from spacy.language import Language

_SEP = re.compile(r"\s*(?:[:#.]\s*)*")
_NEXT_LABEL = re.compile(r"\s{2,}|\s+(?=(?:[A-Z][\w/.]*\s)?[A-Z][\w/.]*\s?:)")
_ID = re.compile(r"^[A-Z0-9][A-Z0-9\-/.]{2,}$", re.I)
_AMOUNT = re.compile(
    rf"^(?:[A-Z]{{3}}\s?|[A-Z]{{2}}\$|{CURRENCY_PATTERN}\s?)?\d[\d,]*(?:\.\d{{1,2}})?$"
)
_COMB = re.compile(r"^\d(?:\s\d){3,}$")  # digits written one per box
_PROSE: dict[str, re.Pattern[str]] = {
    "date_of_loss": re.compile(
        r"\b(?:loss|accident|incident|injury|damage)\s+(?:that\s+|which\s+)?"
        r"(?:occurred|happened|took\s+place)\s+on\s+",
        re.I,
    ),
    "amount_claimed": re.compile(r"\bclaim\s+(?:in|for)\s+(?:the\s+)?amount\s+of\s+", re.I),
}
_PLACEMENT_CONF = {"inline": CONF_GOOD, "beside": CONF_GOOD - 0.05, "below": CONF_FAIR + 0.05}


def claim_lines(doc: ExtractedDocument) -> Iterator[tuple[Page, int, str]]:
    """``(page, offset, line)`` for the lines of pages 1-2, Hebrew put in reading order."""
    for page in doc.pages[:2]:
        offset = 0
        for line in page.text.splitlines(keepends=True):
            yield page, offset, fix_rtl_line(line.rstrip("\r\n"))
            offset += len(line)


def _value_after(line: str, end: int) -> str:
    rest = line[_SEP.match(line, end).end() :]  # type: ignore[union-attr]
    stop = _NEXT_LABEL.search(rest)
    return fold(rest[: stop.start()] if stop else rest)


def _uncomb(value: str) -> str:
    return value.replace(" ", "") if _COMB.match(value.strip()) else value


def _check_id(value: str) -> str | None:
    """The first token with a digit, with a short letter prefix before it ("PN 778")."""
    tokens = [t.strip(",;") for t in _uncomb(value).split()[:2]]
    if len(tokens) == 2 and not any(c.isdigit() for c in tokens[0]) and len(tokens[0]) <= 4:
        tokens = [" ".join(tokens)]
    token = tokens[0].rstrip(".") if tokens else ""
    ok = _ID.match(token.replace(" ", "")) and any(c.isdigit() for c in token)
    return token if ok else None


def _check_amount(value: str) -> str | None:
    words = [w.rstrip(".,;") if w.count(".") > 1 or w.endswith((",", ";")) else w
             for w in value.split()]  # fmt: skip
    for size in (2, 1):
        token = " ".join(words[:size])
        if _AMOUNT.match(token) and any(c.isdigit() for c in token):
            return token
    return None


def _check_date(value: str) -> str | None:
    return normalise_date(_uncomb(value), compact=True)


def _caseless_name(value: str, parts: tuple[int, int]) -> bool:
    """A name in a script without capitals (Hebrew, Arabic): letters only."""
    tokens = value.split()
    cased = any(c.isupper() or c.islower() for c in value if c.isalpha() and c.isascii())
    return (
        not cased
        and parts[0] <= len(tokens) <= parts[1]
        and all(len(t) >= 2 and all(c.isalpha() or c in "'-\u05f3" for c in t) for t in tokens)
    )


def _check_name(value: str) -> str | None:
    value = fold(value.rstrip(",;"))
    if FORM_WORDS.search(value):
        return None
    if is_name_like(value.title() if value.isupper() else value) or _caseless_name(value, (2, 4)):
        return value
    return None


def check_name_part(value: str) -> str | None:
    """One or two name tokens: "Jordan", "van Dyke", a Hebrew word."""
    value = fold(value)
    tokens = value.split()
    if FORM_WORDS.search(value):
        return None
    latin = 1 <= len(tokens) <= 2 and all(t[:1].isupper() and t.isalpha() for t in tokens)
    return value if latin or _caseless_name(value, (1, 2)) else None


CHECKS: dict[str, Callable[[str], str | None]] = {
    "claim_number": _check_id,
    "policy_number": _check_id,
    "claimant_name": _check_name,
    "date_of_loss": _check_date,
    "amount_claimed": _check_amount,
}


def _hit(
    name: str, value: str, raw: str, conf: float, page: int, how: str, start: int | None
) -> Hit:
    raw = raw if name in ("claimant_name", "date_of_loss") else value
    return Hit(name, value, raw, conf, page, f"{how}.{name}", start=start)


def _text_hits(doc: ExtractedDocument) -> Iterator[Hit]:
    for page, offset, line in claim_lines(doc):
        for name, pattern in FIELD_LABELS.items():
            for match in pattern.finditer(line):
                value = _value_after(line, match.end())
                checked = CHECKS[name](value) if value else None
                if checked is not None:
                    conf = CONF_FAIR + 0.1 if WEAK_LABEL.search(match.group()) else CONF_GOOD
                    start = offset + match.end()
                    yield _hit(name, checked, value, conf, page.page_number, "text.label", start)
        for name, pattern in _PROSE.items():
            for match in pattern.finditer(line):
                value = fold(line[match.end() : match.end() + 40])
                checked = CHECKS[name](value)
                if checked is not None:
                    start = offset + match.end()
                    yield _hit(
                        name, checked, value, CONF_FAIR, page.page_number, "text.prose", start
                    )


def _pair_confidence(pair: Pair, name: str) -> float:
    weak = name == "amount_claimed" and WEAK_LABEL.search(pair.label.text)
    return _PLACEMENT_CONF[pair.placement] - (0.1 if weak else 0.0)


def _layout_hits(doc: ExtractedDocument) -> Iterator[Hit]:
    for page in doc.pages[:2]:
        for name, pattern in FIELD_LABELS.items():
            for pair in pair_values(page, pattern):
                checked = CHECKS[name](pair.value)
                if checked is not None:
                    conf = _pair_confidence(pair, name)
                    how = f"form.{pair.placement}"
                    yield _hit(name, checked, pair.value, conf, page.page_number, how, None)
                    break  # the first good value of a label


def _name_part(page: Page, part: str) -> str | None:
    for pair in pair_values(page, NAME_PART_LABELS[part]):
        checked = check_name_part(pair.value)
        if checked is not None:
            return checked
    return None


def _composed_name(doc: ExtractedDocument) -> Hit | None:
    """First and last name asked for in two boxes, put together."""
    for page in doc.pages[:2]:
        first, last = _name_part(page, "first"), _name_part(page, "last")
        if first and last and first != last:
            value = f"{first} {last}"
            return Hit("claimant_name", value, value, CONF_FAIR, page.page_number,
                       "form.name_parts.claimant_name", locate_as=first)  # fmt: skip
    return None


def _confirm_name(hit: Hit, nlp: Language) -> Hit:
    if not hit.value.isascii():
        return hit  # the English pipeline has nothing to say about other scripts
    labels = {e.label_ for e in nlp(hit.value.title() if hit.value.isupper() else hit.value).ents}
    bonus = AGREEMENT_BONUS if "PERSON" in labels else -0.1 if labels else 0.0
    return replace(hit, confidence=hit.confidence + bonus, extractor=hit.extractor + "+spacy.ner")


def _best(hits: list[Hit]) -> dict[str, Hit]:
    """The most confident hit of each field; two readers that agree add a bonus."""
    best: dict[str, Hit] = {}
    for hit in sorted(hits, key=lambda h: -h.confidence):
        if hit.name not in best:
            agree = {h.extractor.split(".")[0] for h in hits
                     if h.name == hit.name and h.value == hit.value}  # fmt: skip
            bonus = AGREEMENT_BONUS if len(agree) > 1 else 0.0
            extractor = hit.extractor + ("+agree" if bonus else "")
            best[hit.name] = replace(hit, confidence=hit.confidence + bonus, extractor=extractor)
    return best


def _caps_person(hit: Hit, nlp: Language) -> bool:
    """An upper-case "name" on a form is often another label: spaCy must see a PERSON."""
    if hit.name != "claimant_name" or not (hit.value.isupper() and hit.value.isascii()):
        return True
    return any(e.label_ == "PERSON" for e in nlp(hit.value.title()).ents)


def extract_claim(doc: ExtractedDocument, nlp: Language) -> list[Hit]:
    """All claim hits of ``doc``: the best value of each field."""
    hits = [h for h in (*_text_hits(doc), *_layout_hits(doc)) if _caps_person(h, nlp)]
    if not any(h.name == "claimant_name" for h in hits):
        composed = _composed_name(doc)
        hits += [composed] if composed else []
    best = _best(hits)
    if "claimant_name" in best:
        best["claimant_name"] = _confirm_name(best["claimant_name"], nlp)
    return list(best.values())
