from __future__ import annotations

from pathlib import Path

import pytest

from kpo.errors import ConfigError
from kpo.settings import Limits, PipelineSettings, ReviewThresholds, validate_name
from kpo.workspace import Workspace


def test_unknown_key_names_the_key_and_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"E001.*'timeout'.*timeout_s"):
        Limits.resolve({"timeout": 3})


def test_bad_value_names_key_and_value() -> None:
    with pytest.raises(ConfigError, match=r"E002.*-1.*limits.memory_mb"):
        Limits(memory_mb=-1)
    with pytest.raises(ConfigError, match=r"review.field"):
        ReviewThresholds(field=1.5)
    with pytest.raises(ConfigError, match=r"not a document type"):
        ReviewThresholds(field_by_type={"invoice": 0.5})


@pytest.mark.parametrize("name", ["../etc", "a/b", "..", "", "x" * 65, "a\\b", ".hidden"])
def test_unsafe_client_names_are_refused(name: str) -> None:
    with pytest.raises(ConfigError, match="E003"):
        validate_name(name)


def test_resolve_accepts_none_dict_and_instance() -> None:
    assert PipelineSettings.resolve(None) == PipelineSettings()
    settings = PipelineSettings.resolve({"limits": {"timeout_s": 5}})
    assert settings.limits.timeout_s == 5
    assert PipelineSettings.resolve(settings) is settings


def test_workspace_config_applies_client_overrides(tmp_path: Path) -> None:
    (tmp_path / "kpo.toml").write_text(
        "[review]\nfield = 0.6\n"
        "[limits]\ntimeout_s = 30\n"
        "[clients.acme.review]\nfield = 0.9\n"
        "[clients.acme.review.field_by_type]\nclaim = 0.95\n"
    )
    ws = Workspace(tmp_path)
    acme, other = ws.pipeline_settings("acme"), ws.pipeline_settings("globex")
    assert acme.review.field == 0.9 and acme.review.field_threshold("claim") == 0.95
    assert acme.limits.timeout_s == 30
    assert other.review.field == 0.6 and other.review.field_threshold("claim") == 0.6


def test_broken_workspace_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "kpo.toml").write_text("[review\n")
    with pytest.raises(ConfigError, match="E008"):
        Workspace(tmp_path).pipeline_settings("acme")


@pytest.mark.parametrize("name", ["acme\n", "b1\n"])
def test_names_ending_in_a_newline_are_refused_everywhere(name: str) -> None:
    """Regression: ``re.match`` with ``$`` let a trailing newline through (a folder named
    'acme\\n', a user who can never be typed)."""
    from kpo.cli.review.tokens import resolve_reviewer
    from kpo.review.users import validate_user

    with pytest.raises(ConfigError, match="E003"):
        validate_name(name)
    with pytest.raises(ConfigError, match="E009"):
        validate_name(name, kind="batch")
    with pytest.raises(ConfigError, match="E603"):
        validate_user(name, "admin", ())
    with pytest.raises(ConfigError, match="E510"):
        resolve_reviewer(name)
