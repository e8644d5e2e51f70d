"""Claims in German, French, Spanish and Hebrew: filled and blank claim-form grids.

Field values are printed so that they survive right-to-left drawing: reference
numbers, numeric dates and amounts are single tokens; names come from the
language's Faker locale.
"""

from __future__ import annotations

from dataclasses import replace

from kpo.datasets.blocks import Direction
from kpo.datasets.languages import Lang, a_lang, local_faker
from kpo.datasets.layouts import Block, Cell, Grid
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx, a_date, an_amount, reference_code

CURRENCY = {"de": "€", "fr": "€", "es": "€", "he": "₪"}
FIELDS = ("claim_number", "policy_number", "claimant_name", "date_of_loss", "amount_claimed")


def values(ctx: Ctx, lang: Lang) -> dict[str, tuple[str, str]]:
    """Printed and gold values of the five claim fields in the language's conventions."""
    loss = a_date(ctx, 2005, 2025)
    sep = ctx.pick([".", "/"])
    amount = an_amount(ctx, 150, 90_000)
    number = f"{amount:,.2f}"
    if lang.code != "he":
        number = number.replace(",", " ").replace(".", ",").replace(" ", ".")
    printed = (
        f"{CURRENCY[lang.code]}{number}" if ctx.chance(0.5) else f"{number}{CURRENCY[lang.code]}"
    )
    name = local_faker(ctx, lang).name()
    return {
        "claim_number": (n := reference_code(ctx, ("", "S", "SCH", "2024", "")), n),
        "policy_number": (p := reference_code(ctx, ("", "VS", "POL", "")), p),
        "claimant_name": (name, name),
        "date_of_loss": (f"{loss.day:02d}{sep}{loss.month:02d}{sep}{loss.year}", loss.isoformat()),
        "amount_claimed": (printed, printed),
    }


def field_cell(ctx: Ctx, gold: Gold, lang: Lang, name: str, value: tuple[str, str] | None) -> Cell:
    label = ctx.pick(lang.claim[name])
    if value is None:
        return Cell(label)
    text, key = gold.tag(name, *value)
    return Cell(label, text, key)


def other_cell(ctx: Ctx, lang: Lang, blank: bool) -> Cell:
    fake = local_faker(ctx, lang)
    filler = ctx.pick([fake.city(), fake.phone_number(), fake.company(), "____"])
    return Cell(ctx.pick(lang.form_labels), "" if blank else filler)


def grid(ctx: Ctx, gold: Gold, lang: Lang, blank: bool) -> Grid:
    v = values(ctx, lang)
    cells = [field_cell(ctx, gold, lang, n, None if blank else v[n]) for n in FIELDS]
    cells += [other_cell(ctx, lang, blank) for _ in range(ctx.rng.randint(4, 10))]
    ctx.rng.shuffle(cells)
    rows: list[tuple[Cell, ...]] = []
    while cells:
        width = ctx.rng.randint(1, 3)
        rows.append(tuple(cells[:width]))
        cells = cells[width:]
    return Grid(tuple(rows))


def build_foreign_claim(ctx: Ctx) -> DocSpec:
    lang = a_lang(ctx)
    gold = Gold()
    blank = ctx.chance(0.35)
    title = ctx.pick(lang.claim_titles)
    fake = local_faker(ctx, lang)
    front: list[Block] = [para(fake.company(), role="heading"), para(title, role="title")]
    body: list[Block] = [grid(ctx, gold, lang, blank)]
    if ctx.chance(0.5):
        body.append(para(ctx.pick(lang.form_labels) + ": " + "_" * ctx.rng.randint(20, 60)))
    body += [para(lang.declaration, role="small"), para(ctx.pick(lang.form_labels) + " ________")]
    layout = random_layout(ctx, families=("dejavu",) if lang.rtl else ("dejavu", "helvetica"))
    directions: list[Direction] = ["rtl", "rtl", "rtl_logical"]
    direction: Direction = ctx.pick(directions) if lang.rtl else "ltr"
    form_id = (
        f"{ctx.rng.randint(1, 999)} ({ctx.rng.randint(1, 12):02d}.{ctx.rng.randint(1990, 2024)})"
    )
    layout = replace(layout, direction=direction, footer=((form_id, None),))
    kind = f"form_{lang.code}" + ("_blank" if blank else "")
    return DocSpec("claim", kind, title, tuple(front), tuple(body), layout, gold)
