"""The three plots of an evaluation report, as PNG files (matplotlib, Agg, no pyplot).

matplotlib is imported inside each function so that importing kpo stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kpo.evaluation.records import EvalResult
from kpo.records import DOC_TYPES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 110


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def plot_confusion(result: EvalResult, path: Path) -> Path:
    """Gold type (rows) by predicted type (columns), with a column for no prediction."""
    columns = [*DOC_TYPES, "none"]
    counts = [
        [*(result.confusion[g][p] for p in DOC_TYPES), result.no_prediction[g]] for g in DOC_TYPES
    ]
    fig = _figure(6.0, 4.6)
    ax = fig.add_subplot()
    ax.imshow(counts, cmap="Blues")
    ax.set_xticks(range(len(columns)), columns, rotation=30, ha="right")
    ax.set_yticks(range(len(DOC_TYPES)), DOC_TYPES)
    ax.set_xlabel("predicted type")
    ax.set_ylabel("gold type")
    top = max((c for row in counts for c in row), default=0)
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            colour = "white" if top and count > top / 2 else "black"
            ax.text(j, i, str(count), ha="center", va="center", color=colour)
    ax.set_title(f"Document type (accuracy {result.doc_type_accuracy:.1%})")
    fig.savefig(path)
    return path


def plot_reliability(result: EvalResult, path: Path) -> Path:
    """Accuracy per confidence bin against the diagonal, bin counts below."""
    bins = result.reliability
    fig = _figure(6.0, 5.5)
    ax, ax_count = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    width = bins[0].upper - bins[0].lower if bins else 0.1
    filled = [b for b in bins if b.accuracy is not None]
    ax.bar(
        [b.lower for b in filled], [b.accuracy or 0.0 for b in filled], width=width,
        align="edge", edgecolor="black", alpha=0.7, label="accuracy",
    )  # fmt: skip
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share correct")
    ece = "n/a" if result.ece is None else f"{result.ece:.3f}"
    auroc = "n/a" if result.auroc is None else f"{result.auroc:.3f}"
    ax.set_title(f"Reliability of field confidences (ECE {ece}, AUROC {auroc})")
    ax.legend(loc="upper left")
    ax_count.bar([b.lower for b in bins], [b.count for b in bins], width=width, align="edge")
    ax_count.set_xlabel("confidence")
    ax_count.set_ylabel("values")
    fig.savefig(path)
    return path


def plot_automation(result: EvalResult, path: Path) -> Path:
    """Share of values auto-accepted against their accuracy, with the 98% line."""
    points = sorted(result.automation, key=lambda p: p.accepted_share)
    fig = _figure(6.0, 4.6)
    ax = fig.add_subplot()
    ax.plot([p.accepted_share for p in points], [p.accuracy for p in points], marker=".")
    ax.axhline(0.98, color="red", linestyle="--", label="98% correct")
    if result.automation_at_98 > 0:
        ax.axvline(result.automation_at_98, color="green", linestyle=":", label="automation at 98%")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("share of values auto-accepted (confidence >= threshold)")
    ax.set_ylabel("share correct among accepted")
    ax.set_title(f"Automation curve (at 98%: {result.automation_at_98:.1%})")
    ax.legend(loc="lower left")
    fig.savefig(path)
    return path


PLOTS = {
    "confusion.png": plot_confusion,
    "reliability.png": plot_reliability,
    "automation.png": plot_automation,
}
