"""PDF to pages, words and tables (``kpo.extractors``). Knows nothing of Ray.

May import: the core's base (records, reasons, errors, settings, frames, textsafe).
Never the models, the runners, the engine (kpo.jobs) or a face.
"""
