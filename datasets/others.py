"""Hard negatives (``other``): invoices, receipts, bills, policies, government forms and
notices, letters, memos, minutes, financial statements and brochures."""

from __future__ import annotations

from collections.abc import Callable

from kpo.datasets.claim_words import WARNING
from kpo.datasets.layouts import Block, Cell, Grid, Segment, TableBlock
from kpo.datasets.office_words import ITEMS, NUMBER_LABELS, OFFICE
from kpo.datasets.others_foreign import build_foreign_other
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import (
    Ctx,
    a_date,
    an_amount,
    company,
    format_amount,
    format_date,
    mixed,
    reference_code,
)

FOREIGN_SHARE = 0.25  # documents in German, French, Spanish or Hebrew


def money(ctx: Ctx, low: float = 5, high: float = 5000) -> str:
    return f"{ctx.rng.uniform(low, high):,.2f}"


def rows(ctx: Ctx, n: int, cols: int) -> tuple[tuple[Segment, ...], ...]:
    out = []
    for _ in range(n):
        out.append(((ctx.pick(ITEMS), None), *((money(ctx), None) for _ in range(cols - 1))))
    return tuple(out)


def invoice(ctx: Ctx) -> list[Block]:
    word = ctx.pick(
        ["INVOICE", "TAX INVOICE", "PAYMENT RECEIPT", "STATEMENT", "UTILITY BILL", "Rechnung"]
    )
    return [
        para(company(ctx), role="heading"),
        para(ctx.fake.address()),
        para(word, role="title"),
        para(
            f"{ctx.pick(NUMBER_LABELS)}:",
            reference_code(ctx, ("INV", "", "R", "AC")),
        ),
        para(
            f"{ctx.pick(['Invoice Date', 'Date', 'Billing Date', 'Statement Date'])}:",
            format_date(a_date(ctx), ctx),
        ),
        para(f"{ctx.pick(['Bill To', 'Customer', 'Guest Name', 'Sold To'])}:", ctx.fake.name()),
        TableBlock(
            ("DESCRIPTION", "QTY", "UNIT PRICE", "AMOUNT"), rows(ctx, ctx.rng.randint(2, 9), 4)
        ),
        para(
            f"{ctx.pick(['Total Due', 'Amount Due', 'Grand Total', 'Balance Due', 'Total'])}:",
            format_amount(an_amount(ctx, 10, 50_000), ctx),
            role="heading",
        ),
        para(
            ctx.pick(
                [
                    "Payment due within 30 days.",
                    "Thank you for your business.",
                    "Paid through Cash.",
                    "Please pay by direct debit.",
                ]
            ),
            role="small",
        ),
    ]


def policy(ctx: Ctx) -> list[Block]:
    start = a_date(ctx)
    grid = Grid(
        (
            (
                Cell("POLICY NUMBER", reference_code(ctx, ("POL", "HO", ""))),
                Cell(
                    "POLICY PERIOD",
                    f"{format_date(start, ctx)} to "
                    f"{format_date(start.replace(year=start.year + 1), ctx)}",
                ),
            ),
            (
                Cell("NAMED INSURED", ctx.fake.name(), span=2),
                Cell("PREMIUM", format_amount(an_amount(ctx, 200, 9000), ctx)),
            ),
            (
                Cell("COVERAGE", ctx.pick(["Dwelling", "Liability", "Collision", "Comprehensive"])),
                Cell("LIMIT", format_amount(an_amount(ctx, 1e4, 1e6), ctx)),
                Cell("DEDUCTIBLE", format_amount(an_amount(ctx, 100, 5000), ctx)),
            ),
        )
    )
    return [
        para(
            ctx.pick(
                [
                    "DECLARATIONS PAGE",
                    "HOMEOWNERS POLICY",
                    "CERTIFICATE OF INSURANCE",
                    "AUTO POLICY SCHEDULE",
                ]
            ),
            role="title",
        ),
        grid,
        para("CONDITIONS", role="heading"),
        para(
            "In the event of a loss you must give prompt notice to us or our agent. "
            "We will pay covered "
            "losses within 30 days after we receive your proof of loss. This policy does not cover "
            "losses caused by wear and tear, flood or earth movement unless endorsed."
        ),
        para(mixed(ctx, OFFICE, (2, 4))),
        para(WARNING, role="small"),
    ]


