"""Insurance documents that are not claims (``other``): declarations pages, policy
wordings, certificates of insurance and premium or renewal notices.

They share a claim's vocabulary (policy number, insured, loss, deductible, premium)
but report cover, not a loss. The template is the part after ``:`` in the kind.
"""

from __future__ import annotations

from collections.abc import Callable

from kpo.datasets.layouts import Block, Cell, Grid, TableBlock
from kpo.datasets.near_miss_words import (
    COVERAGES,
    INSURERS,
    LINES,
    POLICY_SECTIONS,
    POLICY_SENTENCES,
)
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx, a_date, an_amount, format_amount, format_date, reference_code


def insurer(ctx: Ctx) -> str:
    return f"{ctx.fake.last_name()} {ctx.pick(INSURERS)}"


def policy_no(ctx: Ctx) -> str:
    return reference_code(ctx, ("POL", "HO3", "PA", "CGL", "", "BOP", "WC"))


def period(ctx: Ctx) -> tuple[str, str]:
    start = a_date(ctx, 2000, 2025)
    end = start.replace(year=start.year + 1)
    return format_date(start, ctx), format_date(end, ctx)


def wording(ctx: Ctx, n: tuple[int, int]) -> str:
    count = ctx.rng.randint(*n)
    return " ".join(ctx.pick(POLICY_SENTENCES) for _ in range(count))


def limits(ctx: Ctx, n: int) -> TableBlock:
    rows = tuple(
        (
            (cov, None),
            (format_amount(an_amount(ctx, 1e3, 2e6), ctx), None),
            (format_amount(an_amount(ctx, 20, 4000), ctx), None),
        )
        for cov in ctx.rng.sample(COVERAGES, n)
    )
    head = ctx.pick(
        [("COVERAGE", "LIMIT", "PREMIUM"), ("Coverages", "Limits of Liability", "Premium")]
    )
    return TableBlock(head, rows, ruled=ctx.chance(0.6))


def declarations(ctx: Ctx) -> list[Block]:
    start, end = period(ctx)
    line = ctx.pick(LINES)
    blocks: list[Block] = [
        para(insurer(ctx).upper(), role="heading"),
        para(f"{line} Policy Declarations", role="title"),
        para(ctx.pick(["Policy Number:", "POLICY NO.", "Policy #"]), policy_no(ctx)),
        para("Policy Period:", f"{start} to {end} 12:01 A.M. standard time"),
        para(ctx.pick(["Named Insured:", "NAMED INSURED AND ADDRESS"]), ctx.fake.name()),
        para(ctx.fake.address().replace("\n", ", ")),
        para("Agent:", f"{ctx.fake.company()} Insurance Agency, {ctx.fake.phone_number()}"),
        limits(ctx, ctx.rng.randint(3, 7)),
        para(
            ctx.pick(["Total Annual Premium:", "TOTAL POLICY PREMIUM", "Premium Due:"]),
            format_amount(an_amount(ctx, 300, 12000), ctx),
            role="heading",
        ),
        para("Deductible:", format_amount(an_amount(ctx, 100, 5000), ctx)),
        para(
            "Forms and Endorsements:",
            ", ".join(reference_code(ctx, ("HO", "CA", "IL")) for _ in range(3)),
        ),
    ]
    if ctx.chance(0.5):
        blocks.append(para("Mortgagee:", ctx.fake.company()))
    blocks.append(para(wording(ctx, (1, 3)), role="small"))
    return blocks


def policy_wording(ctx: Ctx) -> list[Block]:
    blocks: list[Block] = [
        para(f"{ctx.pick(LINES).upper()} POLICY", role="title", center=ctx.chance(0.5)),
        para(insurer(ctx), center=True),
        para(ctx.pick(["AGREEMENT", "Please read this policy carefully."]), role="heading"),
        para(wording(ctx, (2, 4))),
    ]
    sections = ctx.rng.sample(POLICY_SECTIONS, ctx.rng.randint(4, 8))
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
    for i, section in enumerate(sections):
        label = ctx.pick(
            [f"SECTION {roman[i]} - {section}", f"{i + 1}. {section.title()}", section]
        )
        blocks.append(para(label, role="heading"))
        for j in range(ctx.rng.randint(1, 3)):
            mark = ctx.pick(["", f"{chr(97 + j)}. ", f"({j + 1}) "])
            blocks.append(para(mark + wording(ctx, (2, 5))))
    blocks.append(
        para(
            f"Form {reference_code(ctx, ('HO', 'PP', 'CG'))} "
            f"Ed. {ctx.rng.randint(1, 12):02d}/{ctx.rng.randint(90, 99)}",
            role="small",
        )
    )
    return blocks


