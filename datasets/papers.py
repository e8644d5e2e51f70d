"""Research papers: title, authors and affiliations, abstract, sections, references."""

from __future__ import annotations

from dataclasses import replace

from kpo.datasets.layouts import Block, Segment
from kpo.datasets.spec import DocSpec, Gold, para, random_layout
from kpo.datasets.vocab import MONTHS, Ctx, ordinal

METHODS = (
    "graph neural network",
    "variational model",
    "sparse regression",
    "transformer encoder",
    "Monte Carlo estimator",
    "finite element scheme",
    "Bayesian hierarchical model",
    "convolutional architecture",
    "spectral method",
    "kernel density estimator",
    "reinforcement learning agent",
    "mixed-integer program",
    "perturbation expansion",
)
TASKS = (
    "protein folding",
    "document layout analysis",
    "traffic forecasting",
    "image segmentation",
    "dark energy estimation",
    "speech recognition",
    "requirement prioritization",
    "relation extraction",
    "quantum transport",
    "soil moisture retrieval",
    "code optimization",
    "shallow water waves",
    "gene expression profiling",
    "dynamic language compilation",
)
NOUNS = (
    "accuracy",
    "robustness",
    "convergence",
    "sample efficiency",
    "runtime",
    "stability",
    "energy density",
    "error rate",
    "variance",
    "throughput",
    "binding affinity",
    "yield",
)
SENTENCES = (
    "We propose a novel {method} for {task}.",
    "Existing approaches to {task} suffer from limited {noun} [{n}].",
    "Our {method} improves {noun} by {n}.{n}% over strong baselines.",
    "Experiments on {n} benchmark datasets demonstrate the {noun} of the proposed approach.",
    "We derive theoretical bounds on the {noun} of the {method} (see Theorem {n}).",
    "In this paper we study {task} using a {method}.",
    "The results indicate that {noun} depends strongly on the choice of hyperparameters.",
    "Fig. {n} shows the {noun} as a function of the number of iterations.",
    "Table {n} summarizes the {noun} of all methods on the test set (p < 0.05).",
    "Previous work [{n}, {n}] has addressed {task} with a {method}.",
    "{Name} et al. [{n}] reported a similar effect for {task}.",
    "As shown in Section {n}, the {method} converges under mild assumptions.",
    "Let x denote the input and f(x) the response; then Eq. ({n}) follows directly.",
    "The samples were prepared at {n} K and measured with a standard setup.",
    "We thank the anonymous reviewers for their helpful comments.",
    "This work was supported by the National Science Foundation under grant {n}.",
    "To the best of our knowledge, this is the first study of {task} at this scale.",
    "The remainder of this paper is organized as follows.",
    "We evaluate the {method} against {n} baselines, including the method of {Name} [{n}].",
    "In contrast to earlier studies, we observe no significant change in {noun}.",
    "A detailed derivation is given in Appendix {n}.",
    "The proposed {method} outperforms prior work in terms of {noun}, i.e. it reduces cost.",
    "Our analysis is consistent with the hypothesis that {task} is governed by {noun}.",
    "The data were analyzed using a mixed-effects model; the effect was significant (n = {n}).",
    "Proof. By induction on n, the claim holds for the base case and the step follows.",
)
SECTIONS = (
    "Introduction",
    "Related Work",
    "Background",
    "Method",
    "Model",
    "Experimental Setup",
    "Results",
    "Discussion",
    "Conclusion",
    "Acknowledgments",
)
VENUES = (
    "Proceedings of the Conference on Empirical Methods",
    "Journal of Applied Physics",
    "IEEE Transactions on Pattern Analysis",
    "Physical Review Letters",
    "Nature Methods",
    "Journal of Statistical Software",
    "ACM SIGPLAN Notices",
    "Bioinformatics",
)


