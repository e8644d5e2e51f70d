"""Document classifiers and field extractors (``kpo.models``). Knows nothing of Ray."""