def certificate(ctx: Ctx) -> list[Block]:
    start, end = period(ctx)
    grid = Grid(
        (
            (
                Cell("PRODUCER", f"{ctx.fake.company()} Agency", span=2),
                Cell("DATE (MM/DD/YYYY)", start),
            ),
            (Cell("INSURED", ctx.fake.company(), span=2), Cell("INSURER A", insurer(ctx))),
            (
                Cell("TYPE OF INSURANCE", ctx.pick(LINES)),
                Cell("POLICY NUMBER", policy_no(ctx)),
                Cell("POLICY EFF", start),
            ),
            (
                Cell("POLICY EXP", end),
                Cell("EACH OCCURRENCE", format_amount(an_amount(ctx, 1e5, 2e6), ctx)),
                Cell("GENERAL AGGREGATE", format_amount(an_amount(ctx, 1e6, 4e6), ctx)),
            ),
            (
                Cell("CERTIFICATE HOLDER", ctx.fake.company(), span=2),
                Cell("AUTHORIZED REPRESENTATIVE"),
            ),
        )
    )
    return [
        para("CERTIFICATE OF LIABILITY INSURANCE", role="title"),
        para(
            "THIS CERTIFICATE IS ISSUED AS A MATTER OF INFORMATION ONLY AND CONFERS NO RIGHTS UPON "
            "THE CERTIFICATE HOLDER. THIS CERTIFICATE DOES NOT AFFIRMATIVELY OR NEGATIVELY AMEND, "
            "EXTEND OR ALTER THE COVERAGE AFFORDED BY THE POLICIES BELOW.",
            role="small",
        ),
        grid,
        para("DESCRIPTION OF OPERATIONS / LOCATIONS / VEHICLES", ctx.fake.catch_phrase()),
        para(
            "SHOULD ANY OF THE ABOVE DESCRIBED POLICIES BE CANCELLED BEFORE THE EXPIRATION DATE "
            "THEREOF, NOTICE WILL BE DELIVERED IN ACCORDANCE WITH THE POLICY PROVISIONS.",
            role="small",
        ),
    ]


def notice(ctx: Ctx) -> list[Block]:
    start, end = period(ctx)
    title = ctx.pick(
        [
            "RENEWAL NOTICE",
            "PREMIUM NOTICE",
            "Your policy is up for renewal",
            "BILLING STATEMENT",
            "NOTICE OF CANCELLATION FOR NONPAYMENT",
        ]
    )
    due = format_amount(an_amount(ctx, 40, 3000), ctx)
    return [
        para(insurer(ctx), role="heading"),
        para(format_date(a_date(ctx), ctx)),
        para(ctx.fake.name()),
        para(ctx.fake.address().replace("\n", ", ")),
        para(title, role="title"),
        para("Policy number:", policy_no(ctx), "   Term:", f"{start} - {end}"),
        para(
            f"Dear Policyholder, your {ctx.pick(LINES).lower()} policy renews on {end}. "
            f"The minimum amount due is {due}. {wording(ctx, (1, 3))}"
        ),
        TableBlock(
            ("Installment", "Due date", "Amount"),
            tuple(
                ((f"{k}", None), (format_date(a_date(ctx), ctx), None), (due, None))
                for k in range(1, ctx.rng.randint(3, 7))
            ),
        ),
        para("Pay online, by phone or by mail. Keep this notice for your records.", role="small"),
    ]


TEMPLATES: dict[str, Callable[[Ctx], list[Block]]] = {
    "declarations": declarations,
    "wording": policy_wording,
    "certificate": certificate,
    "notice": notice,
}


def build_policy(ctx: Ctx) -> DocSpec:
    """An insurance policy document (``other``), kind ``policy:<template>``."""
    template = ctx.pick(sorted(TEMPLATES))
    body = TEMPLATES[template](ctx)
    kind = f"policy:{template}"
    return DocSpec("other", kind, kind, (), tuple(body), random_layout(ctx), Gold())
