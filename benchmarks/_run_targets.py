"""The targets of issue 19 that bench_run.py and bench_memory.py measure, and the table
that shows them. Each run saves what it measured in ``.cache/targets.json`` (with the
commit and the command), so that the table of a later run also shows the targets that
only another mode measures, each with the commit it was measured at."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAVED = HERE / ".cache" / "targets.json"


@dataclass(frozen=True)
class Target:
    key: str
    what: str
    unit: str
    bound: float
    at_least: bool  # True: met when value >= bound; False: when value <= bound

    def met(self, value: float) -> bool:
        return value >= self.bound if self.at_least else value <= self.bound


TARGETS = [
    Target("cpu_generated", "kpo run, generated batch: pages per CPU-second", "pages/CPU-s",
           65, True),
    Target("cpu_corpus", "kpo run, real corpus: pages per CPU-second", "pages/CPU-s", 15, True),
    Target("vs_bare", "kpo run, 2 workers, vs bare pdfplumber: wall-time speed", "x", 4, True),
    Target("busy", "--busy 2: kpo run's speed / the Pool's", "x", 0.9, True),
    Target("memory", "peak per worker, 500-page minus 50-page document", "MB", 50, False),
]  # fmt: skip


def git_state() -> str:
    """The commit under test, and how many files of the working tree differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True).stdout

    commit = git("rev-parse", "--short", "HEAD").strip()
    dirty = len(git("status", "--porcelain", "--untracked-files=no").splitlines())
    return f"{commit} (+{dirty} uncommitted files)" if dirty else commit


def save(measured: dict[str, float], commit: str) -> None:
    saved = json.loads(SAVED.read_text()) if SAVED.exists() else {}
    when = time.strftime("%Y-%m-%d %H:%M")
    command = " ".join(["python", *sys.argv])
    for key, value in measured.items():
        saved[key] = {"value": value, "commit": commit, "when": when, "command": command}
    SAVED.parent.mkdir(parents=True, exist_ok=True)
    SAVED.write_text(json.dumps(saved, indent=1))


def print_targets(measured: dict[str, float], commit: str, save_: bool = True) -> None:
    """Saves this run's values (``save_``: a standard batch); prints every target, this
    run's or a saved earlier one."""
    saved = json.loads(SAVED.read_text()) if SAVED.exists() else {}
    if save_:
        save(measured, commit)
        saved = json.loads(SAVED.read_text())
    else:  # a batch of another size: shown, never saved as the target's measurement
        saved.update({k: {"value": v, "commit": commit} for k, v in measured.items()})
    print("\ntargets (issue 19)")
    print(f"{'target':<58} {'measured':>18} {'bound':>9}  {'met':<4} measured at")
    for t in TARGETS:
        bound = f"{'>=' if t.at_least else '<='} {t.bound:g}"
        if t.key not in saved:
            print(f"{t.what:<58} {'-':>18} {bound:>9}  {'-':<4} not measured yet")
            continue
        entry = saved[t.key]
        value = f"{entry['value']:.2f} {t.unit}"
        met = "yes" if t.met(entry["value"]) else "NO"
        where = f"{entry.get('when')}: {entry.get('command')}"
        if t.key in measured:
            where = "this run" + ("" if save_ else " (not saved: not the standard batch)")
        print(f"{t.what:<58} {value:>18} {bound:>9}  {met:<4} {entry['commit']}, {where}")
