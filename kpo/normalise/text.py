"""Text folding, tokens, token overlap and person/organisation names, for evaluation.

``fold`` is the base of every comparison: Unicode NFKC, dashes and quotes unified,
case folded, white space collapsed, punctuation stripped at both ends.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'") | dict.fromkeys(
    map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'
)
_WORD = re.compile(r"\w+")

# Tokens dropped from a name before comparing: legal-form suffixes and a leading "the".
LEGAL_FORMS = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "llc", "lp", "llp", "ltd",
     "limited", "plc", "gmbh", "ag", "sa", "nv", "bv", "sarl", "spa", "pty"}
)  # fmt: skip


def fold(text: object) -> str:
    """Case and white space folded, dashes/quotes unified, end punctuation stripped."""
    s = unicodedata.normalize("NFKC", str(text)).translate(_DASHES).translate(_QUOTES)
    s = " ".join(s.casefold().split())
    return _strip_end_punctuation(s)


def _strip_end_punctuation(s: str) -> str:
    start, end = 0, len(s)
    while start < end and _is_trim(s[start]):
        start += 1
    while end > start and _is_trim(s[end - 1]):
        end -= 1
    return s[start:end]


def _is_trim(char: str) -> bool:
    # Brackets are kept: "(as defined in the Agreement)" must not lose its close.
    if char in "()[]{}":
        return False
    return char.isspace() or unicodedata.category(char).startswith("P")


def tokens(text: object) -> list[str]:
    """The word tokens (``\\w+``) of the folded text."""
    return _WORD.findall(fold(text))


def token_f1(gold: object, predicted: object) -> float:
    """F1 of the two token multisets; 1.0 when both are empty."""
    g, p = Counter(tokens(gold)), Counter(tokens(predicted))
    if not g and not p:
        return 1.0
    common = sum((g & p).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def name_tokens(name: object) -> tuple[str, ...]:
    """Tokens of a name without dots, commas, a leading "the" or legal-form suffixes."""
    toks = tokens(name)
    if len(toks) > 1 and toks[0] == "the":
        toks = toks[1:]
    kept = [t for t in toks if t not in LEGAL_FORMS]
    return tuple(kept or toks)


def names_equal(gold: object, predicted: object) -> bool:
    """Same multiset of name tokens (order-free: "Smith, John" equals "John Smith")."""
    return sorted(name_tokens(gold)) == sorted(name_tokens(predicted))


def names_match(gold: object, predicted: object) -> bool:
    """Equal names, or one name is a lenient abbreviation of the other.

    Lenient: every token of the shorter name pairs with a distinct token of the
    longer one (equal, or an initial of it), at least two pairs and one of them a
    full-word equality, and the longer name has at most one unpaired full word, not
    its first or last (a middle name; unpaired initials are free). "J. Smith" ~
    "John Smith", "Eleanor Whitfield" ~ "Eleanor R. Whitfield", "Tomas Lindqvist" ~
    "Tomas Arvid Lindqvist"; "Claims Services" is not "Brightwater Claims Services"
    and "Northwind Harbor" is not "Northwind Harbor Media Group".
    """
    if names_equal(gold, predicted):
        return True
    a, b = name_tokens(gold), name_tokens(predicted)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    paired = _pair_tokens(short, long_)
    if paired is None or len(short) < 2:
        return False
    full_pairs, leftover = paired
    unpaired_words = [t for t in leftover if len(t) > 1]
    inner = all(t not in (long_[0], long_[-1]) for t in unpaired_words)
    return full_pairs >= 1 and len(unpaired_words) <= 1 and inner


def _pair_tokens(short: tuple[str, ...], long_: tuple[str, ...]) -> tuple[int, list[str]] | None:
    """Pair each short token with a long one: full words first, then initials.

    Returns (number of full-word pairs, unpaired long tokens), or None when a short
    token has no partner.
    """
    rest = list(long_)
    full = 0
    pending = []
    for tok in short:
        if tok in rest:
            rest.remove(tok)
            full += 1
        else:
            pending.append(tok)
    for tok in pending:
        partner = next((r for r in rest if _initial_of(tok, r)), None)
        if partner is None:
            return None
        rest.remove(partner)
    return full, rest


def _initial_of(a: str, b: str) -> bool:
    """One token is a single letter and the other starts with it."""
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]
