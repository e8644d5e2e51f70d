"""Open-vocabulary scientific prose: term pools per field and a small sentence grammar.

A field (``FIELDS``) is a set of term pools: methods, objects of study, measured
quantities, instruments or data, and settings. ``sentence`` fills one of many clause
templates with terms of one field and joins clauses with connectives, so that the
vocabulary and the sentence shapes vary far beyond a fixed list of sentences.
"""

from __future__ import annotations

from kpo.datasets.science_fields import FIELDS, Field
from kpo.datasets.vocab import Ctx

__all__ = ["FIELDS", "Field", "a_field", "prose", "sentence", "title"]


CLAUSES = (
    "we propose a {method} for {object}",
    "we study {quantity} in {object} using a {method}",
    "existing approaches to {object} suffer from limited {quantity} [{n}]",
    "the {method} improves {quantity} by {n}.{n}% over the baseline",
    "our measurements of {quantity} were obtained with a {tool}",
    "{object} exhibit a pronounced change in {quantity} under {setting}",
    "we observe that {quantity} scales with the size of the {object2}",
    "previous work [{n}, {n}] analysed {object} with a {method}",
    "{Name} et al. [{n}] reported a similar effect in {object}",
    "the {quantity} depends strongly on {quantity2}",
    "a simple model reproduces the observed {quantity} of {object}",
    "we derive a bound on the {quantity} of the {method}",
    "the data were collected with a {tool} under {setting}",
    "the {method} reduces {quantity} without increasing {quantity2}",
    "these results suggest that {quantity} is governed by {object2}",
    "Fig. {n} shows {quantity} as a function of {quantity2}",
    "Table {n} lists {quantity} for each configuration",
    "we implemented the {method} and evaluated it on {tool}",
    "the effect persists under {setting}",
    "this leads to a substantial gain in {quantity} for {object}",
    "the discrepancy with earlier estimates [{n}] is attributed to {quantity2}",
    "a {method} was applied to {object} from the {tool}",
    "the observed {quantity} agrees with theoretical predictions within {n}%",
    "we find no significant change in {quantity} (p = 0.{n})",
    "the {method} is described in Section {n}",
    "{object} remain poorly understood despite decades of work",
    "the interplay between {quantity} and {quantity2} has not been explained",
    "a detailed derivation is given in Appendix {n}",
    "our {method} runs on {setting} with modest overhead",
    "this behaviour is consistent with Eq. ({n})",
)
OPENERS = (
    "",
    "",
    "",
    "In this work, ",
    "Here ",
    "In addition, ",
    "However, ",
    "Moreover, ",
    "As a result, ",
    "In contrast, ",
    "To this end, ",
    "Surprisingly, ",
    "Finally, ",
    "Specifically, ",
    "Consequently, ",
    "Recently, ",
    "Notably, ",
)
JOINS = (", and ", "; ", ", while ", ", whereas ", ", so that ", ", because ", ", although ")


def a_field(ctx: Ctx) -> Field:
    return FIELDS[ctx.rng.randrange(len(FIELDS))]


def clause(ctx: Ctx, field: Field, names: list[str]) -> str:
    slots = {
        "method": ctx.pick(field.methods),
        "object": ctx.pick(field.objects),
        "object2": ctx.pick(field.objects),
        "quantity": ctx.pick(field.quantities),
        "quantity2": ctx.pick(field.quantities),
        "tool": ctx.pick(field.tools),
        "setting": ctx.pick(field.settings),
    }
    text = ctx.pick(CLAUSES)
    while "{n}" in text:
        text = text.replace("{n}", str(ctx.rng.randint(1, 40)), 1)
    return str(text.replace("{Name}", ctx.pick(names)).format(**slots))


def sentence(ctx: Ctx, field: Field, names: list[str]) -> str:
    """One sentence: an opener, one or two clauses of ``field``, a full stop."""
    text = clause(ctx, field, names)
    if ctx.chance(0.3):
        text += ctx.pick(JOINS) + clause(ctx, field, names)
    opener = ctx.pick(OPENERS)
    text = opener + text if opener else text
    return text[0].upper() + text[1:] + "."


def prose(ctx: Ctx, field: Field, n: tuple[int, int]) -> str:
    """A paragraph of ``n`` sentences of ``field``."""
    names = [ctx.fake.last_name() for _ in range(3)]
    return " ".join(sentence(ctx, field, names) for _ in range(ctx.rng.randint(*n)))


def title(ctx: Ctx, field: Field) -> str:
    forms = (
        "{M} for {O}",
        "On the {Q} of {O}",
        "{O}: A {M} Approach",
        "Towards Better {Q} in {O}",
        "{Q} of {O} under {S}",
        "A {M} Study of {Q}",
        "Measuring {Q} with a {T}",
        "{O} and {Q}: Evidence from a {M}",
    )
    t = ctx.pick(forms).format(
        M=ctx.pick(field.methods).title(),
        O=ctx.pick(field.objects).title(),
        Q=ctx.pick(field.quantities).title(),
        S=ctx.pick(field.settings).title(),
        T=ctx.pick(field.tools).title(),
    )
    return str(t[0].upper() + t[1:])
