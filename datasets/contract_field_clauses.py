"""The contract clauses that carry gold values: fees, term and governing law.

Each function writes one clause paragraph with its value tagged in the ``Gold`` of the
contract: ``money_clause`` the ``contract_value``, ``term_clause`` the ``term`` (a
duration in one of several wordings, an anniversary, or a date range),
``law_clause`` the ``governing_law``. The untagged standard clauses are in
``kpo.datasets.contract_clauses``; the contract around them is ``kpo.datasets.contracts``.
"""

from __future__ import annotations

import datetime as dt

from kpo.datasets.layouts import Para
from kpo.datasets.spec import Gold, para
from kpo.datasets.vocab import Ctx, a_date, an_amount, format_amount, format_date

DAYS = ("thirty (30)", "forty-five (45)", "sixty (60)")
NUMBERS = ("one", "two", "three", "four", "five", "seven", "ten")
EVENTS = (
    "the Closing occurs",
    "the regulatory approval is obtained",
    "both Parties have signed this Agreement",
    "the Client's records have been converted",
    "the Product is first made publicly available",
)


def quotes(ctx: Ctx) -> tuple[str, str]:
    return ("\u201c", "\u201d") if ctx.chance(0.5) else ('"', '"')


def money_clause(ctx: Ctx, gold: Gold, roles: tuple[str, str]) -> Para:
    amount = gold.tag("contract_value", format_amount(an_amount(ctx, 5_000, 5_000_000), ctx))
    period = ctx.pick(["per year", "in total", "per month", "payable in quarterly installments"])
    return para(
        f"In consideration of the {ctx.pick(['Services', 'license granted herein', 'Products'])},",
        f"{roles[1]} shall pay {roles[0]} a fee of",
        amount,
        f"{period}. Invoices are payable within {ctx.pick(DAYS)} days.",
    )


def term_clause(ctx: Ctx, gold: Gold, by_event: bool = False) -> Para:
    """The term: a duration in one of several wordings, or (not by event) a date range."""
    if by_event:
        return _term_by_event(ctx, gold)
    form = ctx.rng.randrange(8)
    if form == 0:
        return _term_by_event(ctx, gold, "This Agreement shall commence on the Effective Date")
    if form in (1, 2):
        return _term_duration(ctx, gold, plain=form == 1)
    if form in (3, 4):
        return _term_dates(ctx, gold, until=form == 3)
    return _term_hyphen(ctx, gold) if form == 5 else _term_short(ctx, gold, form == 6)


def _duration(ctx: Ctx) -> str:
    n = ctx.rng.randrange(len(NUMBERS))
    unit = ctx.pick(["years", "years", "months"])
    return f"{NUMBERS[n]} ({[1, 2, 3, 4, 5, 7, 10][n]}) {unit}"


def _renewal(ctx: Ctx) -> str:
    period = ctx.pick(["one-year periods", "additional three (3) year terms", "one (1) year terms"])
    return (
        f"Thereafter, this Agreement shall renew automatically for successive {period} unless "
        f"either Party gives at least {ctx.pick(DAYS)} days' notice of non-renewal."
    )


def _term_by_event(ctx: Ctx, gold: Gold, start: str = "") -> Para:
    start = start or (
        f"This Agreement shall become effective on the date on which {ctx.pick(EVENTS)} "
        '(the "Effective Date")'
    )
    return para(
        f"{start} and continue for a period of",
        gold.tag("term", _duration(ctx)),
        '(the "Initial Term"), and shall renew automatically for successive one-year periods '
        "unless either Party gives notice of non-renewal.",
    )


def _term_duration(ctx: Ctx, gold: Gold, *, plain: bool) -> Para:
    lq, rq = quotes(ctx)
    printed = ctx.pick(["three years", "five years", "two years"]) if plain else _duration(ctx)
    opening = ctx.pick(
        ["The term of this Agreement shall begin on the Effective Date and continue for",
         "This Agreement has an initial term of"]
    )  # fmt: skip
    return para(
        opening,
        gold.tag("term", printed),
        f"thereafter (the {lq}Initial Term{rq}).",
        _renewal(ctx),
    )


def _term_dates(ctx: Ctx, gold: Gold, *, until: bool) -> Para:
    begin = a_date(ctx, 1995, 2024)
    end = years_later(begin, ctx.rng.randint(1, 10)) - dt.timedelta(days=1)
    last = format_date(end, ctx, formal=True)
    if until:
        return para(
            "This Agreement shall commence on the Effective Date and remain in full force and "
            "effect until",
            gold.tag("term", last, f"until {last}"),
            ", unless terminated earlier in accordance with its terms.",
            _renewal(ctx) if ctx.chance(0.5) else "",
        )
    first = format_date(begin, ctx, formal=True)
    return para(
        "The term of this Agreement will commence on",
        gold.tag("term", f"{first} and will end on {last}", f"{first} to {last}"),
        ".",
        _renewal(ctx) if ctx.chance(0.5) else "",
    )


def years_later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; March 1 for February 29 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def _term_short(ctx: Ctx, gold: Gold, anniversary: bool) -> Para:
    """ "... expire on the third (3rd) anniversary of ..." or "... shall continue for ..."."""
    if not anniversary:
        return para(
            "Unless earlier terminated in accordance with its terms, this Agreement shall "
            "continue for",
            gold.tag("term", _duration(ctx)),
            "from the Effective Date.",
        )
    n = ctx.rng.randint(1, 5)
    ordinal = ("first", "second", "third", "fourth", "fifth")[n - 1]
    printed = f"{ordinal} ({n}{('st', 'nd', 'rd', 'th', 'th')[n - 1]}) anniversary"
    return para(
        "This Agreement shall commence on the Effective Date and expire on the",
        gold.tag("term", printed, f"{n} year{'s' if n > 1 else ''}"),
        "of the Effective Date, unless terminated earlier.",
    )


def _term_hyphen(ctx: Ctx, gold: Gold) -> Para:
    lq, rq = quotes(ctx)
    years = ctx.pick(["3-year", "five-year", "2-year", "10-year"])
    return para(
        "This Agreement shall have a",
        gold.tag("term", years),
        f"initial term (the {lq}Term{rq}) beginning on the Effective Date.",
    )


def law_clause(ctx: Ctx, gold: Gold) -> Para:
    state = ctx.fake.state()
    tail = ctx.pick([", without regard to its conflict of laws principles.", "."])
    return para(
        "This Agreement shall be governed by and construed in accordance with the laws of the "
        "State of",
        gold.tag("governing_law", state),
        tail,
    )
