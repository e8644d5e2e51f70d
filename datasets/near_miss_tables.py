"""Statistics tables that are not claims (``other``): accident and injury counts, claim
and loss-ratio statistics of an insurance market, by region, year or line.

Kinds are ``statistics:<template>``; the words (accident, injury, claims, losses) are
a claim's, the shape (a title, a table of figures, notes and a source) is not.
"""

from __future__ import annotations

from kpo.datasets.layouts import Block, Segment, TableBlock
from kpo.datasets.near_miss_words import LINES
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx

SOURCES = (
    "Source: National Highway Traffic Safety Administration, Fatality Analysis Reporting System.",
    "Source: Bureau of Labor Statistics, Survey of Occupational Injuries and Illnesses.",
    "Source: State Department of Insurance, annual statistical report.",
    "Source: Insurance Information Institute from NAIC data.",
    "Source: Police-reported crashes, State Department of Transportation.",
    "Source: Eurostat, road accident statistics.",
)
REGIONS = ("Northeast", "Midwest", "South", "West", "Urban", "Rural", "Total")


def count(ctx: Ctx, low: int, high: int) -> str:
    return f"{ctx.rng.randint(low, high):,}"


def pct(ctx: Ctx) -> str:
    return f"{ctx.rng.uniform(-20, 95):.1f}"


def accidents(ctx: Ctx) -> list[Block]:
    year = ctx.rng.randint(1995, 2024)
    head = ("State", "Crashes", "Fatal", "Injury", "Property damage only", "Rate per 100M VMT")
    rows = tuple(
        tuple(
            (c, None)
            for c in (
                ctx.fake.state(),
                count(ctx, 1000, 400000),
                count(ctx, 10, 4000),
                count(ctx, 500, 90000),
                count(ctx, 500, 300000),
                f"{ctx.rng.uniform(0.5, 2.5):.2f}",
            )
        )
        for _ in range(ctx.rng.randint(8, 24))
    )
    return [
        para(
            f"Table {ctx.rng.randint(1, 60)}. Motor Vehicle Traffic Crashes by State, {year}",
            role="title",
        ),
        para(
            ctx.pick(["Traffic Safety Facts", "Annual Crash Statistics", "Accident Data Summary"]),
            role="heading",
        ),
        TableBlock(head, rows, ruled=ctx.chance(0.5)),
        para(
            "Note: Injury crashes include all crashes with at least one injured person.",
            role="small",
        ),
        para(ctx.pick(SOURCES), role="small"),
    ]


def claims_market(ctx: Ctx) -> list[Block]:
    years = sorted(ctx.rng.sample(range(2000, 2025), 4))
    head = ("Line of business", *(str(y) for y in years), "Change (%)")
    rows: list[tuple[Segment, ...]] = []
    for line in ctx.rng.sample(LINES, ctx.rng.randint(5, 10)):
        rows.append(
            tuple((c, None) for c in (line, *(count(ctx, 100, 900000) for _ in years), pct(ctx)))
        )
    measure = ctx.pick(
        [
            "Claims reported",
            "Claims paid (USD thousands)",
            "Incurred losses",
            "Loss ratio (%)",
            "Average claim severity",
            "Claim frequency per 100 vehicles",
        ]
    )
    return [
        para(
            ctx.pick(
                [
                    "Insurance Market Statistics",
                    "Annual Statistical Report",
                    "Industry Loss Experience",
                ]
            ),
            role="title",
        ),
        para(f"{measure} by line of business, {years[0]}-{years[-1]}", role="heading"),
        TableBlock(head, tuple(rows), ruled=ctx.chance(0.5)),
        para(
            f"{measure} rose in {ctx.rng.randint(2, 6)} of the lines shown. Figures are "
            "preliminary and subject to revision; totals may not add due to rounding.",
            role="small",
        ),
        para(ctx.pick(SOURCES), role="small"),
    ]


def injuries(ctx: Ctx) -> list[Block]:
    head = ("Region", "Workplace injuries", "Days away from work", "Fatalities", "Incidence rate")
    rows = tuple(
        tuple(
            (c, None)
            for c in (
                region,
                count(ctx, 100, 90000),
                count(ctx, 10, 20000),
                count(ctx, 0, 900),
                f"{ctx.rng.uniform(0.5, 6):.1f}",
            )
        )
        for region in REGIONS
    )
    blocks: list[Block] = [
        para(
            f"Chart {ctx.rng.randint(1, 20)}: Nonfatal occupational injuries and illnesses, "
            f"{ctx.rng.randint(2000, 2024)}",
            role="heading",
        ),
        TableBlock(head, rows, ruled=ctx.chance(0.5)),
    ]
    for _ in range(ctx.rng.randint(1, 3)):
        blocks.append(para(f"Table {ctx.rng.randint(2, 40)}. Accidents by cause", role="heading"))
        causes = ("Falls", "Struck by object", "Transportation", "Overexertion", "Fire", "Other")
        blocks.append(
            TableBlock(
                ("Cause", "Number", "Percent"),
                tuple(((c, None), (count(ctx, 10, 9000), None), (pct(ctx), None)) for c in causes),
            )
        )
    blocks.append(para(ctx.pick(SOURCES), role="small"))
    return blocks


def build_statistics(ctx: Ctx) -> DocSpec:
    """A statistics table (``other``), kind ``statistics:<template>``."""
    templates = {"accidents": accidents, "claims_market": claims_market, "injuries": injuries}
    template = ctx.pick(sorted(templates))
    kind = f"statistics:{template}"
    body = templates[template](ctx)
    return DocSpec("other", kind, kind, (), tuple(body), random_layout(ctx), Gold())
