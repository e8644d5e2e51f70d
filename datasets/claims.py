"""Claims: insurance loss-notice forms, health claim forms, claim invoices, notice letters."""

from __future__ import annotations

from dataclasses import replace

from kpo.datasets.claim_words import FORM_TITLES, LABELS, LOSSES, WARNING
from kpo.datasets.claims_foreign import build_foreign_claim
from kpo.datasets.layouts import Block, Cell, Grid, Segment, TableBlock
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import (
    Ctx,
    a_date,
    an_amount,
    company,
    filler,
    format_amount,
    format_date,
    reference_code,
)

FOREIGN_SHARE = 0.25  # claims in German, French, Spanish or Hebrew


def claim_values(ctx: Ctx) -> dict[str, tuple[str, str | int]]:
    """Printed and gold values of the five claim fields."""
    loss = a_date(ctx, 2005, 2025)
    amount = format_amount(an_amount(ctx, 150, 250_000), ctx)
    name = ctx.fake.name()
    return {
        "claim_number": (n := reference_code(ctx, ("CLM", "C", "", "CL", "2024")), n),
        "policy_number": (p := reference_code(ctx, ("POL", "HO", "AUTO", "", "PL")), p),
        "claimant_name": (name, name),
        "date_of_loss": (format_date(loss, ctx), loss.isoformat()),
        "amount_claimed": (amount, amount),
    }


def cell(
    ctx: Ctx, gold: Gold, values: dict[str, tuple[str, str | int]], name: str, blank: bool
) -> Cell:
    label = ctx.pick(LABELS[name])
    if blank:
        return Cell(label)
    printed, value = values[name]
    text, key = gold.tag(name, printed, value)
    return Cell(label, text, key, span=1.5 if name == "claimant_name" else 1.0)


def form_claim(ctx: Ctx, gold: Gold, blank: bool) -> list[Block]:
    values = claim_values(ctx)

    def c(name: str) -> Cell:
        return cell(ctx, gold, values, name, blank)

    person = "" if blank else ctx.fake.address().replace("\n", ", ")
    rows = [
        (Cell("INSURER / COMPANY", "" if blank else company(ctx), span=2), c("policy_number")),
        (
            c("claim_number"),
            c("date_of_loss"),
            Cell(
                "TIME",
                "" if blank else f"{ctx.rng.randint(0, 23):02d}:{ctx.rng.randint(0, 59):02d}",
            ),
        ),
        (c("claimant_name"), Cell("ADDRESS", person, span=2)),
        (
            Cell("PHONE", "" if blank else ctx.fake.phone_number()),
            Cell("E-MAIL ADDRESS"),
            Cell("DATE OF BIRTH"),
        ),
        (Cell("LOCATION OF LOSS", "" if blank else ctx.fake.city(), span=2), c("amount_claimed")),
        (Cell("DESCRIPTION OF LOSS / ACCIDENT", "" if blank else ctx.pick(LOSSES), span=3),),
        (Cell("REPORTED BY"), Cell("POLICE OR FIRE DEPT. REPORT #"), Cell("WITNESSES")),
    ]
    ctx.rng.shuffle(rows)
    remarks = [] if blank else [para("REMARKS:", filler(ctx, (1, 4)))]
    return [
        Grid(tuple(rows)),
        *remarks,
        para(WARNING, role="small"),
        para("SIGNATURE OF CLAIMANT ____________________   DATE __________"),
    ]


HEALTH_LABELS = (
    "MEDICARE   MEDICAID   TRICARE   GROUP HEALTH PLAN   OTHER",
    "PATIENT'S DATE OF BIRTH   SEX",
    "PATIENT RELATIONSHIP TO INSURED",
    "IS PATIENT'S CONDITION RELATED TO EMPLOYMENT?",
    "DIAGNOSIS OR NATURE OF ILLNESS OR INJURY",
    "REFERRING PROVIDER",
    "FEDERAL TAX I.D. NUMBER",
    "ACCEPT ASSIGNMENT?",
    "OUTSIDE LAB?  $ CHARGES",
    "HOSPITALIZATION DATES RELATED TO CURRENT SERVICES",
    "SIGNATURE OF PHYSICIAN OR SUPPLIER",
    "SERVICE FACILITY LOCATION INFORMATION",
    "PRIOR AUTHORIZATION NUMBER",
)


def health_claim(ctx: Ctx, gold: Gold, blank: bool) -> list[Block]:
    v = claim_values(ctx)

    def value(name: str, label: str) -> Cell:
        if blank:
            return Cell(label)
        return Cell(label, *gold.tag(name, *v[name]))

    extra = [Cell(label) for label in ctx.rng.sample(HEALTH_LABELS, 9)]
    rows = [
        (value("claimant_name", "PATIENT'S NAME (Last, First, Middle)"), extra[0]),
        (value("policy_number", "INSURED'S I.D. NUMBER"), extra[1], extra[2]),
        (extra[3], extra[4], extra[5]),
        (extra[6], extra[7], extra[8]),
        (
            Cell("DATES OF SERVICE"),
            Cell("PROCEDURES, SERVICES, OR SUPPLIES (CPT/HCPCS)"),
            Cell("$ CHARGES"),
        ),
    ]
    if not blank:
        for _ in range(ctx.rng.randint(1, 4)):
            code = f"{ctx.rng.randint(10000, 99999)}"
            rows.append(
                (
                    Cell("", format_date(a_date(ctx, 2010, 2025), ctx)),
                    Cell("", code),
                    Cell("", f"{ctx.rng.uniform(20, 900):,.2f}"),
                )
            )
    rows.append(
        (
            Cell(
                "TOTAL CHARGE",
                *(("",) if blank else gold.tag("amount_claimed", *v["amount_claimed"])),
            ),
            Cell("AMOUNT PAID"),
            Cell("PATIENT ACCOUNT NO."),
        )
    )
    notice = (
        "NOTICE: Any person who knowingly files a statement of claim containing any "
        "misrepresentation or any false, incomplete or misleading information may be guilty "
        "of a criminal act punishable under law."
    )
    return [Grid(tuple(rows)), para(notice, role="small")]


