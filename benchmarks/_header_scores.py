"""The scores of bench_header_models.py: per field, token F1, span F1 (exact runs of the
field) and value F1 (per paper, the field's tokens joined, compared ignoring case, spaces
and punctuation), printed as one table per model and feature set."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from _header_contenders import Fold

from kpo.datasets.grobid import FIELDS, HeaderPaper

SCORED = FIELDS[:-1]


def spans(labels: Sequence[str]) -> set[tuple[str, int, int]]:
    """Maximal runs of one field (``other`` is not a span)."""
    out, start = set(), 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            if labels[start] != "other":
                out.add((labels[start], start, i))
            start = i
    return out


def values(paper: HeaderPaper, labels: Sequence[str]) -> dict[str, str]:
    """Per field, its tokens joined, lower-cased, letters and digits only."""
    out: dict[str, str] = {}
    for t, label in zip(paper.tokens, labels, strict=True):
        out[label] = out.get(label, "") + re.sub(r"\W", "", t.row.text.lower())
    return out


def count(
    tallies: dict[str, Counter[str]], predicted: set[tuple[str, ...]], gold: set[tuple[str, ...]]
) -> None:
    for f in SCORED:
        p, g = {x for x in predicted if x[0] == f}, {x for x in gold if x[0] == f}
        tallies[f].update(tp=len(p & g), fp=len(p - g), fn=len(g - p))


def score(
    papers: Sequence[HeaderPaper], predicted: Sequence[Sequence[str]]
) -> dict[str, dict[str, Counter[str]]]:
    """tp/fp/fn per level (token, span, value) and field."""
    tallies: dict[str, dict[str, Counter[str]]] = {
        k: {f: Counter() for f in SCORED} for k in ("token", "span", "value")
    }
    for paper, pred in zip(papers, predicted, strict=True):
        gold = [t.field for t in paper.tokens]
        count(
            tallies["token"],
            {(p, str(i)) for i, p in enumerate(pred)},
            {(g, str(i)) for i, g in enumerate(gold)},
        )
        count(
            tallies["span"],
            {(f, str(a), str(b)) for f, a, b in spans(pred)},
            {(f, str(a), str(b)) for f, a, b in spans(gold)},
        )
        count(tallies["value"], set(values(paper, pred).items()), set(values(paper, gold).items()))
    return tallies


def f1(c: Counter[str]) -> float:
    return 2 * c["tp"] / max(2 * c["tp"] + c["fp"] + c["fn"], 1)


def report(name: str, papers: Sequence[HeaderPaper], results: Sequence[Fold]) -> dict[str, float]:
    """Print one run's table; return its value F1 per field."""
    predicted = [p for r in results for p in r.predicted]
    tallies = score(papers, predicted)
    print(f"\n{name}\n  {'':8}" + "".join(f"{f:>10}" for f in (*SCORED, "micro")))
    for level, per_field in tallies.items():
        micro = sum(per_field.values(), Counter())
        print(f"  {level:8}" + "".join(f"{f1(c):>10.3f}" for c in (*per_field.values(), micro)))
    cpu = sum(r.cpu_s for r in results) / len(results)
    wall = sum(r.wall_s for r in results) / len(results)
    size = max(r.size_bytes for r in results) / 1e6
    print(f"  training per fold: {cpu:.1f} CPU-s, {wall:.1f} s wall; model {size:.2f} MB")
    return {f: f1(c) for f, c in tallies["value"].items()}
