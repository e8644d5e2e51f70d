"""Pages scanned sideways or upside down: find the orientation, read the page upright.

Tesseract's orientation and script detection (``--psm 0``, the ``osd`` data) says
by how many degrees, clockwise, an image must turn to stand upright. It runs only
when a first reading is poor (a turned page reads as low-confidence noise), and the
upright reading is kept only when it is better. Boxes read on the turned image go
back to the page through the same pixel-to-point map, composed with the turn.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpo.extractors.ocr import PixelMap

POOR_CONFIDENCE = 0.6  # a first reading below this mean word confidence is checked
MIN_OSD_CONFIDENCE = 2.0  # Tesseract's orientation confidence needed to turn a page
_TURNS = (90, 180, 270)
_log = logging.getLogger(__name__)


def needs_check(confidence: float | None) -> bool:
    """Whether a first reading is poor enough to check the page's orientation."""
    return confidence is None or confidence < POOR_CONFIDENCE


def orientation(image: Any, timeout_s: float) -> int | None:
    """Degrees (90, 180 or 270, clockwise) that turn ``image`` upright; None: upright or unsure."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(
            image, config="--psm 0", output_type=pytesseract.Output.DICT,
            timeout=max(1, int(timeout_s)),
        )  # fmt: skip
    except (pytesseract.TesseractError, RuntimeError) as exc:  # too little text, no osd data
        _log.info("orientation not detected: %s", type(exc).__name__)
        return None
    angle, confidence = int(osd.get("rotate", 0)), float(osd.get("orientation_conf", 0.0))
    return angle if angle in _TURNS and confidence >= MIN_OSD_CONFIDENCE else None


def upright(image: Any, angle: int) -> Any:
    """``image`` turned ``angle`` degrees clockwise."""
    return image.rotate(-angle, expand=True)


def turned_map(to_points: PixelMap, angle: int, width: int, height: int) -> PixelMap:
    """The pixel-to-point map of the upright image, from the map of the ``width`` x
    ``height`` image it was turned from."""
    from kpo.extractors.ocr import PixelMap

    # where pixel (u, v) of the upright image was: x = a0 + a1 u + a2 v, y = b0 + b1 u + b2 v
    a, b = {
        90: ((0.0, 0.0, 1.0), (float(height), -1.0, 0.0)),
        180: ((float(width), -1.0, 0.0), (float(height), 0.0, -1.0)),
        270: ((float(width), 0.0, -1.0), (0.0, 1.0, 0.0)),
    }[angle]
    (ax, ay), (bx, by) = to_points.x_axis, to_points.y_axis
    return PixelMap(
        to_points(a[0], b[0]),
        (a[1] * ax + b[1] * bx, a[1] * ay + b[1] * by),
        (a[2] * ax + b[2] * bx, a[2] * ay + b[2] * by),
    )
