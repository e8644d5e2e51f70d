"""The desk's lease and its terminal face, on a queue with a hand-moved clock.

The lease is renewed while the reviewer works and let go when they stop; a lease that
ran out is taken again before a decision if the item is still free. The prompt_toolkit
face is driven once through a pipe input, as a terminal would drive it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from kpo.cli.review.desk_flow import Desk
from kpo.cli.review.desk_tty import TtyFront, preview_text
from kpo.cli.review.session import Session
from kpo.cli.review.tokens import ClaimFile
from kpo.errors import KpoError
from kpo.review.model import ItemFilter
from kpo.review.service import ReviewService

from .review_env import ITEMS, write_pages


@pytest.fixture
def desk(review: ReviewService, tmp_path: Path) -> Desk:
    review.add_batch("acme", "b1", ITEMS)
    write_pages(tmp_path, "acme", "b1")
    s = Session(review, ClaimFile(tmp_path, "ann", "q"), "ann", "acme", tmp_path)
    found = Desk(s, ItemFilter("acme"))
    found.advance()
    return found


def test_the_lease_is_renewed_while_the_reviewer_works(desk: Desk, clock: Any) -> None:
    lease = desk.s.service.lease_s
    clock.advance(lease * 0.4)
    assert desk.act("?").event == "help" and desk.lease_left() == pytest.approx(lease * 0.6)
    clock.advance(lease * 0.2)
    desk.act("?")  # less than half left and the reviewer is at work: renewed
    assert desk.lease_left() == pytest.approx(lease)
    clock.advance(lease * 0.6)
    assert desk.keep_lease() is False  # nobody pressed a key for 0.6 of a lease
    clock.advance(lease * 0.5)
    assert [i.item_id for i in desk.s.service.list_items(ItemFilter("acme"))] == [1, 2, 3]


def test_a_lease_that_ran_out_is_taken_again_if_the_item_is_still_free(
    desk: Desk, clock: Any
) -> None:
    clock.advance(desk.s.service.lease_s + 1)
    assert desk.act("a").message == "Item 1: accept saved."
    assert desk.item is not None and desk.item.item_id == 2
    clock.advance(desk.s.service.lease_s + 1)
    desk.s.service.claim(2, "bob")
    with pytest.raises(KpoError, match="E502"):
        desk.act("a")
    assert desk.item is not None and desk.item.item_id == 3  # moved on
    assert desk.s.service.show(2).decision is None


@pytest.mark.timeout(60)  # a key the face does not take would leave it waiting
def test_the_terminal_face_one_key_a_decision(desk: Desk) -> None:
    with create_pipe_input() as keys:
        keys.send_text("".join(["a", "t3", "e1 March 2024\r", "q"]))
        TtyFront(desk, input=keys, output=DummyOutput()).run()
    shown = [desk.s.service.show(i).decision for i in (1, 2, 3)]
    assert [d.decision.action if d else None for d in shown] == ["accept", "reclassify", "correct"]
    assert shown[1] and shown[1].decision.doc_type == "claim"
    assert shown[2] and shown[2].decision.value == "2024-03-01"


@pytest.mark.timeout(60)
def test_the_terminal_face_cancels_a_question_and_quits_giving_the_item_back(desk: Desk) -> None:
    with create_pipe_input() as keys:
        keys.send_text("".join(["e", "\x1b", "zzz", "x", "q"]))  # Esc cancels; z: no key
        TtyFront(desk, input=keys, output=DummyOutput()).run()
    assert desk.s.service.show(1).decision.decision.action == "absent"  # type: ignore[union-attr]
    assert desk.s.service.show(2).status == "open"


def test_a_typed_value_is_previewed_normalised_or_refused(desk: Desk) -> None:
    item = desk.s.service.show(3)
    assert preview_text(item, "1 March 2024").startswith(" saves '2024-03-01'")
    assert preview_text(item, "soon").startswith(" E512 'soon' is not a date for agreement_date")


def test_a_claim_lost_meanwhile_is_shown_in_the_bar_not_raised(desk: Desk, clock: Any) -> None:
    assert desk.claim is not None
    desk.s.service.release(1, "ann", desk.claim.token)  # e.g. from another terminal
    clock.advance(desk.s.service.lease_s * 0.6)
    desk.touch()
    with create_pipe_input() as keys:
        bar = TtyFront(desk, input=keys, output=DummyOutput()).toolbar()
    assert bar.startswith(" E503 Your claim on review item 1 is no longer valid")
