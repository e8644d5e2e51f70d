"""kpo: a document-analysis pipeline for knowledge-process-outsourcing firms.

This folder is the core that every stage and face uses. Its base: the typed records
between stages (records, reasons), numbered messages (errors), validated settings,
the Parquet schemas (schema, schema_docs), the fields of each type (fieldspec),
inputs (ingest), routing to review, a batch's rows, journal, staging and writer, the
workspace and the batch summary. Its runners: the per-document pipeline, the
executors, ``run_batch`` (batch) and its request (batch_request), publishing (publish) and
the workspace status.

Sub-packages by concern: kpo.normalise, kpo.review, kpo.deliver, kpo.evaluation, and
the faces kpo.cli and kpo.web; the stages kpo.extractors, kpo.models, kpo.datasets and
the engine kpo.jobs are installed from the repository's top-level folders.

May import: the base imports only the base. The runners also import the stages and
kpo.review (publishing queues review items). The core never imports a face or the
engine: Ray's executor is found by name (kpo/executors.py). tests/kpo/test_layout.py
checks all of this.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kpo")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]
