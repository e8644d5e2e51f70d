"""``kpo eval``: run the pipeline over a labelled set and score it.

Holds the library API (evaluate), reading a batch's predictions (inputs), the scoring
(scoring), its result records (records) and the written report with its plots (report,
plots). The calibration and automation metrics it reports live in kpo.models.metrics,
where training computes the same figures for the model cards.

May import: the core, kpo.normalise (when two values match), kpo.datasets (the
label format), kpo.models (its metrics) and the core's batch API that runs the
pipeline. Never a face (kpo.cli, kpo.web) or the engine (kpo.jobs).
"""
