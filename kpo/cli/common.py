"""Options and helpers shared by every ``kpo`` command."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kpo.errors import KpoError
from kpo.settings import DEFAULT_WORKSPACE

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def workspace_option(func: F) -> F:
    """``--workspace DIR`` (or KPO_WORKSPACE), the same on every command."""
    return click.option(
        "--workspace",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="KPO_WORKSPACE",
        default=DEFAULT_WORKSPACE,
        show_default=True,
        show_envvar=True,
        help="Workspace folder: batches, review queue, kpo.toml settings.",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def user_errors(func: F) -> F:
    """Turn library errors into a clean message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KpoError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True, default=str))
