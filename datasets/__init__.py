"""Generators and readers of labelled document sets (``kpo.datasets``)."""
