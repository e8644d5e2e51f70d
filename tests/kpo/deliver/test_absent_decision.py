"""A value marked "not in the document" by a reviewer is delivered as absent, with no value."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pyarrow.parquet as pq

from kpo.deliver.build import DeliveryRequest, deliver
from kpo.review.model import Decision


def test_an_absent_decision_delivers_the_field_as_absent(
    deliver_sample: ModuleType, tmp_path: Path
) -> None:
    ws = deliver_sample.build(tmp_path / "ws")
    deliver_sample.decide(ws, "acme", "a", "parties", Decision("absent"))
    result = deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path / "out"))
    fields = pq.read_table(Path(result.location) / "fields.parquet").to_pylist()
    [beta] = [r for r in fields if r["doc_id"][0] == "a" and r["field"] == "parties"
              and r["value_index"] == 1]  # fmt: skip
    assert (beta["status"], beta["value"], beta["raw"]) == ("absent", None, None)
    assert (beta["review_action"], beta["source"], beta["reviewer"]) == ("absent", "reviewer",
                                                                         "rita")  # fmt: skip
    assert beta["model_value"] == "Beta LLC" and beta["x0"] is None
    contracts = pq.read_table(Path(result.location) / "contracts.parquet").to_pylist()
    [contract] = [r for r in contracts if r["doc_id"][0] == "a"]
    assert contract["parties"] == ["Acme Corp"]
