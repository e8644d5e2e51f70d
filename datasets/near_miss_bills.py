"""Bills that are not claims (``other``): hospital and physician statements, explanations
of benefits ("this is not a bill") and commercial invoices with tax lines.

Kinds are ``medical_bill:<template>``, ``eob:<template>`` and ``invoice:<template>``.
"""

from __future__ import annotations

from kpo.datasets.layouts import Block, Cell, Grid, Segment, TableBlock
from kpo.datasets.near_miss_words import INSURERS, SERVICES
from kpo.datasets.office_words import ITEMS
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx, a_date, company, format_amount, format_date, reference_code


def money(ctx: Ctx, low: float, high: float) -> str:
    symbol = ctx.pick(["$", "", "$", "USD "])
    return f"{symbol}{ctx.rng.uniform(low, high):,.2f}"


def provider(ctx: Ctx) -> str:
    return ctx.pick(
        [
            f"{ctx.fake.city()} General Hospital",
            f"St. {ctx.fake.first_name()} Medical Center",
            f"{ctx.fake.last_name()} Family Practice",
            f"{ctx.fake.city()} Imaging Associates",
            f"University of {ctx.fake.city()} Health",
        ]
    )


def service_rows(ctx: Ctx, cols: int) -> tuple[tuple[Segment, ...], ...]:
    rows = []
    for code, name in ctx.rng.sample(SERVICES, ctx.rng.randint(3, 9)):
        cells = [format_date(a_date(ctx, 2015, 2025), ctx), code, name]
        cells += [money(ctx, 0, 4000) for _ in range(cols - 3)]
        rows.append(tuple((c, None) for c in cells))
    return tuple(rows)


def medical_bill(ctx: Ctx, template: str) -> list[Block]:
    blocks: list[Block] = [
        para(provider(ctx), role="heading"),
        para(ctx.fake.address().replace("\n", ", "), role="small"),
        para(
            ctx.pick(
                ["PATIENT STATEMENT", "HOSPITAL BILL", "Statement of Account", "ITEMIZED BILL"]
            ),
            role="title",
        ),
    ]
    if template == "grid":
        blocks.append(
            Grid(
                (
                    (
                        Cell("PATIENT NAME", ctx.fake.name(), span=2),
                        Cell("ACCOUNT NUMBER", reference_code(ctx, ("", "ACCT", "H"))),
                    ),
                    (
                        Cell("STATEMENT DATE", format_date(a_date(ctx), ctx)),
                        Cell("DUE DATE", format_date(a_date(ctx), ctx)),
                        Cell("AMOUNT DUE", money(ctx, 10, 9000)),
                    ),
                    (
                        Cell("GUARANTOR", ctx.fake.name(), span=2),
                        Cell("INSURANCE", f"{ctx.fake.last_name()} {ctx.pick(INSURERS)}"),
                    ),
                )
            )
        )
    else:
        blocks += [
            para("Patient:", ctx.fake.name(), "   Account #:", reference_code(ctx, ("", "ACCT"))),
            para(
                "Admission:",
                format_date(a_date(ctx), ctx),
                "   Discharge:",
                format_date(a_date(ctx), ctx),
            ),
            para("Attending physician:", f"Dr. {ctx.fake.name()}"),
        ]
    head = ("DATE", "CODE", "DESCRIPTION", "CHARGES", "INSURANCE PAID", "ADJUSTMENTS")
    blocks += [
        TableBlock(head, service_rows(ctx, 6), ruled=ctx.chance(0.5)),
        para("Total charges:", money(ctx, 100, 40000)),
        para("Insurance payments:", money(ctx, 0, 20000)),
        para(
            ctx.pick(["PATIENT BALANCE DUE", "Please pay this amount", "Amount You Owe"]),
            money(ctx, 5, 3000),
            role="heading",
        ),
        para(
            ctx.pick(
                [
                    "Your insurance has been billed. The balance shown is your responsibility.",
                    "Financial assistance is available. Call our billing office with questions.",
                    "Please detach and return the lower portion with your payment.",
                ]
            ),
            role="small",
        ),
    ]
    return blocks


