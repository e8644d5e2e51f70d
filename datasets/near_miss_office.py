"""Slide decks and software manuals (``other``): they carry a paper's words (results,
method, figure, section, performance) but not a paper's shape.

Slides are landscape pages with a big title and a few short bullets each; lecture and
research-talk decks draw their bullets from a scientific field. Manuals have a table
of contents, chapters, numbered steps, notes and commands.
"""

from __future__ import annotations

from dataclasses import replace

from kpo.datasets.layouts import Block, PageBreak, TableBlock
from kpo.datasets.near_miss_words import SLIDE_TOPICS, SOFTWARE, UI_WORDS
from kpo.datasets.science import a_field, prose
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx, a_date, company, format_date

BULLETS = ("\u2022 ", "- ", "\u2013 ", "> ", "")
BUSINESS = (
    "Revenue up {n}% year over year",
    "Customer churn down to {n}%",
    "Launch planned for Q{q}",
    "Hiring {n} engineers",
    "Key risks and mitigations",
    "Next steps and owners",
    "Budget on track",
    "{n} new enterprise customers",
    "Claims cycle time cut by {n} days",
    "Questions?",
    "Thank you!",
    "Agenda",
)
SLIDE_TITLES = ("Agenda", "Background", "Motivation", "Approach", "Results", "Method",
                "Key Findings", "Timeline", "Next Steps", "Summary", "Q&A", "Overview")  # fmt: skip


def slide_bullets(ctx: Ctx, style: str) -> list[str]:
    field = a_field(ctx)
    out = []
    for _ in range(ctx.rng.randint(2, 6)):
        if style == "lecture":
            words = prose(ctx, field, (1, 1)).rstrip(".").split()
            out.append(" ".join(words[: ctx.rng.randint(3, 9)]))
        else:
            n, q = ctx.rng.randint(2, 60), ctx.rng.randint(1, 4)
            out.append(ctx.pick(BUSINESS).format(n=n, q=q))
    return out


def slides(ctx: Ctx) -> DocSpec:
    topic, style = ctx.pick(SLIDE_TOPICS)
    org = company(ctx)
    deck = f"{topic} {ctx.fake.bs().title()}" if style == "lecture" else topic
    bullet = ctx.pick(BULLETS)
    blocks: list[Block] = [
        para(deck, role="title", center=True),
        para(ctx.fake.name(), center=True),
        para(f"{org} \u00b7 {format_date(a_date(ctx), ctx)}", center=True),
    ]
    for _ in range(ctx.rng.randint(5, 16)):
        blocks.append(PageBreak())
        blocks.append(para(ctx.pick(SLIDE_TITLES), role="title"))
        blocks += [para(bullet + b) for b in slide_bullets(ctx, style)]
    page = ctx.pick(["widescreen", "letter_landscape", "a4_landscape"])
    layout = replace(
        random_layout(ctx, families=("helvetica", "times")),
        page=page,
        size=ctx.rng.choice([16.0, 18.0, 20.0, 24.0]),
        margin=ctx.rng.uniform(36, 60),
        footer=((f"{org} | {ctx.pick(['Confidential', 'Internal', topic])}", None),),
    )
    kind = f"slides:{style}"
    return DocSpec("other", kind, deck, (), tuple(blocks), layout, Gold())


def step(ctx: Ctx, i: int, product: str) -> str:
    forms = (
        "Click {ui} > {ui2} and select {ui3}.",
        "Open the {product} and choose {ui} from the menu.",
        "Enter the server address and click OK.",
        "Restart the {product} service to apply the changes.",
        "Select the check box next to {ui} and click Apply.",
        "Copy the licence key into the {ui} field.",
        "Run the installer and follow the prompts.",
    )
    text = ctx.pick(forms).format(
        ui=ctx.pick(UI_WORDS), ui2=ctx.pick(UI_WORDS), ui3=ctx.pick(UI_WORDS), product=product
    )
    return f"{i}. {text}" if ctx.chance(0.8) else f"Step {i}: {text}"


def command(ctx: Ctx, tool: str) -> str:
    forms = (
        f"$ sudo apt-get install {tool}",
        f"$ {tool} --config /etc/{tool}/{tool}.conf start",
        f"C:\\> {tool}.exe /install /quiet",
        f"{tool} export --format csv --out report.csv",
        f"$ pip install {tool}=={ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 20)}",
    )
    return str(ctx.pick(forms))


CHAPTERS = ("Introduction", "System Requirements", "Installation", "Getting Started",
            "Configuration", "Using Reports", "Administration", "Performance Tuning",
            "Troubleshooting", "Command Reference", "Glossary")  # fmt: skip


def manual(ctx: Ctx) -> DocSpec:
    product = f"{ctx.fake.last_name()} {ctx.pick(SOFTWARE)}"
    tool = product.split()[0].lower()
    version = f"{ctx.rng.randint(1, 12)}.{ctx.rng.randint(0, 9)}"
    chapters = ctx.rng.sample(CHAPTERS, ctx.rng.randint(3, 7))
    template = ctx.pick(["guide", "reference"])
    blocks: list[Block] = [
        para(product, role="title"),
        para(
            ctx.pick(["User Guide", "Administrator's Guide", "User Manual", "Installation Guide"])
            + f" \u2013 Version {version}",
            role="heading",
        ),
        para(f"\u00a9 {a_date(ctx).year} {company(ctx)}. All rights reserved.", role="small"),
        para("Contents", role="heading"),
    ]
    blocks += [para(f"{i} {c} {'.' * 20} {3 + 4 * i}") for i, c in enumerate(chapters, 1)]
    for i, chapter in enumerate(chapters, 1):
        blocks += [PageBreak(), para(f"Chapter {i}  {chapter}", role="title")]
        blocks.append(
            para(f"This chapter describes how to use the {product} for {chapter.lower()}.")
        )
        blocks += [para(step(ctx, k, product)) for k in range(1, ctx.rng.randint(3, 8))]
        blocks.append(para(command(ctx, tool), role="small"))
        if ctx.chance(0.5):
            blocks.append(para(ctx.pick(["Note:", "NOTE", "Tip:", "Warning:", "Important:"]),
                               "Administrator rights are required for this task."))  # fmt: skip
        if template == "reference":
            options = [f"--{ctx.pick(UI_WORDS).lower()}" for _ in range(ctx.rng.randint(3, 7))]
            rows = tuple(((o, None), (ctx.fake.sentence(nb_words=6), None)) for o in options)
            blocks.append(para(f"Table {i}. Command-line options", role="small"))
            blocks.append(TableBlock(("Option", "Description"), rows))
        else:
            blocks.append(para(f"Figure {i}. The {ctx.pick(UI_WORDS)} dialog box", role="small"))
    kind = f"manual:{template}"
    return DocSpec("other", kind, product, (), tuple(blocks), random_layout(ctx), Gold())


def build_slides(ctx: Ctx) -> DocSpec:
    return slides(ctx)


def build_manual(ctx: Ctx) -> DocSpec:
    return manual(ctx)
