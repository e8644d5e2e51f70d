"""The item page's flow through FastAPI's TestClient, on SQLite and PostgreSQL: typed values
(a type list for a document's type, dates normalised, refusals shown beside the input and
never stored), "not in the document", auto-advance, undo, skip, and the lease renewed."""

from __future__ import annotations

import re
from typing import Any

from kpo.records import DOC_TYPES
from kpo.review.model import Decision

from .conftest import csrf_of
from .flow_items import chosen_items, decision_of, item_of


def claimed(client: Any, item_id: int) -> str:
    """Claim ``item_id`` through its page's form; the CSRF token."""
    token = csrf_of(client.get(f"/items/{item_id}").text)
    client.post(f"/items/{item_id}/claim", data={"csrf_token": token})
    return token


def test_a_document_type_is_chosen_from_the_known_types_only(client_for: Any, web_env: Any) -> None:
    (doc,) = chosen_items(web_env, None)
    client = client_for("ann")
    token = claimed(client, doc)
    html = client.get(f"/items/{doc}").text
    assert 'id="correct-value"' not in html and 'id="absent-form"' not in html
    options = re.findall(r'<option value="([^"]*)"', html)
    assert set(options) - {""} == set(DOC_TYPES) - {item_of(web_env, doc).doc_type}
    for wrong in ("Invoice", "invoice", ""):
        refused = client.post(
            f"/items/{doc}/reclassify", data={"csrf_token": token, "doc_type": wrong}
        )
        assert refused.status_code == 422 and "E505" in refused.text
        assert decision_of(web_env, doc) is None
    typed = client.post(f"/items/{doc}/correct", data={"csrf_token": token, "value": "contract"})
    assert typed.status_code == 422 and "E511" in typed.text
    assert decision_of(web_env, doc) is None
    kept = client.post(f"/items/{doc}/reclassify", data={"csrf_token": token, "doc_type": "claim"})
    assert kept.status_code == 200
    decided = decision_of(web_env, doc)
    assert decided.decision.action == "reclassify" and decided.decision.doc_type == "claim"


def test_a_date_is_shown_and_stored_normalised(client_for: Any, web_env: Any) -> None:
    (date,) = chosen_items(web_env, "agreement_date")
    client = client_for("ann")
    token = claimed(client, date)
    url = f"/items/{date}/answer"
    asked = client.post(url, data={"csrf_token": token, "value": "31 March 2024"})
    assert asked.json() == {"value": "2024-03-31"}
    wrong = client.post(url, data={"csrf_token": token, "value": "next Tuesday"}).json()
    assert set(wrong) == {"error"} and wrong["error"].startswith("E512")
    assert client.get(url, params={"value": "31 March 2024"}).status_code == 405  # never logged
    assert client.post(url, data={"value": "31 March 2024"}).status_code == 403  # no CSRF token
    assert decision_of(web_env, date) is None  # asking stores nothing
    client.post(f"/items/{date}/correct", data={"csrf_token": token, "value": "31 March 2024"})
    assert decision_of(web_env, date).decision.value == "2024-03-31"


def test_a_refused_value_is_shown_again_as_typed_beside_its_input(
    client_for: Any, web_env: Any
) -> None:
    (date,) = chosen_items(web_env, "agreement_date")
    client = client_for("ann")
    token = claimed(client, date)
    refused = client.post(f"/items/{date}/correct", data={"csrf_token": token, "value": "soon-ish"})
    assert refused.status_code == 422
    html = refused.text
    assert 'value="soon-ish"' in html and 'aria-invalid="true"' in html
    error = re.search(r'<p class="field-error" id="correct-error" role="alert">([^<]*)</p>', html)
    assert error and error.group(1).startswith("E512") and "2024-03-31" in error.group(1)
    assert 'aria-describedby="correct-normal correct-error"' in html
    assert decision_of(web_env, date) is None and item_of(web_env, date).status == "claimed"


def test_not_in_the_document_and_no_live_accept_without_a_value(
    client_for: Any, web_env: Any
) -> None:
    (empty,) = chosen_items(web_env, "agreement_date", value=None)
    client = client_for("ann")
    token = claimed(client, empty)
    html = client.get(f"/items/{empty}").text
    assert 'id="accept-form"' not in html and "Nothing to accept" in html
    assert "No value found" in html
    client.post(f"/items/{empty}/absent", data={"csrf_token": token})
    decided = decision_of(web_env, empty)
    assert decided.decision.action == "absent" and decided.decision.value is None


