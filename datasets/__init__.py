"""Generators and readers of labelled document sets (``kpo.datasets``).

May import: the core's base and kpo.extractors. Never the models, the runners, the
engine (kpo.jobs) or a face.
"""
