"""Write an evaluation report: ``report.md`` with tables and three PNG plots.

``report_markdown`` is pure (result -> text); ``write_report`` writes the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kpo.evaluation.plots import PLOTS
from kpo.evaluation.records import EvalResult, FieldScore
from kpo.records import DOC_TYPES

MAX_VALUE_CHARS = 80


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _cell(text: object) -> str:
    """A markdown table cell: one line, pipes escaped, long values shortened."""
    s = " ".join(str(text).split()).replace("|", "\\|")
    return s if len(s) <= MAX_VALUE_CHARS else s[: MAX_VALUE_CHARS - 1] + "…"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _summary(result: EvalResult) -> list[str]:
    return [
        "# kpo evaluation",
        "",
        f"- documents: {result.n_documents} labelled, {result.n_predicted} with a predicted "
        f"type, {result.unlabelled_documents} predicted without labels (ignored)",
        f"- document type accuracy: {_pct(result.doc_type_accuracy)}",
        f"- field micro F1: {_num(result.field_micro_f1)} "
        f"(precision {_num(result.field_micro.precision)}, "
        f"recall {_num(result.field_micro.recall)}, {result.field_micro.support} gold values)",
        f"- expected calibration error: {_num(result.ece)} over {result.n_scored_values} values",
        f"- automation at 98% correct: {_pct(result.automation_at_98)} of values auto-accepted",
        f"- AUROC of the confidences (right values ranked above wrong ones): {_num(result.auroc)}",
        "",
    ]


def _confusion(result: EvalResult) -> list[str]:
    header = ["gold \\ predicted", *DOC_TYPES, "none"]
    rows = [
        [g, *(result.confusion[g][p] for p in DOC_TYPES), result.no_prediction[g]]
        for g in DOC_TYPES
    ]
    return ["## Document types", "", *_table(header, rows), "![confusion](confusion.png)", ""]


def _field_row(key: str, s: FieldScore, auroc: float | None) -> list[object]:
    counts = [s.support, s.tp, s.fp, s.fn]
    return [key, *counts, _num(s.precision), _num(s.recall), _num(s.f1), _num(auroc)]


def _fields(result: EvalResult) -> list[str]:
    header = ["field", "support", "TP", "FP", "FN", "precision", "recall", "F1", "AUROC"]
    rows = [_field_row(k, s, result.field_auroc.get(k)) for k, s in result.fields.items()]
    rows.append(_field_row("all (micro)", result.field_micro, result.auroc))
    note = ("AUROC: how well a field's confidences rank its wrong values below its right "
            "ones (0.5 is chance); n/a with only right or only wrong values.")  # fmt: skip
    return ["## Fields", "", *_table(header, rows), note, ""]


def _rules(result: EvalResult) -> list[str]:
    by_rule: dict[str, list[str]] = {}
    for key, rule in result.rules.items():
        by_rule.setdefault(rule, []).append(key.split(".", 1)[1])
    lines = ["## How values are compared", ""]
    lines += [f"- {', '.join(names)}: {rule}" for rule, names in by_rule.items()]
    return [*lines, ""]


def _calibration(result: EvalResult) -> list[str]:
    header = ["confidence", "values", "mean confidence", "share correct"]
    rows = [
        [f"{b.lower:.1f}-{b.upper:.1f}", b.count, _num(b.mean_confidence), _pct(b.accuracy)]
        for b in result.reliability
    ]
    return ["## Calibration", "", *_table(header, rows), "![reliability](reliability.png)", ""]


def _automation(result: EvalResult, max_rows: int = 15) -> list[str]:
    points = result.automation
    step = max(1, len(points) // max_rows)
    shown = list(points[::step])
    if points and shown[-1] != points[-1]:
        shown.append(points[-1])
    header = ["threshold", "accepted", "accepted share", "share correct"]
    rows = [
        [_num(p.threshold), p.accepted, _pct(p.accepted_share), _pct(p.accuracy)] for p in shown
    ]
    return ["## Automation", "", *_table(header, rows), "![automation](automation.png)", ""]


def _documents(result: EvalResult) -> list[str]:
    lines = ["## Documents with errors", ""]
    for d in result.documents:
        if d.type_correct and not d.errors:
            continue
        predicted = d.predicted_type or "no prediction"
        lines += [
            f"### {_cell(d.file)}",
            "",
            f"type: gold {d.gold_type}, predicted {predicted}",
            "",
        ]
        rows = [
            [o.field, o.status, o.gold or "", o.predicted or "", _num(o.confidence)]
            for o in d.errors
        ]
        if rows:
            lines += _table(["field", "outcome", "gold", "predicted", "confidence"], rows)
    if len(lines) == 2:
        lines += ["None.", ""]
    return lines


def report_markdown(result: EvalResult) -> str:
    """The report as markdown, linking ``confusion.png``, ``reliability.png`` and
    ``automation.png`` in the same folder."""
    parts = [_summary, _confusion, _fields, _rules, _calibration, _automation, _documents]
    return "\n".join(line for part in parts for line in part(result))


def write_report(result: EvalResult, out_dir: Path) -> Path:
    """Write ``report.md`` and its three PNG plots into ``out_dir`` (created if
    needed); returns the path of ``report.md``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, plot in PLOTS.items():
        plot(result, out_dir / name)
    path = out_dir / "report.md"
    path.write_text(report_markdown(result), encoding="utf-8")
    return path
