"""The item page's form fields read into decision parts: a drawn box's page number.

The box itself is read by ``kpo.review.answers.parse_box``, as the terminal reads it.
"""

from __future__ import annotations

from kpo.errors import ConfigError, Errors


def parse_page(text: str | None) -> int | None:
    """A 1-based page number (blank: none); ConfigError (E619) if it is not one."""
    if text is None or not text.strip():
        return None
    try:
        page = int(text.strip())
    except ValueError:
        page = 0
    if page < 1:
        raise ConfigError(Errors.E619.format(value=text))
    return page
