"""Client deliverables: a batch's results with the reviewers' decisions, as versioned files.

Holds the library API of ``kpo deliver`` (build), publishing a version folder (publish),
the deliverable's Parquet schemas (schema), its rows (rows), README and data dictionary
(readme), reviewed values superseding model values (supersede) and ``kpo verify``
(verify).

May import: the core, kpo.review (the decisions it merges) and kpo.normalise (typed
values). Never a face (kpo.cli, kpo.web) or the engine (kpo.jobs).
"""
