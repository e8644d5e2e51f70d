"""Two clients, identical files, concurrent batches: each deliverable holds only its own client.

Runs the real pipeline in-process (``workers=0``) on the generated sample batch, two
batches at once in threads, then two different review decisions on the same value.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kpo.batch import BatchRequest, BatchSummary, run_batch
from kpo.deliver.build import DeliveryRequest, DeliveryResult, deliver
from kpo.deliver.schema import SCHEMAS
from kpo.deliver.verify import open_location, verify
from kpo.errors import ConfigError
from kpo.review.model import Decision
from kpo.review.queue import ReviewQueue

CLIENTS = {"acme": "rita", "globex": "gus"}


def _run_concurrently(ws: Path, files: list[Path]) -> dict[str, BatchSummary]:
    summaries: dict[str, BatchSummary] = {}
    errors: list[BaseException] = []

    def run(client: str) -> None:
        try:
            request = BatchRequest([str(f) for f in files], client, ws, batch_id="w1", workers=0)
            summaries[client] = run_batch(request)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in CLIENTS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return summaries


def _decide_first_item(ws: Path, client: str, reviewer: str, value: str) -> str:
    """Correct the first open item of ``client`` with ``value``; return its field."""
    with ReviewQueue(ws / "review.sqlite") as queue:
        item = next(i for i in queue.list_items() if i.client == client and i.field)
        claim = queue.claim(item.item_id, reviewer, client)
        queue.decide(item.item_id, reviewer, claim.token, Decision("correct", value=value))
    assert item.field
    return item.field


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DeliveryResult]:
    from kpo.datasets.generator import write_sample_batch

    files = write_sample_batch(tmp_path_factory.mktemp("in"))
    ws = tmp_path_factory.mktemp("ws")
    # every accepted value also goes to review, so each client has field items to decide
    (ws / "kpo.toml").write_text("[review]\naudit_rate = 1.0\n", encoding="utf-8")
    _run_concurrently(ws, files)
    for client, reviewer in CLIENTS.items():
        _decide_first_item(ws, client, reviewer, f"decided for {client}")
    return {c: deliver(DeliveryRequest(c, "w1", ws, out=ws / "out")) for c in CLIENTS}


@pytest.mark.slow
@pytest.mark.parametrize("client", list(CLIENTS))
def test_each_deliverable_holds_only_its_own_client(
    deliveries: dict[str, DeliveryResult], client: str
) -> None:
    result = deliveries[client]
    assert Path(result.location).parts[-3:] == (client, "w1", "v1")
    verify(result.location)
    for name in SCHEMAS:
        table = pq.read_table(Path(result.location) / f"{name}.parquet")
        assert set(table["client"].to_pylist()) <= {client}, name
        assert table.schema.metadata[b"client"] == client.encode()
    fields = pq.read_table(Path(result.location) / "fields.parquet").to_pylist()
    decided = [r for r in fields if r["source"] == "reviewer"]
    assert [(r["reviewer"], r["value"]) for r in decided] == [
        (CLIENTS[client], f"decided for {client}")
    ]
    assert all(str(r["value"]).find("decided for") < 0 for r in fields if r["source"] != "reviewer")


@pytest.mark.slow
def test_identical_files_keep_their_ids_but_never_mix(
    deliveries: dict[str, DeliveryResult],
) -> None:
    ids = {
        c: pq.read_table(Path(r.location) / "documents.parquet")["doc_id"].to_pylist()
        for c, r in deliveries.items()
    }
    assert ids["acme"] == ids["globex"] and len(ids["acme"]) == 5
    assert deliveries["acme"].location != deliveries["globex"].location


@pytest.mark.parametrize("name", ["../globex", "..", "/etc", "a/b", "a\\b", "acme/../globex", ""])
def test_client_and_batch_names_cannot_be_paths(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match="E003"):
        DeliveryRequest(name, "w1", tmp_path)
    with pytest.raises(ConfigError, match="E009"):
        DeliveryRequest("acme", name, tmp_path)


@pytest.mark.parametrize("part", ["..", ".", "", "../x", "/abs", "a/b", "a\\b"])
def test_no_output_path_leaves_its_root(tmp_path: Path, part: str) -> None:
    root = open_location(tmp_path / "out")
    with pytest.raises(ConfigError, match="E702"):
        root.child("acme", part)
