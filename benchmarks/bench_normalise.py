"""Normalisers: today's parsers (dateutil, price-parser, text2num) against the hand ones.

The old parsers are read from a git revision (``--old``, by default the last one before
the libraries came in) and loaded beside today's. Each kind runs over a few thousand
realistic strings made with a fixed seed: date values as gold files and extractors
write them (``parse_date``), contract sentences with dates in them (``find_dates``, the
extractors' path, the one ``kpo run`` pays for), amounts in many currencies and
groupings (``parse_amount``), durations with number words (``parse_duration``) and
DOIs (``norm_doi``). Old and new runs alternate, ``--repeat`` times each; the least CPU
time of each is printed, with the ratio new / old.

    .venv/bin/python benchmarks/bench_normalise.py
    .venv/bin/python benchmarks/bench_normalise.py --n 5000 --repeat 7 --old 6ed6728
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path

import kpo.normalise.dates as new_dates
import kpo.normalise.text as new_text
import kpo.normalise.values as new_values

ROOT = Path(__file__).resolve().parents[1]
OLD_REVISION = "6ed6728"  # the last revision with the hand parsers
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
CURRENCIES = ("$", "USD ", "€", "EUR ", "£", "GBP ", "₹", "INR ", "Rs. ", "")
WORDS = ("one", "two", "three", "five", "twelve", "twenty-four", "thirty (30)", "sixty (60)",
         "ninety (90)", "one hundred twenty (120)")  # fmt: skip


def load_old(revision: str) -> tuple[types.ModuleType, types.ModuleType]:
    """The old ``kpo.normalise_values`` and ``models.fields_dates``, as separate modules.

    At that revision they lived at kpo/normalise_values.py and kpo/number_words.py and
    imported ``kpo.normalise_text``, which is now kpo.normalise.text.
    """
    words = _module("old_number_words", revision, "kpo/number_words.py", {})
    swap = {"kpo.number_words": words, "kpo.normalise_text": new_text}
    values = _module("old_normalise_values", revision, "kpo/normalise_values.py", swap)
    dates = _module("old_fields_dates", revision, "models/fields_dates.py", {})
    return values, dates


def _module(
    name: str, revision: str, path: str, swap: dict[str, types.ModuleType]
) -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    module = types.ModuleType(name)
    module.__dict__["__name__"] = name
    saved = {key: sys.modules.get(key) for key in swap}
    sys.modules.update(swap)
    sys.modules[name] = module
    try:
        exec(compile(source, f"{revision}:{path}", "exec"), module.__dict__)
    finally:
        for key, old in saved.items():
            if old is not None:
                sys.modules[key] = old
            else:  # an old module name that no longer exists
                sys.modules.pop(key, None)
    return module


def date_values(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        y, m, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
        month = MONTHS[m - 1]
        out.append(rng.choice((
            f"{y}-{m:02d}-{d:02d}", f"{m}/{d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{d}.{m}.{y}",
            f"{month} {d}, {y}", f"{d} {month[:3]} {y}", f"{d}th of {month}, {y}",
            f"{month[:3]}. {d}, {y}", "the date of the Closing", f"{d}-{month[:3]}-{y % 100:02d}",
        )))  # fmt: skip
    return out


def sentences(rng: random.Random, n: int) -> list[str]:
    filler = ("This Agreement is made and entered into by and between the parties hereto, "
              "each of which shall perform its obligations under Section 4.2 hereof ")  # fmt: skip
    dates = date_values(rng, n)
    return [f"{filler * rng.randint(1, 3)}as of {d}, and expires three years later." for d in dates]


def amounts(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        value = rng.randint(100, 9_999_999)
        grouped = rng.choice((f"{value:,}", f"{value:,}.00", str(value), _indian(value)))
        out.append(f"{rng.choice(CURRENCIES)}{grouped}{rng.choice(('', ' per year', ' million'))}")
    return out


def _indian(value: int) -> str:
    s = str(value)
    head, tail = s[:-3], s[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join(([head] if head else []) + groups + [tail])


def durations(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(WORDS)} {rng.choice(('years', 'months', 'days'))} from the Effective "
            "Date; renews yearly" for _ in range(n)]  # fmt: skip


def dois(rng: random.Random, n: int) -> list[str]:
    return [f"doi: 10.{rng.randint(1000, 99999)}/j.x.{rng.randint(2000, 2024)}.{i}."
            for i in range(n)]  # fmt: skip


def _find_new(text: str) -> object:
    return list(new_dates.find_dates(text))


def cpu_seconds(function: Callable[[str], object], inputs: Sequence[str]) -> float:
    start = time.process_time()
    for text in inputs:
        function(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="strings per kind")
    parser.add_argument("--repeat", type=int, default=5, help="alternated runs of each side")
    parser.add_argument("--old", default=OLD_REVISION, help="git revision of the old parsers")
    args = parser.parse_args()
    old_values, old_dates = load_old(args.old)
    rng = random.Random(17)
    cases: list[tuple[str, Callable[[str], object], Callable[[str], object], list[str]]] = [
        ("parse_date", old_values.parse_date, new_values.parse_date, date_values(rng, args.n)),
        ("find_dates", lambda s: list(old_dates.find_dates(s)),
         _find_new, sentences(rng, args.n)),
        ("parse_amount", old_values.parse_amount, new_values.parse_amount, amounts(rng, args.n)),
        ("parse_duration", old_values.parse_duration, new_values.parse_duration,
         durations(rng, args.n)),
        ("norm_doi", old_values.norm_doi, new_values.norm_doi, dois(rng, args.n)),
    ]  # fmt: skip
    print(f"{'kind':<15} {'strings':>7} {'old CPU s':>10} {'new CPU s':>10} {'new/old':>8}")
    for name, old, new, inputs in cases:
        times: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(args.repeat):
            times["old"].append(cpu_seconds(old, inputs))
            times["new"].append(cpu_seconds(new, inputs))
        o, n = min(times["old"]), min(times["new"])
        print(f"{name:<15} {len(inputs):>7} {o:>10.4f} {n:>10.4f} {n / o:>8.2f}")


if __name__ == "__main__":
    main()
