"""Generate the README's reference sections from the code (schemas, reason codes).

``python -m kpo.cli.docs`` rewrites the blocks between ``<!-- generated:NAME -->`` and
``<!-- end:NAME -->`` in README.md; a test fails when the README is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kpo.deliver.readme import deliverable_markdown
from kpo.reasons import ReasonCode
from kpo.schema import SCHEMA_VERSION, TABLES_BY_NAME
from kpo.schema_docs import table_markdown


def schema_markdown() -> str:
    parts = [f"Schema version `{SCHEMA_VERSION}`.", ""]
    parts += [table_markdown(f"{n}.parquet", s) + "\n" for n, s in TABLES_BY_NAME.items()]
    return "\n".join(parts).rstrip()


def reasons_markdown() -> str:
    return ", ".join(f"`{code}`" for code in ReasonCode)


BLOCKS = {
    "schema": schema_markdown,
    "reasons": reasons_markdown,
    "deliverable": deliverable_markdown,
}


def _escape(text: str) -> str:
    """Make generated text safe as a regex replacement."""
    return text.replace("\\", "\\\\")


def render(readme: str) -> str:
    """The README text with every generated block brought up to date."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n)(?:.*?\n)?(<!-- end:{name} -->)", re.S)
        readme = pattern.sub(rf"\g<1>{_escape(make())}\n\g<2>", readme)
    return readme


def main(path: str = "README.md") -> None:
    readme = Path(path)
    readme.write_text(render(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
