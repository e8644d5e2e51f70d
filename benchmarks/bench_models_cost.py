"""What the learned models cost `kpo run`: the same code with two model folders, alternated.

Runs ``kpo run FOLDER --workers W --models DIR`` in a fresh process for each model
folder in turn, ``--repeat`` times, and prints pages per second of wall time and per
CPU-second of the whole process tree (the command and every process it starts), with
the ratio of each folder's median to the first's. A folder without the learned parts
(header labeller, contract rankers, value confidences) runs the rules instead, so
comparing the models of an older commit with today's measures what the models add:

    git archive 2d19074 models/default | tar -x -C /tmp/old
    .venv/bin/python benchmarks/bench_models_cost.py INPUT --models /tmp/old/models/default \\
        --models models/default
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KPO = str(Path(sys.executable).with_name("kpo"))


def run_once(inputs: list[Path], models: Path, workers: int) -> tuple[float, float, int]:
    """(wall s, CPU-s of the process tree, pages) of one ``kpo run``."""
    with tempfile.TemporaryDirectory() as ws:
        before = os.times()
        t = time.perf_counter()
        out = subprocess.run(
            [KPO, "run", *map(str, inputs), "--client", "bench", "--workspace", ws,
             "--workers", str(workers), "--models", str(models), "--json"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        wall = time.perf_counter() - t
        after = os.times()
    cpu = after.children_user - before.children_user + after.children_system
    cpu -= before.children_system
    summary = json.loads(out.stdout)
    return wall, cpu, int(summary.get("pages", 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", type=Path, nargs="+")
    parser.add_argument("--models", type=Path, action="append", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[Path, list[tuple[float, float, int]]] = {m: [] for m in args.models}
    for _ in range(args.repeat):
        for models in args.models:  # alternated: a busy spell hits every folder alike
            runs[models].append(run_once(args.inputs, models, args.workers))
    base: tuple[float, float] | None = None
    print(f"{'models':40}{'pages':>7}{'wall s':>9}{'CPU s':>9}{'p/s':>8}{'p/CPU-s':>9}{'ratio':>7}")
    for models, results in runs.items():
        wall = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        pages = results[0][2]
        rate = pages / cpu if cpu else 0.0
        base = base or (wall, rate)
        print(f"{str(models)[-40:]:40}{pages:>7}{wall:>9.1f}{cpu:>9.1f}{pages / wall:>8.1f}"
              f"{rate:>9.2f}{rate / base[1]:>7.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
