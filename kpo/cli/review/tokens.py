"""Who the reviewer is, and where the terminal keeps their claim tokens.

The queue stores each claim as (reviewer, token). So that a reviewer can run
``kpo review next`` and then ``kpo review accept ID`` (and ``undo ID``) in the same
terminal, the CLI keeps the tokens it got in a small private file per reviewer in
the workspace (``WORKSPACE/.review-claims/REVIEWER.json``, mode 0600), keyed by
queue location and item id, the newest 100 items' at most. ``--token`` overrides it.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from pathlib import Path

from kpo.errors import ConfigError, Errors

CLAIMS_DIR = ".review-claims"
# a decision keeps its token (to undo it while the lease holds): the oldest ones go
MAX_TOKENS = 100
_REVIEWER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def resolve_reviewer(name: str | None = None) -> str:
    """``name``, else KPO_USER, else the login name; ConfigError (E510) if unsafe."""
    reviewer = name or os.environ.get("KPO_USER") or getpass.getuser()
    if not _REVIEWER_RE.fullmatch(reviewer):
        raise ConfigError(Errors.E510.format(name=reviewer))
    return reviewer


def _number(item_id: str) -> int:
    return int(item_id) if item_id.isdigit() else -1


class ClaimFile:
    """The claim tokens one reviewer holds, per queue location."""

    def __init__(self, workspace: Path, reviewer: str, location: str) -> None:
        self.path = Path(workspace) / CLAIMS_DIR / f"{resolve_reviewer(reviewer)}.json"
        self.location = location

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(tmp, self.path)

    def get(self, item_id: int) -> str | None:
        return self._read().get(self.location, {}).get(str(item_id))

    def put(self, item_id: int, token: str) -> None:
        """Keep ``token`` for ``item_id``; only the newest MAX_TOKENS items' tokens stay."""
        data = self._read()
        tokens = data.setdefault(self.location, {})
        tokens[str(item_id)] = token
        for old in sorted(tokens, key=_number)[:-MAX_TOKENS]:
            del tokens[old]
        self._write(data)

    def drop(self, item_id: int) -> None:
        data = self._read()
        if data.get(self.location, {}).pop(str(item_id), None) is not None:
            self._write(data)
