"""Loading spaCy pipelines by name, once per process."""

from __future__ import annotations

import pytest

from kpo.errors import ModelError
from kpo.models.nlp import load_pipeline, pipeline_version


def test_default_pipeline_keeps_only_the_entity_recogniser() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names == ["ner"]
    labels = {ent.label_ for ent in nlp("Acme Corp. paid $5,000 on April 17, 2019.").ents}
    assert {"ORG", "MONEY", "DATE"} <= labels


def test_pipeline_is_cached_per_process() -> None:
    assert load_pipeline() is load_pipeline()


def test_full_pipeline_on_request() -> None:
    assert "parser" in load_pipeline(only_ner=False).pipe_names


def test_missing_pipeline_raises_e201() -> None:
    with pytest.raises(ModelError, match=r"E201.*no_such_pipeline_xyz"):
        load_pipeline("no_such_pipeline_xyz")


def test_version_names_the_pipeline() -> None:
    assert "core_web_sm" in pipeline_version(load_pipeline())
