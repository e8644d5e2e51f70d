"""``kpo review`` fixtures: a queue (SQLite and PostgreSQL) with the batch's page words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kpo.cli import cli
from kpo.review.queue import open_review

from .review_env import ITEMS, Kpo, write_pages


@pytest.fixture
def workspace(tmp_path: Path, queue_db: str) -> dict[str, Any]:
    """acme's batch b1 (three items, its pages in the workspace) and globex's (no pages)."""
    with open_review(queue_db, tmp_path / "ws") as service:
        service.add_batch("acme", "b1", ITEMS)
        service.add_batch("globex", "b1", ITEMS[:1])
    write_pages(tmp_path / "ws", "acme", "b1")
    return {"root": tmp_path / "ws", "db": queue_db}


@pytest.fixture
def kpo(workspace: dict[str, Any]) -> Kpo:
    """``kpo review SUBCOMMAND ARGS...`` on the workspace's queue, as ``reviewer``."""

    def run(*args: str, reviewer: str = "ann", input: str | None = None) -> Result:
        base = ["--workspace", str(workspace["root"]), "--db", workspace["db"],
                "--reviewer", reviewer]  # fmt: skip
        return CliRunner().invoke(cli, ["review", args[0], *base, *args[1:]], input=input)

    return run