def test_each_decision_shows_the_next_item_and_the_last_goes_back_to_the_queue(
    client_for: Any, web_env: Any
) -> None:
    one, two = chosen_items(web_env, "title", "title")
    client = client_for("ann")
    token = claimed(client, one)
    after = client.post(f"/items/{one}/accept", data={"csrf_token": token})
    assert after.url.path == f"/items/{two}" and after.url.query == f"done={one}".encode()
    assert f"Item {one} accepted · u to undo." in after.text
    assert f'action="/items/{one}/undo"' in after.text
    assert item_of(web_env, two).claimed_by == "ann"
    last = client.post(f"/items/{two}/reject", data={"csrf_token": token, "reason": "blurred"})
    assert last.url.path == "/clients/acme"
    assert f"Item {two} rejected. Nothing left to review here." in last.text
    assert f'action="/items/{two}/undo"' in client.get(f"/items/{two}").text  # from its page


def test_undo_takes_back_the_last_decision_and_gives_back_the_next_item(
    client_for: Any, web_env: Any
) -> None:
    one, two = chosen_items(web_env, "title", "title")
    client = client_for("ann")
    token = claimed(client, one)
    client.post(f"/items/{one}/accept", data={"csrf_token": token})
    back = client.post(f"/items/{one}/undo", data={"csrf_token": token, "release": str(two)})
    assert back.url.path == f"/items/{one}" and 'id="accept-form"' in back.text
    assert decision_of(web_env, one) is None and item_of(web_env, one).claimed_by == "ann"
    assert item_of(web_env, two).status == "open"
    again = client.post(f"/items/{one}/undo", data={"csrf_token": token})
    assert "E513" in again.text


def test_undo_of_an_earlier_decision_is_refused(client_for: Any, web_env: Any) -> None:
    one, two, three = chosen_items(web_env, "title", "title", "title")
    client = client_for("ann")
    token = claimed(client, one)
    client.post(f"/items/{one}/accept", data={"csrf_token": token})
    client.post(f"/items/{two}/accept", data={"csrf_token": token})
    refused = client.post(f"/items/{one}/undo", data={"csrf_token": token})
    assert "E513" in refused.text and decision_of(web_env, one) is not None
    client.post(f"/items/{two}/undo", data={"csrf_token": token, "release": str(three)})
    assert decision_of(web_env, two) is None


def test_skip_shows_another_item_and_brings_the_skipped_one_last(
    client_for: Any, web_env: Any
) -> None:
    one, two, three = chosen_items(web_env, "title", "title", "title")
    client = client_for("ann")
    token = claimed(client, one)
    shown = client.post(f"/items/{one}/skip", data={"csrf_token": token})
    assert shown.url.path == f"/items/{two}" and f"Item {one} skipped" in shown.text
    assert item_of(web_env, one).status == "open"
    following = client.post(f"/items/{two}/accept", data={"csrf_token": token})
    assert following.url.path == f"/items/{three}"
    last = client.post(f"/items/{three}/accept", data={"csrf_token": token})
    assert last.url.path == f"/items/{one}"


def test_the_lease_is_shown_and_renewed(client_for: Any, web_env: Any) -> None:
    (one,) = chosen_items(web_env, "title")
    client = client_for("ann")
    token = claimed(client, one)
    html = client.get(f"/items/{one}").text
    left = float(re.search(r'id="lease" data-left="([0-9.]+)"', html).group(1))  # type: ignore[union-attr]
    assert 0 < left <= web_env.settings.lease_s
    before = item_of(web_env, one).lease_until
    renewed = client.post(
        f"/items/{one}/renew", data={"csrf_token": token}, headers={"Accept": "application/json"}
    )
    assert renewed.status_code == 200 and renewed.json()["seconds_left"] > 0
    assert item_of(web_env, one).lease_until > before
    with web_env.service() as service:  # the lease is lost: another session took the item
        service.release(one, "ann", service.store.claim_token(one)[0])
        service.claim(one, "root")
    lost = client.post(
        f"/items/{one}/renew", data={"csrf_token": token}, headers={"Accept": "application/json"}
    )
    assert lost.status_code == 409 and "E503" in lost.json()["error"]
    page = client.get(f"/items/{one}").text
    assert 'id="lease-lost"' in page and "root has it now" in page


def test_no_undo_is_offered_for_a_decision_made_under_another_claim(
    client_for: Any, web_env: Any
) -> None:
    (one,) = chosen_items(web_env, "title")
    client = client_for("ann")
    claimed(client, one)
    with web_env.service() as service:  # the same reviewer in another session (a terminal)
        service.release(one, "ann", service.store.claim_token(one)[0])
        other = service.claim(one, "ann")
        service.decide(one, "ann", other.token, Decision("accept"))
    html = client.get(f"/items/{one}").text
    assert 'id="decision"' in html and 'id="undo-form"' not in html
