"""``kpo eval``: score the pipeline against a labelled set."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import click

from kpo.cli.common import CONTEXT, json_option, print_json, user_errors, workspace_option
from kpo.evaluation.scoring import UNLABELLED, Unlabelled

EVAL_EPILOG = """\b
Examples:
  kpo eval ../shared/corpus
  kpo eval ./labelled --json
  kpo eval ./labelled --report eval-report/ --workers 2
  kpo eval ../shared/corpus-train/contracts --unlabelled unknown

LABELLED_DIR holds labels.jsonl and the PDFs it names under pdfs/. The batch is
kept in the workspace as client 'eval' (see 'kpo status --client eval').
"""


@click.command("eval", context_settings=CONTEXT, epilog=EVAL_EPILOG)
@click.argument("labelled_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write report.md with plots (confusion, reliability, automation) here.",
)
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Ray workers; 0 runs in-process.")  # fmt: skip
@click.option(
    "--models",
    "model_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Model folder from 'kpo train'. Default: the models shipped with kpo.",
)
@click.option(
    "--unlabelled",
    type=click.Choice(UNLABELLED),
    default="absent",
    show_default=True,
    help="What a field without a key in labels.jsonl means: 'absent' (the document does "
    "not state it: a value found is a false positive, as in ../shared/corpus) or "
    "'unknown' (not scored, as in CUAD's conversion in ../shared/corpus-train).",
)
@workspace_option
@json_option
@user_errors
def eval_command(
    labelled_dir: Path,
    report_dir: Path | None,
    workers: int,
    model_dir: str | None,
    unlabelled: Unlabelled,
    workspace: Path,
    as_json: bool,
) -> None:
    """Run the pipeline over a labelled set and score it against the labels.

    Reports document-type accuracy and confusion matrix, precision, recall and F1
    of every canonical field, the expected calibration error of the confidences,
    the share of values that could be accepted without review while keeping the
    accepted ones at least 98% correct (automation_at_98), and the AUROC of the
    confidences (how well they rank wrong values below right ones), overall and
    per field.
    """
    from kpo.cli.progress import with_progress
    from kpo.evaluation.evaluate import evaluate

    run = partial(
        evaluate,
        labelled_dir,
        workspace=workspace,
        workers=workers,
        model_dir=model_dir,
        unlabelled=unlabelled,
    )
    evaluation = run() if as_json else with_progress(run)
    if report_dir:
        from kpo.evaluation.report import write_report

        write_report(evaluation.result, report_dir)
    if as_json:
        print_json(evaluation.as_dict())
        return
    _print(evaluation.result.as_dict(), report_dir)


def _print(data: dict[str, Any], report_dir: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    head = Table(show_header=False, title="kpo eval")
    for key in ("doc_type_accuracy", "field_micro_f1", "ece", "automation_at_98", "auroc"):
        value = data.get(key)
        head.add_row(key, "-" if value is None else f"{value:.3f}")
    console.print(head)
    table = Table(title="fields")
    for column in ("field", "precision", "recall", "f1", "auroc", "support"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name, row in sorted(data["fields"].items()):
        cells = [_fmt(row.get(k)) for k in ("precision", "recall", "f1", "auroc")]
        table.add_row(name, *cells, str(row.get("support", 0)))
    console.print(table)
    if report_dir:
        console.print(f"Report: {report_dir / 'report.md'}")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
