"""The queue as a work list, through its routes: file and document columns, search, sort,
grouping by document, one document's items in one view, bulk accept with a result for each
item, and the reviewer's progress with the queue's size and age. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kpo.review.model import ItemFilter, QueueItem
from kpo.web.queue_page import read_filters, to_item_filter

from .conftest import csrf_of
from .test_viewer import changed_document_item

ROW_RE = re.compile(r'<tr data-item="(\d+)"')


def rows(html: str) -> list[int]:
    return [int(i) for i in ROW_RE.findall(html)]


def acme_items(web_env: Any) -> list[QueueItem]:
    with web_env.service() as service:
        return service.list_items(ItemFilter("acme", limit=1000))


def name(item: QueueItem) -> str:
    return item.path.rsplit("/", 1)[-1]


def test_the_list_shows_each_items_file_and_document(client_for: Any, web_env: Any) -> None:
    html = client_for("ann").get("/clients/acme").text
    for item in acme_items(web_env):
        row = html.split(f'<tr data-item="{item.item_id}">', 1)[1].split("</tr>", 1)[0]
        assert f'title="{item.path}">{name(item)}</td>' in row
        assert f'href="/clients/acme/documents/{item.doc_id}"' in row


def test_search_finds_a_file_field_or_value_case_blind(client_for: Any, web_env: Any) -> None:
    items = acme_items(web_env)
    ann = client_for("ann")
    one = next(i for i in items if i.value)
    wanted = name(one).upper()[:-4]  # a part of the file name, in capitals
    found = rows(ann.get("/clients/acme", params={"q": wanted, "status": "all"}).text)
    assert found and set(found) == {i.item_id for i in items if wanted.lower() in i.path.lower()}
    assert len(found) < len(items)
    nothing = ann.get("/clients/acme", params={"q": "no such thing zq"}).text
    assert rows(nothing) == [] and "No items match" in nothing


def test_sort_orders_the_list_and_an_unknown_sort_is_dropped(client_for: Any, web_env: Any) -> None:
    items = acme_items(web_env)
    ann = client_for("ann")
    got = rows(ann.get("/clients/acme", params={"sort": "confidence", "order": "desc"}).text)
    confidence = {i.item_id: i.confidence for i in items}
    known = [confidence[i] for i in got if confidence[i] is not None]
    assert len(got) == len(items) and known == sorted(known, reverse=True)
    assert got != sorted(got)  # not the default order
    assert rows(ann.get("/clients/acme", params={"sort": "bogus"}).text) == sorted(got)
    assert read_filters_of("sort=item_id;drop table")["sort"] == ""


def read_filters_of(query: str) -> dict[str, str]:
    from starlette.requests import Request

    return read_filters(Request({"type": "http", "query_string": query.encode(), "headers": []}))


def test_by_document_the_items_of_a_file_come_together(client_for: Any, web_env: Any) -> None:
    items = acme_items(web_env)
    html = client_for("ann").get("/clients/acme", params={"group": "document"}).text
    got = rows(html)
    doc_of = {i.item_id: i.doc_id for i in items}
    runs = [doc_of[i] for n, i in enumerate(got) if n == 0 or doc_of[got[n - 1]] != doc_of[i]]
    assert len(runs) == len(set(runs)) == len(set(doc_of.values()))  # one run a document
    assert html.count('class="doc-row"') == len(runs)
    assert to_item_filter("acme", {"group": "document"}).sort == "path"


def test_a_documents_page_shows_all_its_items_and_their_boxes(
    client_for: Any, web_env: Any
) -> None:
    items = acme_items(web_env)
    doc_id = max({i.doc_id for i in items}, key=lambda d: sum(i.doc_id == d for i in items))
    mine = [i for i in items if i.doc_id == doc_id]
    html = client_for("ann").get(f"/clients/acme/documents/{doc_id}").text
    assert sorted(rows(html)) == sorted(i.item_id for i in mine)
    for item in mine:
        assert f'href="/items/{item.item_id}"' in html
        if item.value is not None:
            assert f">{item.value}" in html
    boxes = re.findall(r'<li data-item="(\d+)"', html)  # the viewer draws them over the pages
    assert sorted(map(int, boxes)) == sorted(i.item_id for i in mine if i.box is not None)


def test_a_documents_page_says_when_its_file_is_gone(
    client_for: Any, web_env: Any, tmp_path: Path
) -> None:
    item = changed_document_item(web_env, tmp_path)
    with web_env.service() as service:  # the document's other items: only this one is left
        service.add_batch("acme", "b1", [])
    html = client_for("ann").get(f"/clients/acme/documents/{item.doc_id}").text
    assert 'id="page-problem"' in html and "E614" in html
    assert f'<tr data-item="{item.item_id}">' in html  # the values are still listed


def test_another_clients_document_is_refused(client_for: Any, web_env: Any) -> None:
    doc_id = acme_items(web_env)[0].doc_id
    gil = client_for("gil")
    assert gil.get(f"/clients/acme/documents/{doc_id}").status_code == 404
    ann = client_for("ann")
    assert ann.get(f"/clients/globex/documents/{doc_id}").status_code == 404
    missing = ann.get("/clients/acme/documents/" + "0" * 64)
    assert missing.status_code == 404 and "E608" in missing.text


def bulk(client: Any, ids: list[int], *, csrf: bool = True) -> Any:
    token = csrf_of(client.get("/clients/acme").text)
    data: dict[str, Any] = {"item": [str(i) for i in ids], "back": "/clients/acme?status=all"}
    if csrf:
        data["csrf_token"] = token
    return client.post("/clients/acme/accept", data=data)


def test_bulk_accept_accepts_the_chosen_items_and_says_why_for_the_others(
    client_for: Any, web_env: Any
) -> None:
    items = [i for i in acme_items(web_env) if i.value is not None]
    first, second, taken = items[:3]
    with web_env.service() as service:
        service.claim(taken.item_id, "bob", "acme")
    ann = client_for("ann")
    globex = web_env.globex_ids[0]
    got = bulk(ann, [first.item_id, second.item_id, taken.item_id, globex])
    assert got.status_code == 200 and "Accepted 2 of 4" in got.text
    outcome = {int(item): kind for kind, item in re.findall(
        r'<tr class="(ok|failed)" data-item="(\d+)"', got.text)}  # fmt: skip
    assert outcome == {
        first.item_id: "ok", second.item_id: "ok", taken.item_id: "failed", globex: "failed",
    }  # fmt: skip
    assert "E502" in got.text  # taken: claimed by bob, and says so
    assert 'href="/clients/acme?status=all"' in got.text
    with web_env.service() as service:
        for item in (first, second):
            decided = service.show(item.item_id).decision
            assert decided and decided.decision.action == "accept" and decided.reviewer == "ann"
        assert service.show(taken.item_id).decision is None
        assert service.show(globex).decision is None


def test_bulk_accept_needs_the_csrf_token_and_a_decider(client_for: Any, web_env: Any) -> None:
    item = next(i for i in acme_items(web_env) if i.value is not None)
    forged = bulk(client_for("ann"), [item.item_id], csrf=False)
    assert forged.status_code == 403 and "E607" in forged.text
    analyst = bulk(client_for("vic"), [item.item_id])
    assert analyst.status_code == 403 and "E609" in analyst.text
    with web_env.service() as service:
        assert service.show(item.item_id).decision is None


def test_the_progress_line_counts_todays_decisions_and_the_queue_left(
    client_for: Any, web_env: Any
) -> None:
    items = acme_items(web_env)
    ann = client_for("ann")
    before = ann.get("/clients/acme").text
    assert "you decided 0 today (0 in all)" in before
    assert f"{len(items)} open" in before and "oldest open" in before
    accepted = [i.item_id for i in items if i.value is not None][:2]
    bulk(ann, accepted)
    after = ann.get("/clients/acme").text
    assert "you decided 2 today (2 in all)" in after
    assert f"{len(items) - 2} open" in after


def test_claim_next_follows_the_lists_order(client_for: Any, web_env: Any) -> None:
    items = [i for i in acme_items(web_env) if i.confidence is not None]
    ann = client_for("ann")
    token = csrf_of(ann.get("/clients/acme?sort=confidence&order=desc").text)
    got = ann.post("/clients/acme/next", data={"csrf_token": token}, follow_redirects=False)
    best = max(items, key=lambda i: (i.confidence, -i.item_id))
    assert got.headers["location"] == f"/items/{best.item_id}"
