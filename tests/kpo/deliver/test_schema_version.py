"""The deliverable schema cannot change without a version bump (see README: Deliverables)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpo.cli import cli
from kpo.deliver.schema import DELIVERABLE_SCHEMA_VERSION, SCHEMAS, fingerprint, required_bump

FINGERPRINT = Path(__file__).resolve().parents[2] / "data" / "deliver" / "schema_fingerprint.json"
HOW = (
    "Bump DELIVERABLE_SCHEMA_VERSION in kpo/deliver/schema.py (minor for a new nullable "
    "column, major for a renamed, retyped or removed column), then run "
    "`python -m kpo.deliver.schema --write-fingerprint` and `python -m kpo.cli.docs`, and note "
    "the change in CHANGELOG.md."
)


def _parts(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(p) for p in version.split("."))
    return major, minor, patch


def test_schema_changes_come_with_a_version_bump() -> None:
    committed = json.loads(FINGERPRINT.read_text())
    current = fingerprint()
    if current["sha256"] == committed["sha256"]:
        assert current["schema_version"] == committed["schema_version"], (
            "The schema version changed but the columns did not; refresh the fingerprint "
            "with `python -m kpo.deliver.schema --write-fingerprint`."
        )
        return
    need = required_bump(committed["columns"], current["columns"])
    old, new = _parts(committed["schema_version"]), _parts(current["schema_version"])
    bumped = new[0] > old[0] if need == "major" else new[:2] > old[:2]
    status = (
        "the version is bumped" if bumped else f"the version is still {current['schema_version']}"
    )
    pytest.fail(
        f"The deliverable schema changed: this needs a {need} version bump and {status}. {HOW}"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: {**c, "claims": [*c["claims"], "new_col: string"]}, "minor"),
        (lambda c: {**c, "extra": ["client: string not null"]}, "minor"),
        (lambda c: {**c, "claims": [*c["claims"], "new_col: string not null"]}, "major"),
        (lambda c: {**c, "claims": c["claims"][:-1]}, "major"),
        (
            lambda c: {
                **c,
                "claims": [x.replace("decimal128(20, 4)", "double") for x in c["claims"]],
            },
            "major",
        ),
        (lambda c: c, None),
    ],
)
def test_required_bump_follows_the_evolution_rules(change, expected) -> None:  # type: ignore[no-untyped-def]
    columns = fingerprint()["columns"]
    assert required_bump(columns, change(columns)) == expected


def test_every_file_declares_the_version_and_kpo_schema_prints_it() -> None:
    result = CliRunner().invoke(cli, ["schema", "--json"])
    data = json.loads(result.output)
    assert data["schema_version"] == DELIVERABLE_SCHEMA_VERSION
    assert set(data["tables"]) == set(SCHEMAS)
    assert {"name": "amount_claimed", "type": "decimal128(20, 4)", "nullable": True}.items() <= {
        **next(c for c in data["tables"]["claims"] if c["name"] == "amount_claimed")
    }.items()
    text = CliRunner().invoke(cli, ["schema"]).output
    assert "**contracts.parquet**" in text and "| `parties` | `list<element: string>` |" in text
