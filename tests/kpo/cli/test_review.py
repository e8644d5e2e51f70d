"""``kpo review`` through click's runner, on SQLite and PostgreSQL (``--db``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kpo.cli import cli
from kpo.records import Box, ReviewItem
from kpo.review.queue import open_review


@pytest.fixture
def workspace(tmp_path: Path, queue_db: str) -> dict[str, Any]:
    items = [
        ("/in/a.pdf", ReviewItem("docA", "low_confidence", "claim", "claim_number", "CL-1", 0.3,
                                 0.7, 1, Box(10, 20, 30, 40))),
        ("/in/a.pdf", ReviewItem("docA", "low_type_probability", "claim", None, "claim", 0.5, 0.6)),
        ("/in/b.pdf", ReviewItem("docB", "missing_required", "contract", "agreement_date")),
    ]  # fmt: skip
    with open_review(queue_db, tmp_path / "ws") as service:
        service.add_batch("acme", "b1", items)
        service.add_batch("globex", "b1", items[:1])
    return {"root": tmp_path / "ws", "db": queue_db}


def kpo(ws: dict[str, Any], *args: str, reviewer: str = "ann") -> Result:
    base = ["--workspace", str(ws["root"]), "--db", ws["db"], "--reviewer", reviewer]
    return CliRunner().invoke(cli, ["review", args[0], *base, *args[1:]])


def ok_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_next_then_accept_in_the_terminal(workspace: dict[str, Any]) -> None:
    claim = ok_json(kpo(workspace, "next", "--client", "acme", "--json"))
    item_id = claim["item"]["item_id"]
    assert claim["item"]["status"] == "claimed" and claim["reviewer"] == "ann"
    accepted = kpo(workspace, "accept", str(item_id))
    assert accepted.exit_code == 0 and f"Item {item_id}: accept saved." in accepted.output
    shown = ok_json(kpo(workspace, "show", str(item_id), "--history", "--json"))
    assert shown["decision"]["decision"]["action"] == "accept"
    assert [e["action"] for e in shown["history"]] == ["claim", "accept"]


def test_someone_elses_item_and_a_stale_token_are_refused_without_traceback(
    workspace: dict[str, Any],
) -> None:
    item_id = ok_json(kpo(workspace, "next", "--json"))["item"]["item_id"]
    taken = kpo(workspace, "claim", str(item_id), reviewer="bob")
    assert taken.exit_code == 1 and "E502" in taken.output and "claimed by ann" in taken.output
    stale = kpo(workspace, "accept", str(item_id), "--token", "stale")
    assert stale.exit_code == 1 and "E503" in stale.output and "Traceback" not in stale.output
    unclaimed = kpo(workspace, "accept", str(item_id), reviewer="bob")
    assert unclaimed.exit_code == 1 and "E506" in unclaimed.output


def test_correct_with_a_box_reject_reclassify_release_and_renew(workspace: dict[str, Any]) -> None:
    ids = [ok_json(kpo(workspace, "next", "--client", "acme", "--json"))["item"]["item_id"]
           for _ in range(3)]  # fmt: skip
    bad = kpo(workspace, "correct", str(ids[0]), "--value", "CL-2", "--box", "5,5,1,9")
    assert bad.exit_code == 1 and "E509" in bad.output
    done = ok_json(kpo(workspace, "correct", str(ids[0]), "--value", "CL-2", "--box",
                       "1,2,3,4", "--json"))  # fmt: skip
    assert done["decision"]["decision"]["box"] == {"x0": 1, "top": 2, "x1": 3, "bottom": 4}
    assert kpo(workspace, "reclassify", str(ids[1]), "--type", "other").exit_code == 0
    renewed = ok_json(kpo(workspace, "renew", str(ids[2]), "--json"))
    assert renewed["item"]["claimed_by"] == "ann"
    assert "back in the queue" in kpo(workspace, "release", str(ids[2])).output
    open_items = ok_json(kpo(workspace, "list", "--client", "acme", "--json"))
    assert [i["item_id"] for i in open_items] == [ids[2]]
    again = ok_json(kpo(workspace, "next", "--client", "acme", "--json"))["item"]["item_id"]
    rejected = kpo(workspace, "reject", str(again), "--reason", "not stated")
    assert rejected.exit_code == 0


def test_stats_and_export_of_labelled_examples(workspace: dict[str, Any], tmp_path: Path) -> None:
    first = ok_json(kpo(workspace, "next", "--client", "acme", "--json"))["item"]["item_id"]
    kpo(workspace, "correct", str(first), "--value", "CL-9")
    second = ok_json(kpo(workspace, "next", "--client", "acme", "--json"))["item"]["item_id"]
    kpo(workspace, "accept", str(second))
    stats = ok_json(kpo(workspace, "stats", "--client", "acme", "--json"))
    assert (stats["open"], stats["done"]) == (1, 2)
    assert stats["by_action"] == {"accept": 1, "correct": 1}
    assert stats["reviewers"][0]["reviewer"] == "ann"
    out = tmp_path / "reviewed.jsonl"
    assert kpo(workspace, "export", "--client", "acme", "-o", str(out)).exit_code == 0
    [row] = [json.loads(line) for line in out.read_text().splitlines()]
    assert (row["file"], row["doc_type"], row["fields"]) == (
        "/in/a.pdf", "claim", {"claim_number": "CL-9"}
    )  # fmt: skip


def test_the_reviewer_defaults_to_kpo_user(workspace: dict[str, Any]) -> None:
    args = ["review", "next", "--workspace", str(workspace["root"]), "--db", workspace["db"],
            "--json"]  # fmt: skip
    result = CliRunner(env={"KPO_USER": "carol"}).invoke(cli, args)
    assert ok_json(result)["reviewer"] == "carol"
    bad = CliRunner(env={"KPO_USER": "../x"}).invoke(cli, args)
    assert bad.exit_code == 1 and "E510" in bad.output


def test_an_unknown_db_scheme_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["review", "list", "--db", "mysql://x/y"])
    assert result.exit_code == 1 and "E508" in result.output
