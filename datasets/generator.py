"""Generate labelled synthetic PDFs: contracts, research papers, claims and hard negatives.

Every document is a pure function of its seed (``document_seed(seed, i)``), so a corpus
is reproducible from ``(n, seed)``. PDFs go under ``out_dir/pdfs/<doc_type>/`` and the
labels (corpus format plus gold boxes, see ``kpo.datasets.labels``) to
``out_dir/labels.jsonl``.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from faker import Faker

from kpo.datasets.claims import build_claim
from kpo.datasets.contracts import build_contract
from kpo.datasets.drawing import draw, field_boxes
from kpo.datasets.labels import LabelRecord, write_labels
from kpo.datasets.layouts import place
from kpo.datasets.near_miss import NEAR_MISS, PREFIX
from kpo.datasets.others import build_other
from kpo.datasets.papers import build_paper
from kpo.datasets.spec import DocSpec
from kpo.datasets.vocab import Ctx
from kpo.records import DOC_TYPES, DocType

BUILDERS: dict[DocType, Callable[[Ctx], DocSpec]] = {
    "contract": build_contract,
    "research_paper": build_paper,
    "claim": build_claim,
    "other": build_other,
}
SPLITS = ("train", "val", "test")


@cache
def faker() -> Faker:
    return Faker("en_US")


def document_seed(seed: int, index: int) -> int:
    digest = hashlib.sha256(f"kpo-doc:{seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def build(doc_type: DocType, doc_seed: int) -> DocSpec:
    """The document of ``doc_type`` for ``doc_seed`` (before layout)."""
    fake = faker()
    fake.seed_instance(doc_seed)
    return BUILDERS[doc_type](Ctx(fake, random.Random(doc_seed)))


def build_near_miss(kind: str, doc_seed: int) -> DocSpec:
    """The near-miss document of ``kind`` (a ``NEAR_MISS`` key) for ``doc_seed``.

    Its kind is ``near_<kind>:<template>``; its type is the one ``NEAR_MISS`` gives.
    """
    fake = faker()
    fake.seed_instance(doc_seed)
    spec = NEAR_MISS[kind][1](Ctx(fake, random.Random(doc_seed)))
    return replace(spec, kind=f"{PREFIX}{spec.kind}")


def render(spec: DocSpec, path: Path) -> tuple[int, dict[str, list[float]]]:
    """Write the PDF; return its page count and the gold box of every tagged field."""
    frame = place(spec.front, spec.body, spec.layout)
    draw(path, frame, title=spec.title)
    return max((p.page for p in frame.placed), default=1), field_boxes(frame)


def write_document(
    out_dir: Path, name: str, doc_type: DocType, doc_seed: int, near_miss: str | None = None
) -> LabelRecord:
    """Write one document; a ``near_miss`` kind replaces the builder of ``doc_type``."""
    spec = build(doc_type, doc_seed) if near_miss is None else build_near_miss(near_miss, doc_seed)
    rel = Path("pdfs") / spec.doc_type / f"{name}.pdf"
    (out_dir / rel.parent).mkdir(parents=True, exist_ok=True)
    pages, boxes = render(spec, out_dir / rel)
    return LabelRecord(
        file=str(rel.relative_to("pdfs")),
        doc_type=spec.doc_type,
        fields=dict(spec.gold.values),
        pages=pages,
        sha256=hashlib.sha256((out_dir / rel).read_bytes()).hexdigest(),
        boxes={k: tuple(v) for k, v in boxes.items()},
        raw={k: v for k, v in spec.gold.raw.items() if k in boxes},
        kind=spec.kind,
        seed=doc_seed,
    )


def pick_split(doc_seed: int, ratios: Sequence[float]) -> str:
    r = random.Random(doc_seed ^ 0x5EED).random() * sum(ratios)
    for name, ratio in zip(SPLITS, ratios, strict=True):
        if r < ratio:
            return name
        r -= ratio
    return SPLITS[-1]


def generate_corpus(
    out_dir: Path,
    n: int,
    seed: int,
    *,
    types: Sequence[DocType] = DOC_TYPES,
    split_ratios: tuple[float, float, float] = (0.7, 0.15, 0.15),
    scanned_share: float = 0.0,
    near_miss_share: float = 0.0,
) -> list[LabelRecord]:
    """Write ``n`` documents (types in turn) and ``labels.jsonl``; return their labels.

    A ``scanned_share`` of the documents also get a scanned variant (image only, same
    labels, ``scanned: true``; see ``kpo.datasets.scan``) in the same split. A
    ``near_miss_share`` of them are near misses instead (``kpo.datasets.near_miss``),
    the kinds in turn; their files are named ``near_<kind>_<i>``.
    """
    from kpo.datasets.scan import scanned_record

    out_dir.mkdir(parents=True, exist_ok=True)
    records = []
    kinds, near = sorted(NEAR_MISS), 0
    for i in range(n):
        doc_type, doc_seed = types[i % len(types)], document_seed(seed, i)
        kind = None
        if random.Random(doc_seed ^ 0x4EA5).random() < near_miss_share:
            kind, near = kinds[near % len(kinds)], near + 1
        name = f"{doc_type}_{i:05d}" if kind is None else f"{PREFIX}{kind}_{i:05d}"
        record = write_document(out_dir, name, doc_type, doc_seed, kind)
        records.append(replace(record, split=pick_split(doc_seed, split_ratios)))
        if random.Random(doc_seed ^ 0x5CA7).random() < scanned_share:
            records.append(scanned_record(out_dir, records[-1], doc_seed))
    write_labels(out_dir / "labels.jsonl", records)
    return records


def write_sample_batch(out_dir: Path, seed: int = 7) -> list[Path]:
    """The demo batch: one small PDF of each type and one broken file (a truncated PDF)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, doc_type in enumerate(DOC_TYPES):
        for attempt in range(50):
            doc_seed = document_seed(seed, 100 * i + attempt)
            spec = build(doc_type, doc_seed)
            path = out_dir / f"sample_{doc_type}.pdf"
            pages, _ = render(spec, path)
            if pages <= 3:
                break
        paths.append(path)
    broken = out_dir / "sample_broken_truncated.pdf"
    broken.write_bytes(paths[0].read_bytes()[:900])
    return [*paths, broken]
