"""Everyday documents (``other``) in German, French, Spanish and Hebrew.

Invoices, tax and registration forms (label grids like a claim form's), and letters
or minutes, so that a form in a language is not by itself a claim.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kpo.datasets.blocks import Direction
from kpo.datasets.languages import Lang, a_lang, local_faker
from kpo.datasets.layouts import Block, Cell, Grid, Segment, TableBlock
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import Ctx, a_date, reference_code


def money(ctx: Ctx) -> str:
    return f"{ctx.rng.uniform(5, 5000):,.2f}"


def a_date_text(ctx: Ctx) -> str:
    d = a_date(ctx)
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def invoice(ctx: Ctx, lang: Lang) -> list[Block]:
    word, number, date, customer, desc, qty, amount, total, note = lang.invoice
    fake = local_faker(ctx, lang)
    items: tuple[tuple[Segment, ...], ...] = tuple(
        ((fake.word(), None), (str(ctx.rng.randint(1, 9)), None), (money(ctx), None))
        for _ in range(ctx.rng.randint(2, 8))
    )
    return [
        para(fake.company(), role="heading"),
        para(fake.address().replace("\n", ", ")),
        para(word, role="title"),
        para(f"{number}:", reference_code(ctx, ("", "RE", "F"))),
        para(f"{date}:", a_date_text(ctx)),
        para(f"{customer}:", fake.name()),
        TableBlock((desc, qty, amount), items),
        para(f"{total}:", money(ctx), role="heading"),
        para(note, role="small"),
    ]


def tax_form(ctx: Ctx, lang: Lang) -> list[Block]:
    labels = list(ctx.rng.sample(lang.tax_labels, min(len(lang.tax_labels), 8)))
    filled = ctx.chance(0.5)
    cells = [Cell(label, money(ctx) if filled and ctx.chance(0.5) else "") for label in labels]
    rows = tuple(tuple(cells[i : i + 2]) for i in range(0, len(cells), 2))
    letter = lang.letter
    return [
        para(ctx.pick(lang.tax_titles), role="title"),
        para(f"{a_date(ctx).year}   {reference_code(ctx, ('', 'Nr'))}", role="small"),
        Grid(rows),
        para(" ".join(ctx.rng.sample(letter[1:-1], 2)), role="small"),
    ]


def letter(ctx: Ctx, lang: Lang) -> list[Block]:
    fake = local_faker(ctx, lang)
    body = [para(" ".join(ctx.rng.sample(lang.letter[1:-1], ctx.rng.randint(2, 4))))]
    return [
        para(fake.company()),
        para(a_date_text(ctx)),
        para(lang.letter[0]),
        *body,
        para(lang.letter[-1]),
        para(fake.name()),
    ]


KINDS: dict[str, Callable[[Ctx, Lang], list[Block]]] = {
    "invoice": invoice,
    "tax_form": tax_form,
    "letter": letter,
}


def build_foreign_other(ctx: Ctx) -> DocSpec:
    lang = a_lang(ctx)
    kind = ctx.pick(sorted(KINDS))
    body = KINDS[kind](ctx, lang)
    layout = random_layout(ctx, families=("dejavu",) if lang.rtl else ("dejavu", "helvetica"))
    directions: list[Direction] = ["rtl", "rtl", "rtl_logical"]
    direction: Direction = ctx.pick(directions) if lang.rtl else "ltr"
    layout = replace(layout, direction=direction)
    name = f"{kind}_{lang.code}"
    return DocSpec("other", name, name, (), tuple(body), layout, Gold())
