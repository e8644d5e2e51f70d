"""Document classifiers and field extractors (``kpo.models``). Knows nothing of Ray.

Also their training, persistence (skops) and the calibration metrics of the model
cards and of ``kpo eval`` (metrics).

May import: the core's base, kpo.normalise, kpo.extractors and kpo.datasets (training
data). Never the runners (kpo.pipeline, kpo.batch), the engine (kpo.jobs) or a face.
"""