def invoice_claim(ctx: Ctx, gold: Gold) -> list[Block]:
    values = claim_values(ctx)
    lines: list[Block] = [
        para(ctx.pick(["FINAL INVOICE", "CLAIM INVOICE", "STATEMENT OF CLAIM"]), role="heading")
    ]
    lines.append(
        para(f"Insurer Name: {company(ctx).upper()}   Scheme: {ctx.fake.word().upper()} PLUS")
    )
    for name in ("claim_number", "claimant_name", "policy_number", "date_of_loss"):
        label = ctx.pick(LABELS[name]).title().rstrip(".") + ":"
        if name == "date_of_loss":
            label = ctx.pick(["Date of Service:", "Admission Date:", "Date of Treatment:"])
        lines.append(para(label, gold.tag(name, *values[name])))
    rows: list[tuple[Segment, ...]] = []
    for _ in range(ctx.rng.randint(2, 7)):
        service = ctx.pick(
            ["Consultation", "Laboratory", "Pharmacy", "Radiology", "Ward charges", "Procedure"]
        )
        rows.append(
            (
                (service, None),
                (str(ctx.rng.randint(1, 4)), None),
                (f"{ctx.rng.uniform(10, 900):,.2f}", None),
            )
        )
    lines.append(TableBlock(("DESCRIPTION", "QTY", "AMOUNT"), tuple(rows)))
    if ctx.chance(0.6):
        lines.append(para("Clinical notes:", filler(ctx, (1, 3))))
    lines.append(
        para(
            ctx.pick(["Total Amount Claimed:", "Total Payable by Insurer:", "Amount Claimed:"]),
            gold.tag("amount_claimed", *values["amount_claimed"]),
        )
    )
    return lines


def letter_claim(ctx: Ctx, gold: Gold) -> list[Block]:
    v = claim_values(ctx)
    today = format_date(a_date(ctx, 2005, 2025), ctx)
    return [
        para(today),
        para(f"{company(ctx)} Claims Department"),
        para(ctx.fake.address()),
        para(
            "Re: Notice of Loss \u2014 Claim No.",
            gold.tag("claim_number", *v["claim_number"]),
            ", Policy No.",
            gold.tag("policy_number", *v["policy_number"]),
            role="heading",
        ),
        para(ctx.pick(["Dear Claims Adjuster,", "Dear Sir or Madam,", "To whom it may concern:"])),
        para(
            "I am writing to notify you of a loss that occurred on",
            gold.tag("date_of_loss", *v["date_of_loss"]),
            f". {ctx.pick(LOSSES)}",
            "I hereby submit my claim in the amount of",
            gold.tag("amount_claimed", *v["amount_claimed"]),
            "and enclose photographs, receipts and the repair estimate.",
        ),
        para(filler(ctx, (1, 3))),
        para("Please contact me to arrange an inspection by your adjuster."),
        para("Sincerely,"),
        para(gold.tag("claimant_name", *v["claimant_name"])),
    ]


def build_claim(ctx: Ctx) -> DocSpec:
    if ctx.chance(FOREIGN_SHARE):
        return build_foreign_claim(ctx)
    gold = Gold()
    kind = ctx.pick(["form", "form", "form_blank", "health", "health_blank", "invoice", "letter"])
    title = ctx.pick(FORM_TITLES)
    front: list[Block] = []
    if kind.startswith("form"):
        front = [para(company(ctx).upper(), role="heading"), para(title, role="title", center=True)]
        body = form_claim(ctx, gold, blank=kind == "form_blank")
    elif kind.startswith("health"):
        title = ctx.pick(
            ["HEALTH INSURANCE CLAIM FORM", "MEDICAL CLAIM FORM", "PROFESSIONAL CLAIM"]
        )
        front = [para(title, role="title", center=True), para("PLEASE PRINT OR TYPE", role="small")]
        body = health_claim(ctx, gold, blank=kind == "health_blank")
    elif kind == "invoice":
        front = [
            para(
                f"{ctx.fake.city().upper()} {ctx.pick(['HOSPITAL', 'MEDICAL CENTRE', 'CLINIC'])}",
                role="title",
                center=True,
            ),
            para(ctx.fake.address().replace("\n", ", "), center=True),
        ]
        body = invoice_claim(ctx, gold)
    else:
        front = [para(ctx.fake.name()), para(ctx.fake.address())]
        body = letter_claim(ctx, gold)
    layout = random_layout(ctx, families=("helvetica", "helvetica", "times", "courier"))
    number, month, year = (ctx.rng.randint(*r) for r in ((1, 9999), (1, 12), (1990, 2024)))
    form_id = f"FORM {number} ({month:02d}/{year})"
    layout = replace(
        layout, footer=((form_id, None),) if "form" in kind or "health" in kind else ()
    )
    return DocSpec("claim", kind, title, tuple(front), tuple(body), layout, gold)
