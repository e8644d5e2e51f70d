"""Research papers: full papers, extended abstracts and preprints without headings.

Prose comes from ``kpo.datasets.science`` (term pools of many fields and a clause
grammar); the front matter (title, authors, affiliations, abstract) carries gold fields.
"""

from __future__ import annotations

from dataclasses import replace

from kpo.datasets.layouts import Block, Segment
from kpo.datasets.science import Field, a_field, prose, title
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import MONTHS, Ctx, ordinal

SECTIONS = (
    "Introduction",
    "Related Work",
    "Background",
    "Motivation",
    "Method",
    "Model",
    "Design",
    "Implementation",
    "Experimental Setup",
    "Evaluation",
    "Results",
    "Discussion",
    "Limitations",
    "Conclusion",
    "Acknowledgments",
)
VENUES = (
    "Proceedings of the Conference on Empirical Methods",
    "Journal of Applied Physics",
    "IEEE Transactions on Pattern Analysis",
    "Physical Review B",
    "Nature Methods",
    "Journal of Statistical Software",
    "ACM SIGPLAN Notices",
    "Bioinformatics",
    "Journal of Economic Perspectives",
    "Geophysical Research Letters",
    "Proc. of the Symposium on Operating Systems Principles",
    "Zeitschrift f\u00fcr Naturforschung",
    "Annual Meeting of the Association for Computational Linguistics",
)
ORGS = ("Department of", "School of", "Institute of", "Laboratory of", "Faculty of")
DISCIPLINES = (
    "Physics",
    "Computer Science",
    "Biology",
    "Statistics",
    "Economics",
    "Chemistry",
    "Earth Sciences",
    "Electrical Engineering",
    "Mathematics",
    "Informatics",
)


def text(ctx: Ctx, field: Field, n: tuple[int, int]) -> str:
    """Scientific prose of ``field`` with a little neutral prose mixed in."""
    out = [prose(ctx, field, n)]
    if ctx.chance(0.3):
        out.append(ctx.fake.sentence(nb_words=ctx.rng.randint(8, 16)))
    return " ".join(out)


def affiliation(ctx: Ctx, k: int) -> str:
    org = f"{ctx.pick(ORGS)} {ctx.pick(DISCIPLINES)}"
    univ = ctx.pick(
        [
            f"University of {ctx.fake.city()}",
            f"{ctx.fake.last_name()} University",
            f"{ctx.fake.city()} Institute of Technology",
            f"{ctx.fake.last_name()} Research Laboratory",
            f"{ctx.fake.company()}",
        ]
    )
    return f"{k} {org}, {univ}, {ctx.fake.country()}"


def authors(ctx: Ctx, gold: Gold) -> list[Block]:
    n = ctx.rng.randint(1, 8)
    names = [ctx.fake.name() for _ in range(n)]
    parts: list[str | tuple[str, str | None]] = []
    for i, name in enumerate(names):
        parts.append(gold.tag("authors[]", name))
        parts.append(f"{i % 2 + 1}," if i < n - 1 else f"{i % 2 + 1}")
    blocks: list[Block] = [para(*parts, center=True)]
    for k in range(1, min(n, 3) + 1):
        blocks.append(para(affiliation(ctx, k), role="small", center=True))
    if ctx.chance(0.6):
        blocks.append(
            para(f"{ctx.fake.user_name()}@{ctx.fake.domain_name()}", role="small", center=True)
        )
    return blocks


def abstract(ctx: Ctx, gold: Gold, field: Field) -> list[Block]:
    """The abstract: with a heading, run in, an untitled paragraph, or structured."""
    body = text(ctx, field, (3, 7))
    style = ctx.rng.randrange(4)
    if style == 0:
        return [para("Abstract", role="heading", center=True), para(gold.tag("abstract", body))]
    if style == 1:
        return [para("ABSTRACT", role="heading"), para(gold.tag("abstract", body))]
    if style == 2:
        return [para("Abstract\u2014", gold.tag("abstract", body))]
    if ctx.chance(0.5):
        return structured_abstract(ctx, gold, field)
    return [para(gold.tag("abstract", body))]


