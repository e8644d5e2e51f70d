"""``kpo deliver``, ``kpo verify`` and ``kpo schema``: the client deliverable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kpo.cli.common import CONTEXT, json_option, print_json, user_errors, workspace_option

DELIVER_EPILOG = """\b
Examples:
  kpo deliver --client acme --batch 2026-11-w47
  kpo deliver --client acme --batch 2026-11-w47 --out s3://deliveries/kpo
  kpo deliver --client acme --batch 2026-11-w47 --include-pending --json
  kpo verify kpo-workspace/deliveries/acme/2026-11-w47/v1
  kpo schema --json
"""


@click.command(context_settings=CONTEXT, epilog=DELIVER_EPILOG)
@click.option("--client", required=True, help="Client the batch belongs to.")
@click.option("--batch", "batch_id", required=True, help="Batch id (see 'kpo status').")
@click.option(
    "--out",
    help="Folder or pyarrow filesystem URI (file://, s3://, gs://, hdfs://) to deliver "
    "into; the deliverable goes to OUT/CLIENT/BATCH/vN. Default: WORKSPACE/deliveries.",
)
@click.option(
    "--include-pending",
    is_flag=True,
    help="Deliver values still waiting for review, marked status 'pending'. Default: "
    "withhold them (no value, status 'withheld').",
)
@click.option(
    "--db",
    envvar="KPO_REVIEW_DB",
    show_envvar=True,
    help="Review queue: postgresql://... or a SQLite file (default: WORKSPACE/review.sqlite).",
)
@workspace_option
@json_option
@user_errors
def deliver(
    client: str,
    batch_id: str,
    out: str | None,
    include_pending: bool,
    db: str | None,
    workspace: Path,
    as_json: bool,
) -> None:
    """Write the client deliverable of a batch: typed Parquet, manifest and data dictionary.

    Reviewed values supersede model values. A new version folder (v1, v2, ...) is made
    whenever the rows change; an unchanged batch is not delivered twice.
    """
    from kpo.deliver.build import DeliveryRequest
    from kpo.deliver.build import deliver as run_delivery

    request = DeliveryRequest(client, batch_id, workspace, out, include_pending, db)
    result = run_delivery(request)
    if as_json:
        print_json(result.as_dict())
        return
    verb = "Delivered" if result.created else "Unchanged since"
    click.echo(f"{verb} v{result.version}: {result.location}")
    for name, rows in sorted(result.rows.items()):
        click.echo(f"  {name:<26} {rows:>8} rows")
    if not result.atomic:
        click.echo("  (this filesystem cannot rename folders: manifest.json was written last)")


@click.command(context_settings=CONTEXT)
@click.argument("deliverable")
@json_option
@user_errors
def verify(deliverable: str, as_json: bool) -> None:
    """Check a deliverable against its manifest: files, row counts, sha256, schema, client.

    Exits with status 1 and lists every mismatch.
    """
    from kpo.deliver.verify import check

    report = check(deliverable)
    if as_json:
        print_json(report.as_dict())
    elif report.ok:
        click.echo(f"OK: {len(report.checked)} files match the manifest of {report.location}")
    if not report.ok:
        if not as_json:
            click.echo(f"E704 Deliverable {report.location} failed verification:", err=True)
            for problem in report.problems:
                click.echo(f"  - {problem}", err=True)
        raise SystemExit(1)


@click.command(context_settings=CONTEXT)
@json_option
def schema(as_json: bool) -> None:
    """Print the deliverable's tables: column, type and meaning, with the schema version."""
    from kpo.deliver.readme import deliverable_markdown
    from kpo.deliver.schema import describe

    data: Any = describe()
    click.echo(deliverable_markdown()) if not as_json else print_json(data)
