"""``kpo run``: process a batch of PDFs into Parquet and review items."""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kpo.cli.common import CONTEXT, json_option, print_json, user_errors, workspace_option
from kpo.settings import validate_name

if TYPE_CHECKING:
    from rich.console import Console

    from kpo.batch import BatchSummary

RUN_EPILOG = """\b
Examples:
  kpo run ./incoming --client acme
  kpo run a.pdf b.pdf ./more --client acme --batch 2026-11-w47
  kpo run ./incoming --client acme --workers 4 --json
  RAY_ADDRESS=10.0.0.5:6379 kpo run /shared/in --client acme   # an existing cluster
  kpo run ./incoming --client acme --workers 0                  # in-process, no Ray

The results land in WORKSPACE/batches/CLIENT/BATCH/ (documents, pages, fields,
tables .parquet and manifest.json); uncertain values wait in the review queue.
"""


def _client(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return validate_name(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.command(context_settings=CONTEXT, epilog=RUN_EPILOG)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--client", required=True, callback=_client, help="Client the batch is for.")
@click.option("--batch", "batch_id", help="Batch name. Default: a timestamped id.")
@workspace_option
@click.option(
    "--ray-address",
    envvar="RAY_ADDRESS",
    show_envvar=True,
    help="Run on this existing Ray cluster. Default: start a local Ray for the run. "
    "With --workers 0, RAY_ADDRESS is not used.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    show_default="this machine's CPUs; with --ray-address, the cluster's",
    help="Parallel workers (Ray actors), at most one per document. 0 runs in this process "
    "without Ray.",
)
@click.option(
    "--niceness",
    type=click.IntRange(min=0, max=19),
    default=None,
    help="Run the workers of kpo's local Ray this many steps nicer than 'kpo run' itself "
    "(default 0: the same priority; Ray's own default is 15, which starves them on a busy "
    "machine). A cluster's workers take RAY_worker_niceness from where 'ray start' ran.",
)
@click.option(
    "--keep-warm",
    "keep_warm_s",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    show_default="600 with --ray-address",
    help="With --ray-address: keep the cluster's workers up this long after the batch, models "
    "loaded, for the next batch with the same settings (each holds one cluster CPU while "
    "it waits). 0 stops them with the batch.",
)
@click.option(
    "--models",
    "model_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Model folder from 'kpo train'. Default: the models shipped with kpo.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first unexpected error with a traceback (debugging).",
)
@click.option(
    "--db",
    "review_db",
    envvar="KPO_REVIEW_DB",
    show_envvar=True,
    help="Review queue to put the batch's items in: postgresql://... or a SQLite file "
    "(default: WORKSPACE/review.sqlite).",
)
@click.option(
    "--timeout",
    type=float,
    help="Seconds allowed per document, before the 0.1 s each page adds (default 120; "
    "limits.timeout_per_page_s in kpo.toml sets the per-page share).",
)
@click.option("--memory-mb", type=int, help="Memory cap per document, MB (default 2048).")
@json_option
@user_errors
def run(
    inputs: tuple[Path, ...],
    client: str,
    batch_id: str | None,
    workspace: Path,
    ray_address: str | None,
    workers: int | None,
    niceness: int | None,
    keep_warm_s: float | None,
    model_dir: str | None,
    strict: bool,
    review_db: str | None,
    timeout: float | None,
    memory_mb: int | None,
    as_json: bool,
) -> None:
    """Process PDFs (files and folders, recursively) for a client.

    Every input becomes one row of documents.parquet: extracted, classified and
    its fields found, or failed with a reason code (encrypted, corrupt, not_pdf,
    empty, timeout, too_large, ...). Low-confidence values and missing required
    fields go to the review queue.

    Every finished document is kept in the batch's journal at once: if the run is
    interrupted (killed, a full disk, the review queue unavailable), the same command
    with the same --client and --batch resumes it, without processing again the
    documents that were done. The batch appears only once its review items are queued.
    """
    from kpo.batch import BatchRequest, run_batch
    from kpo.workspace import Workspace

    settings = Workspace(workspace).pipeline_settings(client)
    settings = _with_limits(settings, timeout, memory_mb)
    if model_dir or strict:
        settings = dataclasses.replace(
            settings, model_dir=model_dir or settings.model_dir, strict=strict
        )
    if workers == 0 and _from_environment("ray_address"):
        ray_address = None  # --workers 0 runs in this process, as its help says
    extra = {"batch_id": batch_id} if batch_id else {}
    request = BatchRequest(
        inputs=inputs, client=client, workspace=workspace, workers=workers,
        ray_address=ray_address, settings=settings, review_db=review_db,
        niceness=niceness, keep_warm_s=keep_warm_s, **extra,
    )  # fmt: skip
    if as_json:
        print_json(run_batch(request, on_notice=_notice).as_dict())
        return
    _run_with_progress(request, partial(run_batch, on_notice=_notice))


def _notice(message: str) -> None:
    """A numbered notice of the run (a resumed batch, a dead run's folder), on stderr."""
    click.echo(f"kpo: {message}", err=True)


def _from_environment(parameter: str) -> bool:
    """Whether ``parameter`` of the running command came from an environment variable."""
    source = click.get_current_context().get_parameter_source(parameter)
    return source is click.core.ParameterSource.ENVIRONMENT


def _with_limits(settings: Any, timeout: float | None, memory_mb: int | None) -> Any:
    changes = {"timeout_s": timeout, "memory_mb": memory_mb}
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return settings
    return dataclasses.replace(settings, limits=dataclasses.replace(settings.limits, **changes))


def _run_with_progress(request: Any, run_batch: Any) -> None:
    from rich.console import Console

    from kpo.cli.progress import with_progress

    console = Console(stderr=True)
    console.print(f"kpo: batch [bold]{request.batch_id}[/] for client [bold]{request.client}[/]")
    summary = with_progress(partial(run_batch, request), console)
    if summary.resumed:
        console.print(f"{summary.resumed} document(s) taken from the interrupted run's journal.")
    print_summary(summary, Console())


def print_summary(summary: BatchSummary, console: Console) -> None:
    from kpo.cli.progress import summary_table

    console.print(summary_table(summary))
    console.print(f"Results: [bold]{summary.output_dir}[/]")
    if summary.needs_ocr:
        console.print(
            f"{summary.needs_ocr} document(s) need OCR: install tesseract-ocr (see README)"
        )
    if summary.queued_for_review:
        console.print(
            f"{summary.queued_for_review} item(s) from {summary.documents_for_review} "
            "document(s) wait for review."
        )
