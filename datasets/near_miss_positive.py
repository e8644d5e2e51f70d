"""Positives that look like negatives: research papers about insurance claims
(``research_paper``) and blank claim forms with instructions (``claim``).

A paper on claim fraud or loss reserving uses every word of a claim; what makes it a
paper is its shape (authors, abstract, sections, references). A blank claim form has
no values at all; what makes it a claim is what it asks for.
"""

from __future__ import annotations

from dataclasses import replace

from kpo.datasets.claim_words import FORM_TITLES, LABELS, WARNING
from kpo.datasets.layouts import Block, Cell, Grid
from kpo.datasets.papers import abstract, authors, identifiers, references, sections
from kpo.datasets.papers import text as paper_text
from kpo.datasets.science import title
from kpo.datasets.science_fields import Field, pool
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx

INSURANCE = Field(
    "insurance",
    pool(
        "gradient boosting model|generalized linear model|Tweedie regression|chain-ladder method|"
        "Bayesian hierarchical model|survival analysis|graph-based fraud detector|"
        "credibility model|random forest classifier|text mining pipeline|copula model"
    ),
    pool(
        "auto insurance claims|fraudulent claims|health insurance claims|loss reserves|"
        "policyholders|claim adjusters|workers' compensation claims|catastrophe losses|"
        "insurance portfolios|motor third-party liability claims|claim narratives"
    ),
    pool(
        "claim frequency|claim severity|loss ratio|fraud detection rate|reserve uncertainty|"
        "settlement delay|premium adequacy|false positive rate|incurred but not reported losses"
    ),
    pool(
        "claims dataset of a European insurer|French motor insurance data|NAIC Schedule P data|"
        "administrative claims records|a panel of 2.1 million policies|telematics data"
    ),
    pool(
        "heavy-tailed losses|regulatory constraints|class imbalance|changing exposure|"
        "underwriting cycles|sparse covariates"
    ),
)


def insurance_paper(ctx: Ctx) -> DocSpec:
    gold = Gold()
    year = ctx.rng.randint(1998, 2025)
    head = title(ctx, INSURANCE)
    front: list[Block] = [para(gold.tag("title", head), role="title", center=True)]
    front += authors(ctx, gold) + abstract(ctx, gold, INSURANCE)
    terms = ctx.rng.sample(INSURANCE.objects, 2) + ctx.rng.sample(INSURANCE.quantities, 2)
    front.append(
        para(ctx.pick(["Keywords:", "JEL classification: G22;", "Key words:"]), ", ".join(terms))
    )
    body = sections(ctx, INSURANCE)
    if ctx.chance(0.6):
        body.insert(
            1, para(f"Table 1. Summary statistics of {ctx.pick(INSURANCE.objects)}", role="small")
        )
        body.insert(2, para(paper_text(ctx, INSURANCE, (1, 2))))
    body += references(ctx, INSURANCE, year, (4, 14))
    template = ctx.pick(["journal", "working_paper"])
    header, footer = identifiers(ctx, gold, year)
    if template == "working_paper":
        series = f"{ctx.fake.last_name()} Centre for Risk and Insurance Studies"
        header = ((f"{series} Working Paper No. {year}-{ctx.rng.randint(1, 40):02d}", None),)
    layout = random_layout(
        ctx, families=("times", "helvetica"), columns=2 if ctx.chance(0.5) else 1
    )
    layout = replace(layout, header=header, footer=footer)
    return DocSpec(
        "research_paper",
        f"insurance_paper:{template}",
        head,
        tuple(front),
        tuple(body),
        layout,
        gold,
    )


PARTS = (
    (
        "PART A - POLICYHOLDER DETAILS",
        ("claimant_name", "policy_number"),
        ("Address", "Telephone", "E-mail"),
    ),
    (
        "PART B - DETAILS OF THE LOSS",
        ("date_of_loss", "claim_number"),
        ("Time", "Place of loss", "Police report number"),
    ),
    (
        "PART C - AMOUNT CLAIMED",
        ("amount_claimed",),
        ("Item", "Date purchased", "Replacement cost"),
    ),
    ("PART D - PAYMENT DETAILS", (), ("Bank name", "Account number", "Sort code / routing number")),
)


def part_grid(ctx: Ctx, named: tuple[str, ...], extra: tuple[str, ...]) -> Grid:
    cells = [Cell(ctx.pick(LABELS[n])) for n in named] + [Cell(label) for label in extra]
    return Grid(tuple(tuple(cells[i : i + 3]) for i in range(0, len(cells), 3)))


def part_lines(ctx: Ctx, named: tuple[str, ...], extra: tuple[str, ...]) -> list[Block]:
    labels = [ctx.pick(LABELS[n]) for n in named] + list(extra)
    return [para(f"{label}: ______________________________") for label in labels]


def blank_claim_form(ctx: Ctx) -> DocSpec:
    template = ctx.pick(["parts_grid", "parts_lines"])
    insurer = (
        f"{ctx.fake.last_name()} {ctx.pick(['Insurance', 'Assurance', 'Mutual', 'Health Plan'])}"
    )
    blocks: list[Block] = [
        para(insurer, role="heading"),
        para(ctx.pick(FORM_TITLES), role="title"),
        para(
            ctx.pick(
                [
                    "Please complete this form in BLOCK CAPITALS and return it with your receipts.",
                    "Complete all sections. Incomplete forms may delay your claim.",
                    "Use this form to report a loss. Attach copies of invoices and police reports.",
                ]
            ),
            role="small",
        ),
    ]
    for heading, named, extra in PARTS:
        blocks.append(para(heading, role="heading"))
        fill = part_grid(ctx, named, extra) if template == "parts_grid" else None
        blocks += [fill] if fill is not None else part_lines(ctx, named, extra)
        if ctx.chance(0.5):
            blocks.append(
                para(
                    "Was anyone injured?  [ ] Yes  [ ] No    "
                    "Is there other insurance?  [ ] Yes  [ ] No"
                )
            )
    blocks += [
        para("DECLARATION", role="heading"),
        para(
            "I declare that the information given is true and complete to the best of my knowledge."
        ),
        para("Signature of claimant: ____________________   Date: ____ / ____ / ______"),
        para(WARNING, role="small"),
    ]
    kind = f"blank_claim:{template}"
    return DocSpec("claim", kind, kind, (), tuple(blocks), random_layout(ctx), Gold())


def build_insurance_paper(ctx: Ctx) -> DocSpec:
    return insurance_paper(ctx)


def build_blank_claim(ctx: Ctx) -> DocSpec:
    return blank_claim_form(ctx)
