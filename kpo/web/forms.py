"""The item page's form fields read into decision parts: a drawn box and its page number."""

from __future__ import annotations

import math

from kpo.errors import ConfigError, Errors
from kpo.records import Box


def parse_box(text: str | None) -> Box | None:
    """``x0,top,x1,bottom`` in PDF points (blank: no box); ConfigError (E509) if malformed."""
    if text is None or not text.strip():
        return None
    try:
        x0, top, x1, bottom = (float(v) for v in text.split(","))
    except ValueError:
        raise ConfigError(Errors.E509.format(value=text)) from None
    if not all(math.isfinite(v) for v in (x0, top, x1, bottom)) or not (x0 < x1 and top < bottom):
        raise ConfigError(Errors.E509.format(value=text))
    return Box(x0, top, x1, bottom)


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
