"""Document types on documents a model never saw: near misses, real paper headers, real sets.

Scores one or more saved document-type models (``doc_type.skops``, default: the one
shipped with kpo) on:

- ``near_miss``: freshly generated near misses (``kpo.datasets.near_miss``: policies,
  hospital bills, explanations of benefits, invoices, statistics, slides, manuals as
  ``other``; papers about insurance; blank claim forms), from a seed that ``kpo train``
  never uses, so no document was in training (their templates may have been);
- ``grobid``: the header text of the real papers of GROBID's header corpus (the tokens of
  its feature files, one line per printed line: only the top of a first page, so a
  harder test than a whole paper); all ``research_paper``;
- every ``--real DIR`` (``labels.jsonl`` and ``pdfs/``): its typed documents, first pages.
  (``kpo train`` does not train the classifier on them: see ``classifier_real``).
  Only meaningful for a model not trained on that set: the model card's held-out
  evaluation (``metrics.held_out``) is the honest figure for the sets a model saw.

Printed per model and set: accuracy, the confusion matrix (rows true, columns predicted,
in DOC_TYPES order) and, for near misses, the accuracy of each kind.

    .venv/bin/python benchmarks/bench_classifier.py
    .venv/bin/python benchmarks/bench_classifier.py --model models/default/doc_type.skops \\
        --model /tmp/new/doc_type.skops --grobid ../shared/corpus-train/grobid-header
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kpo.datasets.generator import generate_corpus
from kpo.models.classifier import DocTypeClassifier, default_model_path
from kpo.models.classifier_eval import Example, by_kind, scores
from kpo.models.classifier_real import header_examples, real_examples
from kpo.models.train_classifier import generated_examples

FRESH_SEED = 777  # kpo train uses 20240601 and the next seeds


def near_misses(n: int) -> list[Example]:
    with tempfile.TemporaryDirectory(prefix="kpo-bench-near-") as tmp:
        records = generate_corpus(
            Path(tmp), n, FRESH_SEED, near_miss_share=1.0, split_ratios=(1, 0, 0)
        )
        return generated_examples(Path(tmp), records, "train")


def report(name: str, model: DocTypeClassifier, examples: Sequence[Example]) -> None:
    predicted = [str(p) for p in model.predict([e.text for e in examples])]
    result = scores([e.label for e in examples], predicted)
    print(f"  {name:10} n={result['n']:4}  accuracy {result['accuracy']:.4f}  "
          f"confusion {result['confusion']}")  # fmt: skip
    if name == "near_miss":
        kinds = by_kind(examples, predicted)
        print("    " + ", ".join(f"{k[5:]} {v['accuracy']:.2f}" for k, v in kinds.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", type=Path, help="doc_type.skops (repeatable)")
    parser.add_argument("--near-miss", type=int, default=450, help="near misses to generate")
    parser.add_argument("--grobid", type=Path, help="GROBID header corpus (raw/ and tei/)")
    parser.add_argument("--real", action="append", type=Path, default=[], help="labelled set")
    args = parser.parse_args()
    sets = {"near_miss": near_misses(args.near_miss)}
    if args.grobid:
        sets["grobid"] = header_examples(args.grobid)
    for root in args.real:
        sets[root.name] = real_examples([root])
    for path in args.model or [default_model_path()]:
        model = DocTypeClassifier.load(path)
        print(f"{path} ({getattr(model, 'version_', '?')})")
        for name, examples in sets.items():
            report(name, model, examples)


if __name__ == "__main__":
    main()