def eob(ctx: Ctx, template: str) -> list[Block]:
    plan = f"{ctx.fake.last_name()} {ctx.pick(INSURERS)}"
    head = (
        "Service date",
        "Code",
        "Description",
        "Amount billed",
        "Plan discount",
        "Plan paid",
        "You owe",
    )
    blocks: list[Block] = [
        para(plan, role="heading"),
        para("EXPLANATION OF BENEFITS", role="title"),
        para(
            ctx.pick(["THIS IS NOT A BILL", "This is not a bill. Keep for your records."]),
            role="heading",
        ),
        para("Member:", ctx.fake.name(), "   Member ID:", reference_code(ctx, ("M", "ID", "W"))),
        para("Group number:", reference_code(ctx, ("G", ""))),
        para(
            "Claim number:" if template == "claim_line" else "Reference:",
            reference_code(ctx, ("", "E", "CLM")),
        ),
        para("Provider:", provider(ctx), "   Patient:", ctx.fake.first_name()),
        TableBlock(head, service_rows(ctx, 7), ruled=ctx.chance(0.6)),
        para(
            "Deductible met this year:",
            money(ctx, 0, 3000),
            "   Out-of-pocket maximum:",
            money(ctx, 3000, 9000),
        ),
        para(
            "Total you may owe the provider:" if template == "claim_line" else "Your share:",
            money(ctx, 0, 900),
            role="heading",
        ),
        para(
            "If you disagree with this decision you may file an appeal within 180 days. "
            "Amounts not covered are explained in the remark codes below.",
            role="small",
        ),
    ]
    return blocks


def invoice(ctx: Ctx, template: str) -> list[Block]:
    tax = ctx.pick(["VAT 20%", "GST 18%", "Sales tax 8.25%", "HST 13%", "MwSt 19%"])
    head = ("Item", "Description", "Qty", "Rate", "Amount")
    rows = tuple(
        (
            (str(i), None),
            (ctx.pick(ITEMS), None),
            (str(ctx.rng.randint(1, 40)), None),
            (money(ctx, 5, 400), None),
            (money(ctx, 5, 9000), None),
        )
        for i in range(1, ctx.rng.randint(3, 12))
    )
    seller = company(ctx)
    blocks: list[Block] = [
        para(seller, role="title" if template == "banner" else "heading"),
        para(ctx.fake.address().replace("\n", ", "), role="small"),
        para(
            ctx.pick(["INVOICE", "Tax Invoice", "PRO FORMA INVOICE", "Commercial Invoice"]),
            role="heading",
        ),
        para(
            "Invoice no.",
            reference_code(ctx, ("INV", "", "F")),
            "  Date:",
            format_date(a_date(ctx), ctx),
        ),
        para("PO number:", reference_code(ctx, ("PO", ""))),
        para("Bill to:", company(ctx), "  Ship to:", ctx.fake.city()),
        TableBlock(head, rows, ruled=ctx.chance(0.5)),
        para("Subtotal:", money(ctx, 100, 50000)),
        para(f"{tax}:", money(ctx, 10, 5000)),
        para("Total:", format_amount(ctx.rng.uniform(100, 60000), ctx), role="heading"),
        para(
            f"Bank: {ctx.fake.company()} Bank  IBAN {ctx.fake.iban()}  "
            f"Terms: net {ctx.pick([15, 30, 45])} days",
            role="small",
        ),
    ]
    return blocks


def _spec(kind: str, template: str, body: list[Block], ctx: Ctx) -> DocSpec:
    name = f"{kind}:{template}"
    return DocSpec("other", name, name, (), tuple(body), random_layout(ctx), Gold())


def build_medical_bill(ctx: Ctx) -> DocSpec:
    template = ctx.pick(["grid", "lines"])
    return _spec("medical_bill", template, medical_bill(ctx, template), ctx)


def build_eob(ctx: Ctx) -> DocSpec:
    template = ctx.pick(["claim_line", "reference"])
    return _spec("eob", template, eob(ctx, template), ctx)


def build_invoice(ctx: Ctx) -> DocSpec:
    template = ctx.pick(["banner", "letterhead"])
    return _spec("invoice", template, invoice(ctx, template), ctx)
