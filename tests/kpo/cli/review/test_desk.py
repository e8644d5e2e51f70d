"""``kpo review desk`` driven one command a line through click's runner (SQLite and PostgreSQL).

acme's queue holds, in order: claim_number 'CL-1' (its page's words in the workspace),
the document's type 'claim', and a missing agreement_date of another file.
"""

from __future__ import annotations

import json
from typing import Any

from .review_env import Kpo, ok_json


def decisions(kpo: Kpo) -> dict[int, Any]:
    items = ok_json(kpo("list", "--client", "acme", "--status", "all", "--json"))
    return {i["item_id"]: i["decision"] and i["decision"]["decision"] for i in items}


def events(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


def test_the_desk_decides_item_after_item_and_shows_the_text_around_each(kpo: Kpo) -> None:
    result = kpo("desk", "--client", "acme", input="a\nt claim\ne 1 March 2024\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Claim no. [CL-1]" in out and "a accept  e edit  x absent" in out
    assert "lease 14:5" in out and "0 decided today, 3 left" in out
    assert "t type" in out.split("Item 1: accept saved.")[1].split("Item 2")[0]
    assert "Item 3: correct '2024-03-01' saved." in out and "Nothing left to review." in out
    found = list(decisions(kpo).values())
    assert [d["action"] for d in found] == ["accept", "reclassify", "correct"]
    assert (found[1]["doc_type"], found[2]["value"]) == ("claim", "2024-03-01")


def test_refused_commands_store_nothing_and_end_with_status_1(kpo: Kpo) -> None:
    typed = "e 31 Febtember\nx\nt Invoice\ne invoice\nz\nq\n"
    result = kpo("desk", "--client", "acme", "--reason", "missing_required", input=typed)
    assert result.exit_code == 1
    assert "E512 '31 Febtember' is not a date for agreement_date" in result.output
    assert "Item 3: absent saved." in result.output
    assert list(decisions(kpo).values()) == [None, None, {
        "action": "absent", "value": None, "box": None, "page_number": None, "reason": None,
        "doc_type": None}]  # fmt: skip
    on_type = kpo("desk", "--client", "acme", "--reason", "low_type_probability",
                  input="t Invoice\ne invoice\nz\nq\n")  # fmt: skip
    assert on_type.exit_code == 1 and "E514 Unknown document type 'Invoice'" in on_type.output
    assert "E511 Review item 2 is the document's type" in on_type.output
    assert "E522 Unknown key 'z'" in on_type.output and "Traceback" not in on_type.output
    assert list(decisions(kpo).values())[:2] == [None, None]


def test_quit_and_the_end_of_input_give_the_item_back(kpo: Kpo) -> None:
    bye = kpo("desk", "--client", "acme", input="a\nq\n").output
    assert "Bye. you decided 1 today (1 in all) · 2 of 3 left (2 open, 0 claimed)" in bye
    assert kpo("desk", "--client", "acme", input="").exit_code == 0
    items = ok_json(kpo("list", "--client", "acme", "--json"))
    assert [i["status"] for i in items] == ["open"] * 2


def test_skip_puts_the_item_behind_the_others_and_undo_brings_a_decision_back(
    kpo: Kpo,
) -> None:
    typed = "s\na\nu\nt other\nu\nu\nr wrong\nx\n"
    result = kpo("desk", "--client", "acme", "--json", input=typed)
    assert result.exit_code == 1, result.output  # the second u had nothing to undo
    seen = [(e["event"], e["claim"]["item"]["item_id"] if "claim" in e else None)
            for e in events(result.output)]  # fmt: skip
    assert seen == [
        ("item", 1), ("skip", None), ("item", 2), ("accept", None), ("item", 3),
        ("undo", None), ("item", 2), ("reclassify", None), ("item", 3), ("undo", None),
        ("item", 2), ("refused", None), ("reject", None), ("item", 3), ("absent", None),
        ("item", 1), ("quit", None),
    ]  # fmt: skip
    [refused] = [e for e in events(result.output) if e["event"] == "refused"]
    assert refused["message"].startswith("E523 Nothing to undo")
    found = decisions(kpo)
    assert found[1] is None and found[2]["action"] == "reject" and found[3]["action"] == "absent"
    history = ok_json(kpo("show", "2", "--history", "--json"))["history"]
    assert [e["action"] for e in history].count("undo") == 2


def test_the_desks_json_gives_the_claim_its_context_and_the_lease(kpo: Kpo) -> None:
    first, *_ = events(kpo("desk", "--client", "acme", "--json", input="q\n").output)
    assert first["claim"]["item"]["field"] == "claim_number"
    assert first["context"][1] == [["Claim", False], ["no.", False], ["CL-1", True]]
    assert 890 < first["lease_left_s"] <= 900
