"""The item page's forms through FastAPI's TestClient, on SQLite and PostgreSQL: a correction
with the box the reviewer drew, and the refusals of a malformed box or page."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import csrf_of


def held(client: Any, web_env: Any) -> tuple[int, str]:
    """Ann claims a field item with a value; its id and the page's CSRF token."""
    with web_env.service() as service:
        item_id = next(i.item_id for i in service.list_items() if i.client == "acme" and i.value)
    token = csrf_of(client.get(f"/items/{item_id}").text)
    client.post(f"/items/{item_id}/claim", data={"csrf_token": token})
    return item_id, token


def test_the_correct_form_carries_hidden_box_and_page_fields(client_for: Any, web_env: Any) -> None:
    client = client_for("ann")
    item_id, _ = held(client, web_env)
    html = client.get(f"/items/{item_id}").text
    assert '<input type="hidden" name="box" id="correct-box">' in html
    assert '<input type="hidden" name="page" id="correct-page">' in html


def test_a_correction_keeps_the_box_drawn_on_its_page(client_for: Any, web_env: Any) -> None:
    client = client_for("ann")
    item_id, token = held(client, web_env)
    form = {"csrf_token": token, "value": "X-42", "box": "72,140.5,180,152", "page": "2"}
    client.post(f"/items/{item_id}/correct", data=form)
    with web_env.service() as service:
        decided = service.show(item_id).decision
    assert decided is not None and decided.decision.value == "X-42"
    box = decided.decision.box
    assert box is not None and (box.x0, box.top, box.x1, box.bottom) == (72, 140.5, 180, 152)
    assert decided.decision.page_number == 2


@pytest.mark.parametrize(
    ("box", "page", "code"),
    [("72,140,60,152", "1", "E509"), ("1,2,3", "1", "E509"), ("nan,1,2,3", "1", "E509"),
     ("72,140,180,152", "0", "E619"), ("72,140,180,152", "two", "E619")],
)  # fmt: skip
def test_a_malformed_box_or_page_is_refused_and_nothing_is_saved(
    client_for: Any, web_env: Any, box: str, page: str, code: str
) -> None:
    client = client_for("ann")
    item_id, token = held(client, web_env)
    form = {"csrf_token": token, "value": "X-42", "box": box, "page": page}
    refused = client.post(f"/items/{item_id}/correct", data=form)
    assert code in refused.text
    with web_env.service() as service:
        assert service.show(item_id).decision is None
