"""Contracts: preamble with parties and dates, recitals, numbered clauses, signatures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kpo.datasets.contract_clauses import CLAUSES
from kpo.datasets.layouts import Block, Para
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx, a_date, an_amount, company, filler, format_amount, format_date

KINDS = {
    "Services Agreement": ("Provider", "Client"),
    "Master Services Agreement": ("Service Provider", "Customer"),
    "Software License Agreement": ("Licensor", "Licensee"),
    "Content License Agreement": ("Licensor", "Licensee"),
    "Outsourcing Agreement": ("Vendor", "Company"),
    "Mutual Non-Disclosure Agreement": ("Discloser", "Recipient"),
    "Employment Agreement": ("Company", "Executive"),
    "Supply Agreement": ("Supplier", "Buyer"),
    "Distribution Agreement": ("Supplier", "Distributor"),
    "Consulting Agreement": ("Consultant", "Client"),
    "Transportation Services Agreement": ("Carrier", "Shipper"),
    "Sponsored Research Agreement": ("Sponsor", "University"),
    "Marketing Agreement": ("Agency", "Client"),
    "Joint Development Agreement": ("Developer", "Partner"),
}
ENTITIES = ("corporation", "limited liability company", "limited partnership", "statutory trust")
DAYS = ("thirty (30)", "forty-five (45)", "sixty (60)")
NUMBERS = ("one", "two", "three", "four", "five", "seven", "ten")
TERM_SHARE = 0.85  # of contracts with a term clause; the others state no term
EVENT_EFFECTIVE_SHARE = 0.3  # of contracts that do not define the date in the preamble
EVENTS = (
    "the Closing occurs",
    "the regulatory approval is obtained",
    "both Parties have signed this Agreement",
    "the Client's records have been converted",
    "the Product is first made publicly available",
)


def quotes(ctx: Ctx) -> tuple[str, str]:
    return ("\u201c", "\u201d") if ctx.chance(0.5) else ('"', '"')


def preamble(
    ctx: Ctx, gold: Gold, title: str, roles: tuple[str, str], names: list[str]
) -> tuple[Para, bool]:
    """The opening paragraph, and whether the Effective Date is left to an event.

    Labels follow the convention of contract annotation (CUAD): an agreement that
    does not define its Effective Date takes effect on its date, so that date is the
    gold effective date too; one whose Effective Date is an event (defined later, in
    the term clause) has no effective date to report.
    """
    lq, rq = quotes(ctx)
    date = a_date(ctx)
    printed = format_date(date, ctx, formal=True)
    a, b = (f"{ctx.fake.state()}", f"{ctx.fake.state()}")
    p_a = gold.tag("parties[]", names[0])
    p_b = gold.tag("parties[]", names[1])
    ea, eb = ctx.pick(ENTITIES), ctx.pick(ENTITIES)
    style = ctx.rng.randrange(3)
    by_event = style != 0 and ctx.chance(EVENT_EFFECTIVE_SHARE)
    dated = gold.tag(
        "agreement_date" if by_event else "agreement_date|effective_date", printed, date.isoformat()
    )
    name = title.upper() if ctx.chance(0.4) else title
    if style == 0:
        return para(
            f"This {name} (the {lq}Agreement{rq}) is made and entered into as of",
            dated,
            f"(the {lq}Effective Date{rq}) by and between",
            p_a,
            f", a {a} {ea} ({lq}{roles[0]}{rq}), and",
            p_b,
            f", a {b} {eb} ({lq}{roles[1]}{rq}).",
        ), by_event
    if style == 1:
        return para(
            f"THIS {name} (this {lq}Agreement{rq}) is dated as of",
            dated,
            ", by and between",
            p_a,
            f"({lq}{roles[0]}{rq}) and",
            p_b,
            f", a {b} {eb} ({lq}{roles[1]}{rq}). Each is referred to as a {lq}Party{rq}.",
        ), by_event
    return para(
        "This Agreement is made on",
        dated,
        "between",
        p_a,
        f", having its principal office at {ctx.fake.address()}",
        f"({lq}{roles[0]}{rq}); and",
        p_b,
        f", a company organised under the laws of {b}",
        f"({lq}{roles[1]}{rq}).",
    ), by_event


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


def clauses(ctx: Ctx, gold: Gold, roles: tuple[str, str], by_event: bool) -> list[Block]:
    heads = ctx.rng.sample(sorted(CLAUSES), ctx.rng.randint(5, len(CLAUSES)))
    with_term = by_event or ctx.chance(TERM_SHARE)  # an event-defined Effective Date needs it
    heads += ["Fees", "Term", "Governing Law"] if with_term else ["Fees", "Governing Law"]
    ctx.rng.shuffle(heads)
    numbering = ctx.pick(["{n}. {h}", "Section {n}. {h}", "ARTICLE {n}\n{h}", "{n}. {H}"])
    blocks: list[Block] = []
    for n, head in enumerate(heads, 1):
        heading = numbering.format(n=n, h=head, H=head.upper())
        blocks.append(para(heading.replace("\n", " "), role="heading"))
        blocks.extend(clause_body(ctx, gold, roles, head, n, by_event))
    return blocks


def clause_body(
    ctx: Ctx, gold: Gold, roles: tuple[str, str], head: str, n: int, by_event: bool
) -> list[Block]:
    if head == "Governing Law":
        return [law_clause(ctx, gold)]
    if head == "Fees":
        return [money_clause(ctx, gold, roles)]
    if head == "Term":
        return [term_clause(ctx, gold, by_event)]
    out: list[Block] = []
    for i, text in enumerate(ctx.rng.sample(CLAUSES[head], ctx.rng.randint(1, len(CLAUSES[head])))):
        body = text.format(A=roles[0], B=roles[1])
        if ctx.chance(0.4):
            body += " " + filler(ctx, (1, 3))
        out.append(para(f"{n}.{i + 1} {body}" if ctx.chance(0.6) else body))
    return out


def signatures(ctx: Ctx, names: list[str]) -> list[Block]:
    blocks: list[Block] = [
        para(
            "IN WITNESS WHEREOF, the Parties have executed this Agreement as of the date first "
            "written above."
        )
    ]
    for name in names:
        blocks += [
            para(name.upper(), role="heading"),
            para("By: ______________________"),
            para(f"Name: {ctx.fake.name()}"),
            para(f"Title: {ctx.fake.job()}"),
        ]
    return blocks


def build_contract(ctx: Ctx) -> DocSpec:
    title = ctx.pick(sorted(KINDS))
    roles = KINDS[title]
    gold = Gold()
    second = ctx.fake.name() if title == "Employment Agreement" else company(ctx)
    names = [company(ctx), second]
    front: list[Block] = []
    if ctx.chance(0.5):
        front.append(para(f"Exhibit 10.{ctx.rng.randint(1, 40)}"))
    front.append(para(title.upper(), role="title", center=ctx.chance(0.7)))
    opening, by_event = preamble(ctx, gold, title, roles, names)
    front.append(opening)
    recitals = [para("RECITALS", role="heading")] if ctx.chance(0.6) else []
    recitals += [
        para(f"WHEREAS, {roles[0]} is engaged in the business of {ctx.fake.bs()}; and"),
        para(f"WHEREAS, {roles[1]} wishes to engage {roles[0]} on the terms set forth herein;"),
        para(
            "NOW, THEREFORE, in consideration of the mutual covenants contained herein, the "
            "Parties agree as follows:"
        ),
    ]
    body = recitals + clauses(ctx, gold, roles, by_event) + signatures(ctx, names)
    layout = random_layout(ctx)
    header = ctx.pick(
        [
            "",
            "",
            "CONFIDENTIAL",
            "EXECUTION VERSION",
            f"{title}",
            "Confidential treatment requested; omitted portions marked [***]",
        ]
    )
    layout = replace(layout, header=((header, None),) if header else ())
    return DocSpec("contract", title, title, tuple(front), tuple(body), layout, gold)
