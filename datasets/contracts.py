"""Contracts: preamble with parties and dates, recitals, numbered clauses, signatures.

``build_contract`` writes one contract; the clauses that carry gold values (fees, term,
governing law) come from ``kpo.datasets.contract_field_clauses``, the standard ones
from ``kpo.datasets.contract_clauses``.
"""

from __future__ import annotations

from dataclasses import replace

from kpo.datasets.contract_clauses import CLAUSES
from kpo.datasets.contract_field_clauses import law_clause, money_clause, quotes, term_clause
from kpo.datasets.layouts import Block, Para
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx, a_date, company, filler, format_date

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
TERM_SHARE = 0.85  # of contracts with a term clause; the others state no term
EVENT_EFFECTIVE_SHARE = 0.3  # of contracts that do not define the date in the preamble


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
