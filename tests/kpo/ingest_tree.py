"""Helpers of the ingest tests: input trees built from a copied PDF, entries by file name."""

from __future__ import annotations

import os
from pathlib import Path

from kpo.records import InputFile


def by_name(files: list[InputFile]) -> dict[str, InputFile]:
    return {os.path.basename(f.path): f for f in files}


def copy_file(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target
