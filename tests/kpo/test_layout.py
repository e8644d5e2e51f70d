"""The package layout stays true: imports flow one way, modules stay small.

Read from the modules' own import statements (function-level ones included), so a
new import that breaks the layout fails here, whatever it was meant for.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# installed package -> source folder (pyproject.toml maps the stage folders into kpo)
SOURCES = {
    "kpo": REPO / "kpo",
    "kpo.extractors": REPO / "extractors",
    "kpo.models": REPO / "models",
    "kpo.jobs": REPO / "jobs",
    "kpo.datasets": REPO / "datasets",
}
SUBPACKAGES = ("cli", "web", "review", "deliver", "evaluation", "normalise")
STAGES = ("extractors", "models", "jobs", "datasets")
# the core modules that run the stages (kpo/__init__.py); the rest of the core is its base
RUNNERS = {
    "kpo.pipeline", "kpo.executors", "kpo.batch", "kpo.batch_request", "kpo.publish", "kpo.status"
}  # fmt: skip
# area -> the areas it may import (besides itself); faces (cli, web) at the top
MAY_IMPORT: dict[str, set[str]] = {
    "base": set(),
    "normalise": {"base"},
    "review": {"base", "normalise"},
    "extractors": {"base"},
    "datasets": {"base", "extractors"},
    "models": {"base", "normalise", "extractors", "datasets"},
    "runners": {"base", "review", "extractors", "models"},
    "deliver": {"base", "normalise", "review"},
    "evaluation": {"base", "normalise", "datasets", "models", "runners"},
    "jobs": {"base", "extractors", "models", "runners"},
    "web": {"base", "review", "deliver"},
    "cli": {"base", "normalise", "review", "deliver", "evaluation", "models", "runners", "web"},
}
# what another area may use of a face: its front door, never its internals
FRONT_DOORS = {"web": {"kpo.web", "kpo.web.app", "kpo.web.settings"}}
MAX_LINES = 300
# the numbered-message catalogue is one list by design (as spaCy's errors.py): a reader
# finds every code in one place; it may grow past the limit, not past this
LONG_BY_DESIGN = {"kpo/errors.py": 400}


def area(module: str) -> str:
    """The area of a module name: a sub-package, a stage, the core's runners or base."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in (*SUBPACKAGES, *STAGES):
        return parts[1]
    return "runners" if module in RUNNERS else "base"


def modules() -> Iterator[tuple[str, Path]]:
    for package, folder in SOURCES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if package == "kpo" and parts[0] in ("extractors", "models", "jobs", "datasets"):
                continue
            name = ".".join((package, *parts)).removesuffix(".__init__")
            yield name, path


def kpo_imports(path: Path) -> Iterator[str]:
    """Every kpo module or name that ``path`` imports, at any level of the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        yield from (name for name in found if name == "kpo" or name.startswith("kpo."))


@cache
def known_modules() -> frozenset[str]:
    return frozenset(module for module, _ in modules())


def target(name: str) -> str:
    """The module an imported name lives in (``kpo.batch.run_batch`` -> ``kpo.batch``)."""
    known = known_modules()
    while name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def allowed(importer: str, imported: str) -> bool:
    """Whether module ``importer`` may import module ``imported``."""
    source, to = area(importer), area(imported)
    if to == source or imported == "kpo":  # kpo itself holds only __version__
        return True
    return to in MAY_IMPORT[source] and imported in FRONT_DOORS.get(to, {imported})


def violations() -> list[str]:
    return [
        f"{module} ({area(module)}) imports {imported} ({area(imported)})"
        for module, path in modules()
        for imported in map(target, kpo_imports(path))
        if not allowed(module, imported)
    ]


def test_imports_flow_one_way() -> None:
    assert violations() == []


def test_the_allowed_directions_have_no_cycle() -> None:
    seen: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " -> ".join((*path, node))
        if node not in seen:
            seen.add(node)
            for nxt in MAY_IMPORT[node]:
                visit(nxt, (*path, node))

    for node in MAY_IMPORT:
        visit(node, ())


def test_every_module_has_an_area_with_rules() -> None:
    assert {area(module) for module, _ in modules()} == set(MAY_IMPORT)


@pytest.mark.parametrize(
    ("importer", "imported", "ok"),
    [
        ("kpo.batch", "kpo.jobs.ray_executor", False),  # core -> engine
        ("kpo.records", "kpo.pipeline", False),  # base -> runners
        ("kpo.review.service", "kpo.deliver.build", False),  # sideways
        ("kpo.cli.serve", "kpo.web.sessions", False),  # a face's internals
        ("kpo.cli.serve", "kpo.web.app", True),  # its front door
        ("kpo.web.app", "kpo.cli.run", False),  # face -> face
        ("kpo.jobs.ray_actor", "kpo.pipeline", True),
        ("kpo.models.train", "kpo.evaluation.scoring", False),
    ],
)
def test_the_rules_tell_a_wrong_import_from_a_right_one(
    importer: str, imported: str, ok: bool
) -> None:
    assert allowed(importer, imported) is ok


def test_no_module_left_in_kpo_that_a_subpackage_holds() -> None:
    top = {p.stem for p in (REPO / "kpo").glob("*.py")}
    prefixed = {n for n in top if n.split("_")[0] in (*SUBPACKAGES, "scoring", "report")}
    assert prefixed == set()


def test_every_subpackage_says_what_it_holds_and_may_import() -> None:
    for name in SUBPACKAGES:
        doc = ast.get_docstring(ast.parse((REPO / "kpo" / name / "__init__.py").read_text()))
        assert doc and "May import" in doc, name


def test_no_module_is_longer_than_about_300_lines() -> None:
    long = {}
    for _, path in modules():
        rel = path.relative_to(REPO).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LONG_BY_DESIGN.get(rel, MAX_LINES):
            long[rel] = lines
    assert long == {}