def text(ctx: Ctx, n: tuple[int, int]) -> str:
    nums = [str(ctx.rng.randint(1, 30)) for _ in range(6)]
    names = [ctx.fake.last_name() for _ in range(3)]
    out = []
    for _ in range(ctx.rng.randint(*n)):
        template = (
            ctx.pick(SENTENCES).replace("{n}", ctx.pick(nums)).replace("{Name}", ctx.pick(names))
        )
        out.append(
            template.format(method=ctx.pick(METHODS), task=ctx.pick(TASKS), noun=ctx.pick(NOUNS))
        )
    out += [
        ctx.fake.sentence(nb_words=ctx.rng.randint(8, 16)) for _ in range(max(1, len(out) // 3))
    ]
    ctx.rng.shuffle(out)
    return " ".join(out)


def title(ctx: Ctx) -> str:
    forms = (
        "{M} for {T}",
        "Towards Robust {T} with {M}s",
        "On the {N} of {M}s",
        "{T}: A {M} Approach",
        "Exact Solutions for {T} Models",
        "Learning {T} from Data",
    )
    t = ctx.pick(forms).format(
        M=ctx.pick(METHODS).title(), T=ctx.pick(TASKS).title(), N=ctx.pick(NOUNS).title()
    )
    return str(t)


def authors(ctx: Ctx, gold: Gold) -> list[Block]:
    n = ctx.rng.randint(1, 5)
    names = [ctx.fake.name() for _ in range(n)]
    parts: list[str | tuple[str, str | None]] = []
    for i, name in enumerate(names):
        parts.append(gold.tag("authors[]", name))
        parts.append(f"{i % 2 + 1}," if i < n - 1 else f"{i % 2 + 1}")
    blocks: list[Block] = [para(*parts, center=True)]
    for k in range(1, min(n, 2) + 1):
        org = (
            f"{ctx.pick(['Department of', 'School of', 'Institute of'])} {ctx.pick(TASKS).title()}"
        )
        univ = ctx.pick([f"University of {ctx.fake.city()}", f"{ctx.fake.last_name()} University"])
        blocks.append(para(f"{k} {org}, {univ}, {ctx.fake.country()}", role="small", center=True))
    if ctx.chance(0.6):
        blocks.append(
            para(f"{ctx.fake.user_name()}@{ctx.fake.domain_name()}", role="small", center=True)
        )
    return blocks


def abstract(ctx: Ctx, gold: Gold) -> list[Block]:
    body = text(ctx, (3, 7))
    style = ctx.rng.randrange(3)
    if style == 0:
        return [para("Abstract", role="heading", center=True), para(gold.tag("abstract", body))]
    if style == 1:
        return [para("ABSTRACT", role="heading"), para(gold.tag("abstract", body))]
    return [para("Abstract\u2014", gold.tag("abstract", body))]


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
        field = ctx.pick(["[cs.CL]", "[physics.gen-ph]", "[stat.ML]", "[q-bio.BM]"])
        header = (gold.tag("arxiv_id", stamp, arxiv), (field, None), venue, printed_year)
    return header, footer


def reference(ctx: Ctx, i: int, year: int) -> str:
    a, b = ctx.fake.last_name(), ctx.fake.last_name()
    ini = f"{ctx.fake.first_name()[0]}. {ctx.fake.first_name()[0]}."
    y = ctx.rng.randint(1970, year)
    forms = (
        f"[{i}] {ini} {a} and {b}. {title(ctx)}. {ctx.pick(VENUES)}, "
        f"pages {i * 7}-{i * 7 + 9}, {y}.",
        f"{a}, {ini}, {b}, {ini[:2]} ({y}). {title(ctx)}. {ctx.pick(VENUES)}, "
        f"{i}({i + 2}), {i * 11}-{i * 13}.",
        f"{i}. {a} {ini[:2]}, {b} {ini[:2]} et al. {ctx.pick(VENUES)} {y};{i + 10}:{i * 100}.",
        f"[{a}{y % 100:02d}] {ini} {a}. {title(ctx)}. "
        f"In Proc. of the {ordinal(i + 10)} Int. Conf., {y}.",
    )
    return str(ctx.pick(forms))


def references(ctx: Ctx, year: int) -> list[Block]:
    blocks: list[Block] = [
        para(ctx.pick(["References", "REFERENCES", "Bibliography"]), role="heading")
    ]
    blocks += [
        para(reference(ctx, i, year), role="small") for i in range(1, ctx.rng.randint(4, 16))
    ]
    return blocks


def journal_lines(ctx: Ctx, year: int) -> list[Block]:
    received = f"Received {ctx.pick(MONTHS)} {ctx.rng.randint(1, 28)}, {year - 1}"
    options = [
        f"{received}; accepted {ctx.pick(MONTHS)} {ctx.rng.randint(1, 28)}, {year}",
        f"ISSN {ctx.rng.randint(1000, 9999)}-{ctx.rng.randint(1000, 9999)}",
        f"Corresponding author: {ctx.fake.name()} "
        f"({ctx.fake.user_name()}@{ctx.fake.domain_name()})",
        f"Preprint submitted to {ctx.pick(VENUES)}",
        "Published under a Creative Commons Attribution 4.0 License.",
    ]
    return [para(line, role="small") for line in ctx.rng.sample(options, ctx.rng.randint(0, 2))]


def build_paper(ctx: Ctx) -> DocSpec:
    gold = Gold()
    year = ctx.rng.randint(1995, 2025)
    head = title(ctx)
    front: list[Block] = [para(gold.tag("title", head), role="title", center=True)]
    front += authors(ctx, gold) + journal_lines(ctx, year) + abstract(ctx, gold)
    if ctx.chance(0.5):
        kw = ", ".join(ctx.rng.sample(TASKS, 4))
        front.append(para(ctx.pick(["Keywords:", "Index Terms\u2014", "Key words:"]), kw))
    body: list[Block] = []
    sections = SECTIONS[: ctx.rng.randint(3, len(SECTIONS))]
    for n, sec in enumerate(sections, 1):
        body.append(para(f"{n} {sec}" if ctx.chance(0.7) else sec.upper(), role="heading"))
        body += [para(text(ctx, (3, 8))) for _ in range(ctx.rng.randint(1, 4))]
    body += references(ctx, year)
    header, footer = identifiers(ctx, gold, year)
    columns = 2 if ctx.chance(0.5) else 1
    layout = random_layout(ctx, families=("times", "times", "helvetica"), columns=columns)
    layout = replace(layout, header=header, footer=footer)
    return DocSpec("research_paper", "paper", head, tuple(front), tuple(body), layout, gold)
