"""Real documents for the document-type classifier: labelled sets and GROBID's paper headers.

``real_examples`` reads each labelled set given to ``kpo train --real`` (``labels.jsonl``
and ``pdfs/``, such as CUAD's contracts): every typed document's first pages, grouped by
source (the filer of an EDGAR exhibit). A copy of GROBID's header corpus (``tei/`` and
``raw/``) is not training data for the classifier: ``header_examples`` reads the header
text of its real papers (the tokens of each feature file, a line per printed line) for
checks such as ``benchmarks/bench_classifier.py``. Trained on, those short texts taught
the model "short real text -> paper": in the grouped cross-validation held-out policy
wordings fell from 0.96 to 0.70, while the header check itself is 0.87 without them.

Real documents weigh less than generated ones in the fit (``DEFAULT_REAL_WEIGHT``), and
files that are missing or unreadable are skipped: one bad file does not stop training.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from kpo.datasets.labels import read_labels
from kpo.models.classifier import DEFAULT_MAX_PAGES
from kpo.models.classifier_eval import Example

__all__ = ["DEFAULT_REAL_WEIGHT", "header_examples", "header_text", "real_examples"]

# What a real document weighs against a generated one. The labelled real sets hold one
# type (contracts): at full weight the model learns "text of a real PDF -> contract" (30
# of GROBID's 730 real paper headers called contracts, against 1 without real data); at
# a quarter about 10, and held-out real contracts are still recognised.
DEFAULT_REAL_WEIGHT = 0.25


def real_examples(
    roots: Sequence[Path], max_pages: int = DEFAULT_MAX_PAGES, weight: float = DEFAULT_REAL_WEIGHT
) -> list[Example]:
    """The typed documents of the real labelled sets under ``roots``; header corpora skipped."""
    from kpo.models.train_headers import is_header_corpus

    examples: list[Example] = []
    for root in map(Path, roots):
        if not is_header_corpus(root):
            examples += labelled_examples(root, max_pages, weight)
    return examples


def labelled_examples(root: Path, max_pages: int, weight: float) -> list[Example]:
    """A labelled set's typed documents, grouped by source (``source_group``)."""
    from kpo.models.train_classifier import pdf_text
    from kpo.models.train_confidence import source_group

    examples = []
    for record in read_labels(root / "labels.jsonl"):
        try:
            text = pdf_text(root / "pdfs" / record.file, max_pages)
        except (OSError, pdfium.PdfiumError):
            continue
        if record.doc_type:
            group = f"real:{source_group(record)}"
            examples.append(Example(text, record.doc_type, group, f"real:{root.name}", weight))
    return examples


def header_text(path: Path) -> str:
    """A GROBID feature file back to text: its tokens, a new line at each LINESTART."""
    lines: list[list[str]] = []
    for row in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = row.split()
        if parts:
            if not lines or "LINESTART" in parts[1:14]:
                lines.append([])
            lines[-1].append(parts[0])
    return "\n".join(" ".join(line) for line in lines)


def header_examples(root: Path, weight: float = DEFAULT_REAL_WEIGHT) -> list[Example]:
    """The header text of every paper of a GROBID header corpus, each its own group."""
    examples = []
    for path in sorted((root / "raw").glob("*.training.header")):
        try:
            text = header_text(path)
        except OSError:
            continue
        name = path.name.removesuffix(".training.header")
        examples.append(
            Example(text, "research_paper", f"real:grobid:{name}", f"real:{root.name}", weight)
        )
    return examples
