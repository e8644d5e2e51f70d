"""The core stays light: `kpo --help` must not pay for Ray, pdfplumber or spaCy."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE = ["kpo.cli", "kpo.batch", "kpo.pipeline", "kpo.records", "kpo.settings", "kpo.workspace"]
HEAVY = ["ray", "pdfplumber", "spacy", "sklearn", "pypdfium2"]


def test_importing_the_core_loads_no_heavy_library() -> None:
    code = (
        f"import sys\nimport {', '.join(CORE)}\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_wheel_has_one_top_level_package(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = tmp_path.glob("kpo-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"kpo"}
    for sub in ("extractors", "models", "jobs", "datasets"):
        assert f"kpo/{sub}/__init__.py" in names