STRUCTURED_HEADINGS = (
    ("Aim", "Aims", "Objective", "Objectives", "Background", "Purpose"),
    ("Methods", "Methodology", "Materials and methods", "Design"),
    ("Results",),
    ("Conclusions", "Conclusion"),
)


def structured_abstract(ctx: Ctx, gold: Gold, field: Field) -> list[Block]:
    """Run-in headings, a short paragraph each, as medical journals print an abstract.

    The gold value is the whole of it, headings included; the first paragraph is tagged
    (it places the value's box). Half of them also have an "Abstract" heading above.
    """
    mark = ctx.pick(["", ":", "."])
    upper = ctx.chance(0.3)
    parts = []
    for options in STRUCTURED_HEADINGS:
        head = ctx.pick(options)
        parts.append((f"{head.upper() if upper else head}{mark}", text(ctx, field, (1, 2))))
    whole = " ".join(f"{head} {body}" for head, body in parts)
    first = f"{parts[0][0]} {parts[0][1]}"
    blocks: list[Block] = [para(gold.tag("abstract", first, whole))]
    blocks += [para(f"{head} {body}") for head, body in parts[1:]]
    if ctx.chance(0.5):
        blocks.insert(0, para(ctx.pick(["Abstract", "ABSTRACT", "Summary"]), role="heading"))
    return blocks


def identifiers(ctx: Ctx, gold: Gold, year: int) -> tuple[tuple[Segment, ...], ...]:
    """Running header and footer: venue and year, DOI, arXiv stamp (tagged fields)."""
    printed_year = gold.tag("year", str(year), year)
    venue = (f"{ctx.pick(VENUES)}, Vol. {ctx.rng.randint(1, 90)},", None)
    header: tuple[Segment, ...] = (venue, printed_year)
    footer: tuple[Segment, ...] = ()
    if ctx.chance(0.5):
        suffix = f"{ctx.fake.lexify('????').lower()}.{year}.{ctx.rng.randint(100, 99999)}"
        doi = f"10.{ctx.rng.randint(1000, 9999)}/{suffix}"
        label = ctx.pick(["DOI: ", "https://doi.org/", "doi:"])
        footer = (gold.tag("doi", label + doi, doi),)
    if ctx.chance(0.4):
        arxiv = f"{year % 100:02d}{ctx.rng.randint(1, 12):02d}.{ctx.rng.randint(10000, 99999)}"
        stamp = f"arXiv:{arxiv}v{ctx.rng.randint(1, 3)}"
        field = ctx.pick(["[cs.PL]", "[cond-mat.mes-hall]", "[stat.ME]", "[q-bio.GN]", "[econ.EM]"])
        header = (gold.tag("arxiv_id", stamp, arxiv), (field, None), venue, printed_year)
    return header, footer


def reference(ctx: Ctx, field: Field, i: int, year: int) -> str:
    a, b = ctx.fake.last_name(), ctx.fake.last_name()
    ini = f"{ctx.fake.first_name()[0]}. {ctx.fake.first_name()[0]}."
    y = ctx.rng.randint(1970, year)
    head = title(ctx, field)
    forms = (
        f"[{i}] {ini} {a} and {b}. {head}. {ctx.pick(VENUES)}, pages {i * 7}-{i * 7 + 9}, {y}.",
        f"{a}, {ini}, {b}, {ini[:2]} ({y}). {head}. {ctx.pick(VENUES)}, "
        f"{i}({i + 2}), {i * 11}-{i * 13}.",
        f"{i}. {a} {ini[:2]}, {b} {ini[:2]} et al. {ctx.pick(VENUES)} {y};{i + 10}:{i * 100}.",
        f"[{a}{y % 100:02d}] {ini} {a}. {head}. In Proc. of the {ordinal(i + 10)} Int. Conf., {y}.",
        f"[{i}] {a} {ini[:2]} {ctx.pick(VENUES)} {i + 30}, {i * 101} ({y})",
    )
    return str(ctx.pick(forms))


