"""PDF to pages, words and tables (``kpo.extractors``). Knows nothing of Ray."""
