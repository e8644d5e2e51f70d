"""Wording pools shared by the document builders: dates, amounts, sentences.

Everything is drawn from a seeded ``random.Random`` and a seeded ``Faker`` so that a
document is a pure function of its seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from faker import Faker

T = TypeVar("T")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Ctx:
    """The random sources of one document."""

    fake: Faker
    rng: random.Random

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_date(d: dt.date, ctx: Ctx, *, formal: bool = False) -> str:
    """A printed date in one of many styles (the gold value is ``d.isoformat()``)."""
    month = MONTHS[d.month - 1]
    styles = [
        f"{month} {d.day}, {d.year}",
        f"{d.day} {month} {d.year}",
        f"{month[:3]}. {d.day}, {d.year}",
        f"{month} {ordinal(d.day)}, {d.year}",
        f"{d.month:02d}/{d.day:02d}/{d.year}",
        d.isoformat(),
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day}-{month[:3]}-{d.year}",
    ]
    if formal:
        styles = [*styles[:4], f"the {ordinal(d.day)} day of {month}, {d.year}"]
    return ctx.pick(styles)


def a_date(ctx: Ctx, start: int = 1995, end: int = 2025) -> dt.date:
    first = dt.date(start, 1, 1).toordinal()
    return dt.date.fromordinal(ctx.rng.randint(first, dt.date(end, 12, 28).toordinal()))


def format_amount(value: float, ctx: Ctx) -> str:
    """A printed amount with a currency, e.g. ``$1,250.00`` or ``EUR 3,400``."""
    cents = ctx.chance(0.5)
    number = f"{value:,.2f}" if cents else f"{round(value):,}"
    symbol = ctx.pick(["$", "$", "$", "US$", "USD ", "EUR ", "€", "£", "GBP ", "CAD "])
    return f"{symbol}{number}"


def an_amount(ctx: Ctx, low: float = 100.0, high: float = 2_000_000.0) -> float:
    return round(ctx.rng.uniform(low, high), 2 if ctx.chance(0.5) else -2)


def company(ctx: Ctx) -> str:
    name = ctx.fake.company()
    if ctx.chance(0.4):
        name = name.split(",")[0].split(" and ")[0] + ctx.pick(
            [", Inc.", " LLC", " Corp.", " Ltd."]
        )
    return name


def sentence_from(ctx: Ctx, templates: Sequence[str], **slots: Sequence[str]) -> str:
    """Fill a template's ``{slot}`` names with words drawn from ``slots``."""
    template = ctx.pick(templates)
    return template.format(**{k: ctx.pick(v) for k, v in slots.items()})


def paragraph(
    ctx: Ctx, templates: Sequence[str], n: tuple[int, int], **slots: Sequence[str]
) -> str:
    count = ctx.rng.randint(*n)
    return " ".join(sentence_from(ctx, templates, **slots) for _ in range(count))


def filler(ctx: Ctx, n: tuple[int, int]) -> str:
    """Neutral business prose (Faker sentences)."""
    return " ".join(
        ctx.fake.sentence(nb_words=ctx.rng.randint(8, 18)) for _ in range(ctx.rng.randint(*n))
    )


def reference_code(ctx: Ctx, prefixes: Sequence[str]) -> str:
    prefix = ctx.pick(prefixes)
    digits = "".join(str(ctx.rng.randrange(10)) for _ in range(ctx.rng.randint(6, 10)))
    sep = ctx.pick(["-", "", "-", "/"])
    return f"{prefix}{sep}{digits}" if prefix else digits


def mixed(ctx: Ctx, sentences: Sequence[str], n: tuple[int, int]) -> str:
    """Domain sentences with about a third of neutral filler mixed in, in random order."""
    count = ctx.rng.randint(*n)
    out = [ctx.pick(sentences) for _ in range(count)]
    out += [ctx.fake.sentence(nb_words=ctx.rng.randint(8, 16)) for _ in range(max(1, count // 3))]
    ctx.rng.shuffle(out)
    return " ".join(out)
