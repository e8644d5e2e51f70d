"""A document type's own models load with its first document, not before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kpo.errors import ModelError
from kpo.models.fields import FieldExtractor
from kpo.models.paths import default_model_dir

from .field_docs import CLAIM, CONTRACT, GOVERNING, PAPER, make_doc


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[FieldExtractor, FieldExtractor]:
    """An extractor whose paper and contract models are damaged, and a sound one."""
    folder = tmp_path_factory.mktemp("models") / "damaged"
    shutil.copytree(default_model_dir(), folder)
    for name in ("header_lines.skops", "party_ranker.skops", "date_ranker.skops"):
        (folder / name).write_bytes(b"not a model")
    return FieldExtractor(model_dir=str(folder)), FieldExtractor()


def test_a_document_never_loads_the_models_of_other_types(
    damaged: tuple[FieldExtractor, FieldExtractor],
) -> None:
    broken, sound = damaged
    fields = broken(make_doc(CLAIM), "claim")
    assert fields == sound(make_doc(CLAIM), "claim")  # the same values and model version


@pytest.mark.parametrize(("doc_type", "lines"), [("research_paper", PAPER),
                                                 ("contract", CONTRACT + GOVERNING)])  # fmt: skip
def test_a_damaged_model_fails_the_documents_of_its_type(
    damaged: tuple[FieldExtractor, FieldExtractor], doc_type: str, lines: list
) -> None:
    with pytest.raises(ModelError, match="E202"):
        damaged[0](make_doc(lines), doc_type)  # type: ignore[arg-type]


def test_the_model_version_names_every_model_without_loading_them(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    shutil.copytree(default_model_dir(), folder)
    for name in ("header_lines.skops", "header_crf.crfsuite", "party_ranker.skops"):
        (folder / name).write_bytes(b"not a model")
    version = FieldExtractor(model_dir=str(folder)).model_version
    assert version == FieldExtractor().model_version
    assert "+header-" in version and "+parties-" in version and "+dates-" in version


def test_a_batch_fails_only_the_documents_whose_model_is_damaged(tmp_path: Path) -> None:
    from kpo.datasets.generator import write_sample_batch
    from kpo.ingest import ingest
    from kpo.pipeline import DocumentProcessor
    from kpo.settings import PipelineSettings

    folder = tmp_path / "models"
    shutil.copytree(default_model_dir(), folder)
    (folder / "party_ranker.skops").write_bytes(b"not a model")
    write_sample_batch(tmp_path / "in")
    settings = PipelineSettings(model_dir=str(folder))
    with DocumentProcessor(settings, sandbox=False, strict=False) as process:
        results = [process(file) for file in ingest([tmp_path / "in"])]
    types = {r.classification.doc_type for r in results if r.classification}
    failed = [r for r in results if r.status == "failed" and r.message and "E202" in r.message]
    assert failed and all("party_ranker.skops" in (r.message or "") for r in failed)
    assert {"research_paper", "claim"} <= types  # the other types went through
