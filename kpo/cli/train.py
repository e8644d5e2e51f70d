"""``kpo train``: train kpo's models on the generated corpus into a model folder."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import click

from kpo.cli.common import CONTEXT, json_option, print_json, user_errors, workspace_option

TRAIN_EPILOG = """\b
Examples:
  kpo train                                 into WORKSPACE/models/VERSION/
  kpo train --out models/v2 --seed 7
  kpo review export -o reviewed.jsonl && kpo train --reviewed reviewed.jsonl
  kpo train --out models/default --real ../shared/corpus-train/contracts
    --real ../shared/corpus-train/grobid-header      (make models, one line)
  kpo run ./incoming --client acme --models WORKSPACE/models/VERSION

Training uses documents that kpo generates (kpo.datasets), deterministic from
the seed, the reviewed exports and the real labelled sets given (--real): the same
seed and inputs give the same models and version.
"""


@click.command(context_settings=CONTEXT, epilog=TRAIN_EPILOG)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Model folder to write. Default: WORKSPACE/models/VERSION.")  # fmt: skip
@click.option("--seed", type=int, default=None, help="Seed of the generated training data.")
@click.option("--classifier-docs", type=click.IntRange(min=40), default=None,
              help="Generated documents for the document-type classifier.")  # fmt: skip
@click.option("--calibration-docs", type=click.IntRange(min=40), default=None,
              help="Generated documents for the field-confidence calibration.")  # fmt: skip
@click.option(
    "--reviewed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="A 'kpo review export' file: reviewed document types and field values "
    "join the training data (repeatable).",
)
@click.option(
    "--real",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    multiple=True,
    help="Real labelled data (repeatable): a labelled set (labels.jsonl and pdfs/, e.g. "
    "../shared/corpus-train/contracts) trains the contract rankers and confidences and "
    "joins the classifier's data; a copy of GROBID's header corpus (tei/ and raw/, e.g. "
    "../shared/corpus-train/grobid-header) trains the paper-header labeller. Every "
    "figure on the card is cross-validated by source.",
)
@workspace_option
@json_option
@user_errors
def train(
    out_dir: Path | None,
    seed: int | None,
    classifier_docs: int | None,
    calibration_docs: int | None,
    reviewed: tuple[Path, ...],
    real: tuple[Path, ...],
    workspace: Path,
    as_json: bool,
) -> None:
    """Train the document-type classifier and calibrate the field confidences.

    Writes skops files and a model card (kpo_models.json: version, data, seeds,
    metrics) into one folder that 'kpo run --models' and 'kpo eval --models' use.
    """
    import shutil
    import tempfile

    from kpo.models import train as training

    target = out_dir or Path(tempfile.mkdtemp(prefix=".training-", dir=_models_root(workspace)))
    run = partial(
        training.train_models,
        target,
        seed=seed or training.DEFAULT_SEED,
        classifier_docs=classifier_docs or training.DEFAULT_CLASSIFIER_DOCS,
        calibration_docs=calibration_docs or training.DEFAULT_CALIBRATION_DOCS,
        reviewed=reviewed,
        real=real,
    )
    card = run() if as_json else _with_spinner(run)
    if out_dir is None:
        final = target.with_name(card["version"])
        shutil.rmtree(final, ignore_errors=True)
        target = target.rename(final)
    if as_json:
        print_json({**card, "out_dir": str(target)})
        return
    click.echo(f"Models {card['version']} written to {target}")


def _with_spinner(run: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """``run()`` with a spinner on stderr naming the part being trained, and the time."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("starting", total=None)
        return run(on_phase=lambda text: progress.update(task, description=text))


def _models_root(workspace: Path) -> Path:
    root = workspace / "models"
    root.mkdir(parents=True, exist_ok=True)
    return root
