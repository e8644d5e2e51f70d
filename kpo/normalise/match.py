"""Decide whether a predicted field value matches the gold one.

Each canonical field has a *kind* with its own rule (``MATCH_RULES`` says it in
words, for the report). Every rule starts from ``fold``: case and white space
folded, dashes and quotes unified, punctuation at the ends stripped. Parsers that
fail (a gold date written as prose, an amount without a number) fall back to
comparing folded text, so gold always matches itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from kpo.fieldspec import DATE_FIELDS, LIST_FIELDS
from kpo.normalise.text import fold, names_equal, names_match, token_f1
from kpo.normalise.values import (
    amounts_equal,
    first_clause,
    norm_arxiv,
    norm_doi,
    norm_identifier,
    parse_date,
    parse_duration,
    parse_year,
)

Kind = Literal["date", "amount", "year", "doi", "arxiv", "long_text", "summary", "name", "law",
               "identifier", "text"]  # fmt: skip

LONG_TEXT_MIN_F1 = 0.8  # abstract: token-multiset F1 at least this
SUMMARY_MIN_F1 = 0.5  # term: a short human summary, scored loosely

_KINDS: Mapping[str, Kind] = {
    "contract_value": "amount",
    "amount_claimed": "amount",
    "year": "year",
    "doi": "doi",
    "arxiv_id": "arxiv",
    "abstract": "long_text",
    "term": "summary",
    "parties": "name",
    "authors": "name",
    "claimant_name": "name",
    "governing_law": "law",
    "claim_number": "identifier",
    "policy_number": "identifier",
}

MATCH_RULES: Mapping[Kind, str] = {
    "text": "equal after folding (case, white space, dashes/quotes, end punctuation)",
    "date": "same calendar date (ISO, US MM/DD/YYYY, DD.MM.YYYY, 'January 5, 2020', "
    "'5 Jan 2020', and what python-dateutil reads; a two-digit year within 79 years before "
    "and 20 after the current one), as the extractors read dates; folded text when a side "
    "is not a date",
    "amount": "same numeric value (price-parser: '1,250,000.00', '1.250.000,00', Indian "
    "'12,50,000'; amounts in words by text2num), and same currency when both name one "
    "(first amount in the text); folded text when a side has no number",
    "year": "same integer year",
    "doi": "equal after folding and removing 'doi:' / 'https://doi.org/'",
    "arxiv": "equal after folding and removing 'arXiv:' / URL prefix and version (vN)",
    "long_text": f"token-multiset F1 >= {LONG_TEXT_MIN_F1}",
    "summary": "loose: the same duration ('five (5) years' ~ '5-year') as the first clause "
    f"of the gold summary (up to ';', where a summary states the initial term); "
    f"token-multiset F1 >= {SUMMARY_MIN_F1} of the first clauses when either side "
    "states none",
    "name": "same name tokens (dots, commas, 'the', legal forms dropped, any order), or "
    "a lenient abbreviation: initials for words ('J. Smith' ~ 'John Smith'), at most one "
    "extra middle word, at least two tokens paired; list items paired exactly first",
    "law": "equal after folding and removing 'the laws of the State of'",
    "identifier": "equal after folding and removing white space",
}


def field_kind(field: str) -> Kind:
    """The comparison kind of a canonical field ("text" for unknown fields)."""
    if field in DATE_FIELDS:
        return "date"
    return _KINDS.get(field, "text")


def is_list_field(field: str) -> bool:
    return field in LIST_FIELDS


def _dates(gold: Any, predicted: str) -> bool:
    g, p = parse_date(gold), parse_date(predicted)
    return g == p if g is not None and p is not None else fold(gold) == fold(predicted)


def _amounts(gold: Any, predicted: str) -> bool:
    same = amounts_equal(gold, predicted)
    return same if same is not None else fold(gold) == fold(predicted)


def _summaries(gold: Any, predicted: str) -> bool:
    g, p = parse_duration(gold), parse_duration(predicted)
    if g is not None and p is not None:
        return g == p
    return token_f1(first_clause(gold), first_clause(predicted)) >= SUMMARY_MIN_F1


def _years(gold: Any, predicted: str) -> bool:
    g, p = parse_year(gold), parse_year(predicted)
    return g == p if g is not None and p is not None else fold(gold) == fold(predicted)


_LAW_PREFIXES = ("the ", "laws of ", "law of ", "the ", "state of ", "commonwealth of ")


def _law(text: Any) -> str:
    s = fold(text)
    for prefix in _LAW_PREFIXES:
        s = s.removeprefix(prefix)
    return s


_RULES: Mapping[Kind, Callable[[Any, str], bool]] = {
    "text": lambda g, p: fold(g) == fold(p),
    "date": _dates,
    "amount": _amounts,
    "year": _years,
    "doi": lambda g, p: norm_doi(g) == norm_doi(p),
    "arxiv": lambda g, p: norm_arxiv(g) == norm_arxiv(p),
    "long_text": lambda g, p: token_f1(g, p) >= LONG_TEXT_MIN_F1,
    "summary": _summaries,
    "name": names_match,
    "law": lambda g, p: _law(g) == _law(p),
    "identifier": lambda g, p: norm_identifier(g) == norm_identifier(p),
}


def values_match(field: str, gold: Any, predicted: str) -> bool:
    """Whether ``predicted`` matches ``gold`` under the rule of ``field``'s kind.

    A list ``gold`` (parties, authors) matches when any of its items does.
    """
    if isinstance(gold, list | tuple):
        return any(values_match(field, item, predicted) for item in gold)
    return _RULES[field_kind(field)](gold, predicted)


def match_items(field: str, gold: Sequence[Any], predicted: Sequence[str]) -> list[tuple[int, int]]:
    """Pair gold and predicted list items one to one: (gold index, predicted index).

    Names are paired by exact token equality first, then by the lenient rule, so a
    lenient match never takes an item that has an exact partner. Unpaired items
    are the false negatives (gold) and false positives (predicted).
    """
    passes: list[Callable[[Any, str], bool]] = [lambda g, p: values_match(field, g, p)]
    if field_kind(field) == "name":
        passes.insert(0, names_equal)
    pairs: list[tuple[int, int]] = []
    for rule in passes:
        pairs += _greedy_pairs(gold, predicted, rule, pairs)
    return sorted(pairs)


def _greedy_pairs(
    gold: Sequence[Any],
    predicted: Sequence[str],
    rule: Callable[[Any, str], bool],
    taken: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    used_g, used_p = {g for g, _ in taken}, {p for _, p in taken}
    pairs = []
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        pj = next((j for j, p in enumerate(predicted) if j not in used_p and rule(g, p)), None)
        if pj is not None:
            pairs.append((gi, pj))
            used_p.add(pj)
    return pairs


def dedupe(field: str, items: Sequence[Any]) -> list[Any]:
    """Items without repeats (by the field's exact rule): lists are compared as sets."""
    same: Callable[[Any, Any], bool] = (
        names_equal if field_kind(field) == "name" else lambda a, b: fold(a) == fold(b)
    )
    kept: list[Any] = []
    for item in items:
        if not any(same(k, item) for k in kept):
            kept.append(item)
    return kept
