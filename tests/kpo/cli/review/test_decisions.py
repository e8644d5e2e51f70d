"""The decisions of issue 20 on the command line: typed corrections, absent, undo, skip,
and the queue searched, sorted and counted (SQLite and PostgreSQL).

acme's queue holds, in order: claim_number 'CL-1' (item 1), the document's type
'claim' (item 2), and a missing agreement_date of another file (item 3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .review_env import Kpo, ok_json


def claim_all(kpo: Kpo) -> list[int]:
    return [ok_json(kpo("next", "--client", "acme", "--json"))["item"]["item_id"]
            for _ in range(3)]  # fmt: skip


def decision(kpo: Kpo, item_id: int) -> Any:
    found = ok_json(kpo("show", str(item_id), "--json"))["decision"]
    return found and found["decision"]


def test_a_correction_is_stored_normalised_or_refused_with_nothing_stored(kpo: Kpo) -> None:
    claim_all(kpo)
    bad = kpo("correct", "3", "--value", "the 40th of Maybe")
    assert bad.exit_code == 1 and "E512 'the 40th of Maybe' is not a date" in bad.output
    assert "Traceback" not in bad.output and decision(kpo, 3) is None
    on_type = kpo("correct", "2", "--value", "Invoice")
    assert on_type.exit_code == 1 and "E511 Review item 2 is the document's type" in on_type.output
    assert decision(kpo, 2) is None
    saved = kpo("correct", "3", "--value", "1 March 2024")
    assert saved.exit_code == 0 and "Item 3: correct '2024-03-01' saved." in saved.output
    assert decision(kpo, 3)["value"] == "2024-03-01"


WRONG_TYPES = [
    ["reclassify", "2", "--type", "Invoice"],
    ["decide", "2", "--action", "reclassify", "--type", "invoice"],
]


@pytest.mark.parametrize("command", WRONG_TYPES)
def test_a_type_that_is_not_known_is_refused_by_its_choice(kpo: Kpo, command: list[str]) -> None:
    claim_all(kpo)
    refused = kpo(*command)
    assert refused.exit_code == 2 and "'contract', 'research_paper', 'claim'" in refused.output
    assert decision(kpo, 2) is None


def test_absent_and_decide_by_action(kpo: Kpo) -> None:
    claim_all(kpo)
    assert ok_json(kpo("absent", "3", "--json"))["decision"]["decision"]["action"] == "absent"
    assert decision(kpo, 3) == {"action": "absent", "value": None, "box": None,
                                "page_number": None, "reason": None, "doc_type": None}  # fmt: skip
    absent_type = kpo("decide", "2", "--action", "absent")
    assert absent_type.exit_code == 1 and "E511" in absent_type.output
    typed = kpo("decide", "2", "--action", "reclassify", "--type", "contract")
    assert typed.exit_code == 0 and "Item 2: reclassify 'contract' saved." in typed.output
    incomplete = kpo("decide", "1", "--action", "reject")
    assert incomplete.exit_code == 1 and "E505" in incomplete.output and decision(kpo, 1) is None


def test_undo_takes_back_ones_own_decision_while_the_lease_holds(kpo: Kpo) -> None:
    claim_all(kpo)
    assert kpo("accept", "1").exit_code == 0
    someone = kpo("undo", "1", reviewer="bob")
    assert someone.exit_code == 1 and "E513" in someone.output and decision(kpo, 1)
    undone = kpo("undo", "1")
    assert undone.exit_code == 0 and "decision taken back" in undone.output
    shown = ok_json(kpo("show", "1", "--json"))
    assert (shown["status"], shown["claimed_by"], shown["decision"]) == ("claimed", "ann", None)
    again = kpo("reject", "1", "--reason", "not the claim number")  # the kept token still holds
    assert again.exit_code == 0 and decision(kpo, 1)["action"] == "reject"
    assert "E513" in kpo("undo", "2").output  # nothing decided there


def test_skip_gives_the_item_back_behind_the_others(kpo: Kpo) -> None:
    first = ok_json(kpo("next", "--client", "acme", "--json"))["item"]["item_id"]
    skipped = kpo("skip", str(first))
    assert skipped.exit_code == 0 and "comes back to you after the others" in skipped.output
    order = [ok_json(kpo("next", "--client", "acme", "--json"))["item"]["item_id"]
             for _ in range(3)]  # fmt: skip
    assert order == [2, 3, first]


def test_list_searches_sorts_and_filters_by_document(kpo: Kpo) -> None:
    def ids(*args: str) -> list[int]:
        return [i["item_id"] for i in ok_json(kpo("list", "--client", "acme", "--json", *args))]

    assert ids("--search", "B.PDF") == [3] and ids("--search", "cl-1") == [1]
    assert ids("--sort", "confidence") == [1, 2, 3]  # the missing value's empty confidence last
    assert ids("--sort", "confidence", "--desc") == [2, 1, 3]
    assert ids("--doc", "docA") == [1, 2]
    unknown = kpo("list", "--sort", "value")
    assert unknown.exit_code == 2 and "'item_id', 'confidence'" in unknown.output


def test_progress_counts_the_reviewers_day_and_the_queue(kpo: Kpo) -> None:
    claim_all(kpo)
    kpo("accept", "1")
    found = ok_json(kpo("progress", "--client", "acme", "--json"))
    assert (found["reviewer"], found["decided_today"], found["decided_total"]) == ("ann", 1, 1)
    assert (found["open"], found["claimed"], found["done"]) == (0, 2, 1)
    line = kpo("progress", "--client", "acme").output
    assert "you decided 1 today (1 in all) · 2 of 3 left (0 open, 2 claimed)" in line


def test_the_token_file_keeps_the_newest_items_tokens(tmp_path: Path) -> None:
    from kpo.cli.review.tokens import MAX_TOKENS, ClaimFile

    claims = ClaimFile(tmp_path, "ann", "q")
    for item_id in range(MAX_TOKENS + 5, 0, -1):  # newest first: the order given is no guide
        claims.put(item_id, f"t{item_id}")
    assert claims.get(5) is None and claims.get(6) == "t6"
    assert claims.get(MAX_TOKENS + 5) == f"t{MAX_TOKENS + 5}"