def government(ctx: Ctx) -> list[Block]:
    agency = ctx.pick(
        [
            "Department of Transportation",
            "Department of Health",
            "Internal Revenue Service",
            "Environmental Protection Agency",
            "Department of Children and Families",
        ]
    )
    docket = reference_code(ctx, ("Docket", "Agency-Ref", "Docket No.", "Form"))
    blocks: list[Block] = [
        para(f"{agency.upper()}", role="heading"),
        para(
            ctx.pick(
                [
                    "Proposed Rules",
                    "Annual Report",
                    "Summary Report",
                    "Notice of Public Hearing",
                    "Instructions for Form",
                    "Tax Return",
                ]
            )
            + f" {docket}",
            role="title",
        ),
        para("AGENCY:", agency + "."),
        para("SUMMARY:", mixed(ctx, OFFICE, (3, 6))),
        para("DATES:", f"Comments must be received on or before {format_date(a_date(ctx), ctx)}."),
    ]
    if ctx.chance(0.5):
        blocks.append(
            Grid(
                (
                    (
                        Cell("Your first name and initial"),
                        Cell("Last name"),
                        Cell("Identifying number"),
                    ),
                    (Cell("Present home address", span=2), Cell("City, state and ZIP code")),
                    (Cell("Wages, salaries, tips"), Cell("Taxable interest"), Cell("Total income")),
                )
            )
        )
    blocks += [para(f"{i}. {mixed(ctx, OFFICE, (2, 5))}") for i in range(1, ctx.rng.randint(3, 9))]
    return blocks


def letter(ctx: Ctx) -> list[Block]:
    memo = ctx.chance(0.5)
    head: list[Block] = (
        [
            para("MEMORANDUM", role="title"),
            para("TO:", ctx.fake.name()),
            para("FROM:", ctx.fake.name()),
            para("DATE:", format_date(a_date(ctx), ctx)),
            para("RE:", ctx.fake.catch_phrase()),
        ]
        if memo
        else [
            para(company(ctx)),
            para(format_date(a_date(ctx), ctx)),
            para(f"Dear {ctx.fake.name()},"),
        ]
    )
    body = [para(mixed(ctx, OFFICE, (3, 7))) for _ in range(ctx.rng.randint(2, 5))]
    return (
        head
        + body
        + [para(ctx.pick(["Sincerely,", "Best regards,", ""]) or "Regards,"), para(ctx.fake.name())]
    )


def minutes(ctx: Ctx) -> list[Block]:
    blocks: list[Block] = [
        para(
            ctx.pick(
                ["MINUTES OF THE BOARD MEETING", "Meeting Minutes", "TRANSCRIPT OF PROCEEDINGS"]
            ),
            role="title",
        ),
        para(f"Date: {format_date(a_date(ctx), ctx)}   Location: {ctx.fake.city()}"),
        para("Present:", ", ".join(ctx.fake.name() for _ in range(ctx.rng.randint(3, 7)))),
    ]
    for i in range(1, ctx.rng.randint(3, 8)):
        speaker = ctx.fake.last_name().upper()
        blocks.append(para(f"{i}. {ctx.fake.catch_phrase()}", role="heading"))
        blocks.append(
            para(f"{speaker}:" if ctx.chance(0.5) else "Discussion:", mixed(ctx, OFFICE, (2, 5)))
        )
    return blocks


def statement(ctx: Ctx) -> list[Block]:
    year = a_date(ctx).year
    head = ("ITEM", f"FY {year}", f"FY {year - 1}", "CHANGE")
    return [
        para(company(ctx).upper(), role="heading"),
        para(
            ctx.pick(
                [
                    "CONSOLIDATED BALANCE SHEET",
                    "STATEMENT OF DISBURSEMENTS",
                    "INCOME STATEMENT",
                    "SCHEDULE OF EXPENDITURES",
                ]
            ),
            role="title",
        ),
        para(
            f"(in thousands, except per share data) Period ending {format_date(a_date(ctx), ctx)}",
            role="small",
        ),
        TableBlock(head, rows(ctx, ctx.rng.randint(8, 25), 4), ruled=ctx.chance(0.5)),
        para(mixed(ctx, OFFICE, (1, 3)), role="small"),
    ]


def brochure(ctx: Ctx) -> list[Block]:
    products = ["Speaker System", "Home Loan", "Travel Plan", "Smart Meter", "Retreat"]
    product = f"The {ctx.fake.last_name()} {ctx.pick(products)}"
    blocks: list[Block] = [
        para(product, role="title", center=True),
        para(ctx.fake.catch_phrase(), center=True),
    ]
    return (
        blocks
        + [para(f"\u2022 {ctx.fake.bs().capitalize()}.") for _ in range(ctx.rng.randint(3, 8))]
        + [
            para(mixed(ctx, OFFICE, (2, 4))),
            para(f"Call {ctx.fake.phone_number()} or visit {ctx.fake.url()}"),
        ]
    )


KINDS: dict[str, Callable[[Ctx], list[Block]]] = {
    "invoice": invoice,
    "policy": policy,
    "government": government,
    "letter": letter,
    "minutes": minutes,
    "statement": statement,
    "brochure": brochure,
}


def build_other(ctx: Ctx) -> DocSpec:
    if ctx.chance(FOREIGN_SHARE):
        return build_foreign_other(ctx)
    kind = ctx.pick(sorted(KINDS))
    body = KINDS[kind](ctx)
    return DocSpec("other", kind, kind, (), tuple(body), random_layout(ctx), Gold())
