"""Batch execution on Ray (``kpo.jobs``): the only package that imports ray.

Registered as the ``ray`` engine among the ``kpo.executors`` entry points
(pyproject.toml); the core finds it by that name and never imports it.

May import: the core (its runners included), kpo.extractors and kpo.models. Never a
face (kpo.cli, kpo.web).
"""
