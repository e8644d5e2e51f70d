"""Batch execution on Ray (``kpo.jobs``): the only package that imports ray."""