def references(ctx: Ctx, field: Field, year: int, n: tuple[int, int]) -> list[Block]:
    heading = ctx.pick(["References", "REFERENCES", "Bibliography", "Literature Cited"])
    blocks: list[Block] = [para(heading, role="heading")]
    count = ctx.rng.randint(*n)
    return blocks + [para(reference(ctx, field, i, year), role="small") for i in range(1, count)]


def journal_lines(ctx: Ctx, year: int) -> list[Block]:
    received = f"Received {ctx.pick(MONTHS)} {ctx.rng.randint(1, 28)}, {year - 1}"
    options = [
        f"{received}; accepted {ctx.pick(MONTHS)} {ctx.rng.randint(1, 28)}, {year}",
        f"ISSN {ctx.rng.randint(1000, 9999)}-{ctx.rng.randint(1000, 9999)}",
        f"Corresponding author: {ctx.fake.name()} "
        f"({ctx.fake.user_name()}@{ctx.fake.domain_name()})",
        f"Preprint submitted to {ctx.pick(VENUES)}",
        "Published under a Creative Commons Attribution 4.0 License.",
        f"Permission to make digital or hard copies of all or part of this work is granted. "
        f"Copyright {year} held by the owner/author(s).",
    ]
    return [para(line, role="small") for line in ctx.rng.sample(options, ctx.rng.randint(0, 2))]


def sections(ctx: Ctx, field: Field) -> list[Block]:
    body: list[Block] = []
    chosen = sorted(ctx.rng.sample(range(len(SECTIONS)), ctx.rng.randint(3, 9)))
    for n, index in enumerate(chosen, 1):
        sec = SECTIONS[index]
        body.append(para(f"{n} {sec}" if ctx.chance(0.7) else sec.upper(), role="heading"))
        body += [para(text(ctx, field, (3, 8))) for _ in range(ctx.rng.randint(1, 4))]
        if ctx.chance(0.3):
            caption = f"Figure {n}. {prose(ctx, field, (1, 1))}"
            body.append(para(caption, role="small"))
    return body


def extended_abstract(ctx: Ctx, field: Field) -> list[Block]:
    """A one-page abstract: untitled paragraphs, sometimes a figure caption and notes."""
    body: list[Block] = [para(text(ctx, field, (3, 7))) for _ in range(ctx.rng.randint(2, 4))]
    if ctx.chance(0.5):
        body.append(para(f"Fig. 1. {prose(ctx, field, (1, 2))}", role="small"))
    if ctx.chance(0.6):
        refs = [reference(ctx, field, i, 2024) for i in range(1, ctx.rng.randint(2, 5))]
        body += [para(r, role="small") for r in refs]
    return body


def build_paper(ctx: Ctx) -> DocSpec:
    gold = Gold()
    field = a_field(ctx)
    year = ctx.rng.randint(1995, 2025)
    head = title(ctx, field)
    if ctx.chance(0.3):
        head = head.upper()
    kind = ctx.pick(["paper", "paper", "paper", "short"])
    front: list[Block] = [para(gold.tag("title", head), role="title", center=True)]
    front += authors(ctx, gold)
    if kind == "short":
        body = extended_abstract(ctx, field)
    else:
        front += journal_lines(ctx, year) + abstract(ctx, gold, field)
        if ctx.chance(0.5):
            terms = ctx.rng.sample(field.objects, 3) + ctx.rng.sample(field.methods, 1)
            front.append(
                para(ctx.pick(["Keywords:", "Index Terms\u2014", "Key words:"]), ", ".join(terms))
            )
        body = sections(ctx, field) + references(ctx, field, year, (4, 16))
    header, footer = (
        identifiers(ctx, gold, year) if kind == "paper" or ctx.chance(0.3) else ((), ())
    )
    columns = 2 if ctx.chance(0.5) else 1
    layout = random_layout(ctx, families=("times", "times", "helvetica"), columns=columns)
    layout = replace(layout, header=header, footer=footer)
    return DocSpec("research_paper", kind, head, tuple(front), tuple(body), layout, gold)
