"""``kpo review`` through click's runner, on SQLite and PostgreSQL (``--db``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kpo.cli import cli

from .review_env import Kpo, ok_json


def test_next_then_accept_in_the_terminal(kpo: Kpo) -> None:
    claim = ok_json(kpo("next", "--client", "acme", "--json"))
    item_id = claim["item"]["item_id"]
    assert claim["item"]["status"] == "claimed" and claim["reviewer"] == "ann"
    accepted = kpo("accept", str(item_id))
    assert accepted.exit_code == 0 and f"Item {item_id}: accept saved." in accepted.output
    shown = ok_json(kpo("show", str(item_id), "--history", "--json"))
    assert shown["decision"]["decision"]["action"] == "accept"
    assert [e["action"] for e in shown["history"]] == ["claim", "accept"]


def test_someone_elses_item_and_a_stale_token_are_refused_without_traceback(kpo: Kpo) -> None:
    item_id = ok_json(kpo("next", "--json"))["item"]["item_id"]
    taken = kpo("claim", str(item_id), reviewer="bob")
    assert taken.exit_code == 1 and "E502" in taken.output and "claimed by ann" in taken.output
    stale = kpo("accept", str(item_id), "--token", "stale")
    assert stale.exit_code == 1 and "E503" in stale.output and "Traceback" not in stale.output
    unclaimed = kpo("accept", str(item_id), reviewer="bob")
    assert unclaimed.exit_code == 1 and "E506" in unclaimed.output


def test_correct_with_a_box_reject_reclassify_release_and_renew(kpo: Kpo) -> None:
    ids = [ok_json(kpo("next", "--client", "acme", "--json"))["item"]["item_id"]
           for _ in range(3)]  # fmt: skip
    bad = kpo("correct", str(ids[0]), "--value", "CL-2", "--box", "5,5,1,9")
    assert bad.exit_code == 1 and "E509" in bad.output
    done = ok_json(kpo("correct", str(ids[0]), "--value", "CL-2", "--box",
                       "1,2,3,4", "--json"))  # fmt: skip
    assert done["decision"]["decision"]["box"] == {"x0": 1, "top": 2, "x1": 3, "bottom": 4}
    assert kpo("reclassify", str(ids[1]), "--type", "other").exit_code == 0
    renewed = ok_json(kpo("renew", str(ids[2]), "--json"))
    assert renewed["item"]["claimed_by"] == "ann"
    assert "back in the queue" in kpo("release", str(ids[2])).output
    open_items = ok_json(kpo("list", "--client", "acme", "--json"))
    assert [i["item_id"] for i in open_items] == [ids[2]]
    again = ok_json(kpo("next", "--client", "acme", "--json"))["item"]["item_id"]
    rejected = kpo("reject", str(again), "--reason", "not stated")
    assert rejected.exit_code == 0


def test_stats_and_export_of_labelled_examples(kpo: Kpo, tmp_path: Path) -> None:
    first = ok_json(kpo("next", "--client", "acme", "--json"))["item"]["item_id"]
    kpo("correct", str(first), "--value", "CL-9")
    second = ok_json(kpo("next", "--client", "acme", "--json"))["item"]["item_id"]
    kpo("accept", str(second))
    stats = ok_json(kpo("stats", "--client", "acme", "--json"))
    assert (stats["open"], stats["done"]) == (1, 2)
    assert stats["by_action"] == {"accept": 1, "correct": 1}
    assert stats["reviewers"][0]["reviewer"] == "ann"
    out = tmp_path / "reviewed.jsonl"
    assert kpo("export", "--client", "acme", "-o", str(out)).exit_code == 0
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


def test_next_and_show_print_the_text_around_the_value(kpo: Kpo) -> None:
    shown = kpo("next", "--client", "acme")
    assert shown.exit_code == 0, shown.output
    assert "ACME Insurance\n  Claim no. [CL-1]\n  Filed today\n" in shown.output
    assert "Footer" not in shown.output  # far below the box
    item_id = shown.output.split()[1]
    item = ok_json(kpo("show", item_id, "--json"))
    assert item["field"] == "claim_number"
    assert item["context"][1] == [["Claim", False], ["no.", False], ["CL-1", True]]
    claim = ok_json(kpo("next", "--client", "acme", "--json"))
    assert claim["item"]["field"] is None and claim["context"][0][0] == ["ACME", False]


def test_the_text_is_missing_when_the_batch_is_not_in_the_workspace(kpo: Kpo) -> None:
    globex = ok_json(kpo("next", "--client", "globex", "--json"))
    assert globex["context"] is None
    shown = kpo("show", str(globex["item"]["item_id"]))
    assert "not in the workspace's batch" in shown.output and "[CL-1]" not in shown.output
