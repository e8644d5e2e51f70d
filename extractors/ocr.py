"""OCR of one page with Tesseract: render with pdfium, read words, map them back to points.

:class:`OcrEngine` renders a page at ``dpi`` (grayscale, capped at ``max_pixels``),
runs ``tesseract`` through ``pytesseract.image_to_data`` and returns words in the
same :class:`~kpo.records.Word` records as the text layer, with ``conf`` in [0, 1].
Pixel boxes go back to PDF user space through pdfium's own device-to-page map (so
the page's rotation and crop box are handled as pdfium rendered them) and then to
pdfplumber's top-left coordinates through the page's
:class:`~kpo.extractors.pdfium_page.Geometry`.

:func:`ocr_engine` returns None when the ``tesseract`` program, the ``pytesseract``
binding or every requested language is missing: callers then leave pages flagged
``needs_ocr``. Tesseract inherits the caller's address-space limit; it runs with
one thread (``OMP_THREAD_LIMIT=1``) so one worker uses one core. A page read
poorly is checked for a sideways or upside-down scan
(:mod:`~kpo.extractors.ocr_orientation`) and read again upright.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, Self

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from kpo.errors import ConfigError, Errors
from kpo.extractors.ocr_orientation import needs_check, orientation, turned_map, upright
from kpo.extractors.pdfium_page import Geometry
from kpo.records import Word
from kpo.settings import DEFAULT_OCR_LANGUAGES
from kpo.textsafe import clean_text

DEFAULT_DPI = 300
DEFAULT_MAX_PIXELS = 40_000_000  # a bigger page is rendered at a lower resolution
DEFAULT_MIN_CONF = 0.1  # words Tesseract is less sure of than this are noise, not text
DEFAULT_TESSERACT = "tesseract"
_LANGUAGE_RE = re.compile(r"^[A-Za-z_]{3,}$")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OcrSettings:
    """How pages are read by OCR: Tesseract languages, resolution, the program to run."""

    languages: str = DEFAULT_OCR_LANGUAGES
    dpi: int = DEFAULT_DPI
    max_pixels: int = DEFAULT_MAX_PIXELS
    min_conf: float = DEFAULT_MIN_CONF
    tesseract_cmd: str = DEFAULT_TESSERACT

    def __post_init__(self) -> None:
        codes = self.languages.split("+") if isinstance(self.languages, str) else [None]
        if not all(isinstance(c, str) and _LANGUAGE_RE.fullmatch(c) for c in codes):
            why = "use Tesseract language codes joined by '+', e.g. 'eng' or 'eng+deu'"
            raise ConfigError(
                Errors.E002.format(key="ocr.languages", value=self.languages, why=why)
            )
        for key in ("dpi", "max_pixels"):
            value = getattr(self, key)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                why = "must be a positive whole number"
                raise ConfigError(Errors.E002.format(key=f"ocr.{key}", value=value, why=why))
        if not isinstance(self.min_conf, int | float) or not 0.0 <= self.min_conf <= 1.0:
            why = "must be between 0 and 1"
            raise ConfigError(Errors.E002.format(key="ocr.min_conf", value=self.min_conf, why=why))

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(self.languages.split("+"))

    @classmethod
    def resolve(cls, value: OcrSettings | Mapping[str, Any] | None) -> Self:
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        assert isinstance(value, Mapping)
        known = {f.name for f in fields(cls)}
        for key in value:
            if key not in known:
                available = sorted(known)
                raise ConfigError(Errors.E001.format(key=key, where="ocr", available=available))
        return cls(**value)


@dataclass(frozen=True, slots=True)
class OcrResult:
    """The words OCR read on a page, its text (one line a line) and mean confidence."""

    words: tuple[Word, ...]
    text: str
    confidence: float | None


def tesseract_path(cmd: str = DEFAULT_TESSERACT) -> str | None:
    """The Tesseract program's path, or None when it is not installed."""
    return shutil.which(cmd)


@cache
def installed_languages(path: str) -> frozenset[str]:
    """The languages the Tesseract at ``path`` has data for."""
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = path
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception as exc:  # a broken install reads no language
        _log.warning("tesseract at %s lists no languages (%s)", path, type(exc).__name__)
        return frozenset()


def ocr_engine(settings: OcrSettings | None = None) -> OcrEngine | None:
    """An engine for ``settings``, or None when Tesseract or its languages are missing."""
    settings = OcrSettings.resolve(settings)
    path = tesseract_path(settings.tesseract_cmd)
    if path is None:
        return None
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        _log.warning("tesseract is installed but the pytesseract package is not")
        return None
    installed = installed_languages(path)
    languages = [c for c in settings.language_codes if c in installed]
    if len(languages) < len(settings.language_codes):
        missing = sorted(set(settings.language_codes) - installed)
        _log.warning("tesseract has no data for %s; installed: %s", missing, sorted(installed))
    return OcrEngine(path, "+".join(languages), settings) if languages else None


class OcrEngine:
    """Reads pages with one Tesseract program and language set (see :func:`ocr_engine`)."""

    def __init__(self, path: str, languages: str, settings: OcrSettings) -> None:
        self.path = path
        self.languages = languages
        self.settings = settings
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    def read(self, page: pdfium.PdfPage, geometry: Geometry, timeout_s: float) -> OcrResult:
        """OCR ``page``; raise RuntimeError when Tesseract fails or takes over ``timeout_s``."""
        import pytesseract

        image, to_points = render_page(page, geometry, self.settings)
        pytesseract.pytesseract.tesseract_cmd = self.path
        deadline = time.monotonic() + timeout_s
        result = self._read_image(image, to_points, timeout_s)
        if not needs_check(result.confidence):
            return result
        angle = orientation(image, deadline - time.monotonic())
        left = deadline - time.monotonic()
        if angle is None or left < 1:
            return result
        turned = turned_map(to_points, angle, image.width, image.height)
        again = self._read_image(upright(image, angle), turned, left)
        return again if (again.confidence or 0.0) > (result.confidence or 0.0) else result

    def _read_image(self, image: Any, to_points: PixelMap, timeout_s: float) -> OcrResult:
        import pytesseract

        data = pytesseract.image_to_data(
            image, lang=self.languages, output_type=pytesseract.Output.DICT,
            timeout=max(1, int(timeout_s)),
        )  # fmt: skip
        return words_from_data(data, to_points, self.settings.min_conf)


@dataclass(frozen=True, slots=True)
class PixelMap:
    """An affine map from rendered pixels to pdfplumber points."""

    origin: tuple[float, float]
    x_axis: tuple[float, float]  # points moved per pixel to the right
    y_axis: tuple[float, float]  # points moved per pixel down

    def __call__(self, px: float, py: float) -> tuple[float, float]:
        (ox, oy), (ax, ay), (bx, by) = self.origin, self.x_axis, self.y_axis
        return ox + px * ax + py * bx, oy + px * ay + py * by


def render_page(
    page: pdfium.PdfPage, geometry: Geometry, settings: OcrSettings
) -> tuple[Any, PixelMap]:
    """The page as a grayscale PIL image, and the map of its pixels to points."""
    width, height = page.get_size()
    scale = settings.dpi / 72.0
    if width * height * scale * scale > settings.max_pixels:
        scale = (settings.max_pixels / max(width * height, 1.0)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True, force_bitmap_format=raw.FPDFBitmap_Gray)
    image = bitmap.to_pil()
    return image, pixel_map(page, geometry, image.width, image.height)


def pixel_map(page: pdfium.PdfPage, geometry: Geometry, width: int, height: int) -> PixelMap:
    """Where pixels of a ``width`` x ``height`` render of ``page`` fall, in points."""

    def point(dx: int, dy: int) -> tuple[float, float]:
        x, y = ctypes.c_double(), ctypes.c_double()
        raw.FPDF_DeviceToPage(page.raw, 0, 0, width, height, 0, dx, dy, x, y)
        return geometry.to_top_left(x.value, y.value)

    o, right, down = point(0, 0), point(width, 0), point(0, height)
    x_axis = ((right[0] - o[0]) / width, (right[1] - o[1]) / width)
    y_axis = ((down[0] - o[0]) / height, (down[1] - o[1]) / height)
    return PixelMap(o, x_axis, y_axis)


_DESCENDERS = frozenset("gjpqy,;()[]{}|")


def _font_size(ink_height: float | None, line_text: str) -> float:
    """A font-size estimate from a line's ink height, comparable across lines.

    A line with descenders spans about the whole em; one without spans only from
    the cap or ascender height (~0.75 em) to the baseline, so its ink is scaled up.
    """
    if not ink_height:
        return 0.0
    share = 0.97 if _DESCENDERS.intersection(line_text) else 0.75
    return round(ink_height / share, 2)


def words_from_data(
    data: Mapping[str, Sequence[Any]], to_points: PixelMap, min_conf: float = 0.0
) -> OcrResult:
    """Words, text and mean confidence from ``image_to_data``'s dict output."""
    found: list[tuple[tuple[int, int, int], tuple[float, float, float, float], str, float]] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    heights: dict[tuple[int, int, int], float] = {}
    for i, text in enumerate(data["text"]):
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        box = _points(data, i, to_points)
        if int(data["level"][i]) == 4:
            heights[key] = box[3] - box[1]
        conf = float(data["conf"][i]) / 100.0
        if int(data["level"][i]) != 5 or not str(text).strip() or conf < min_conf:
            continue
        word = clean_text(str(text).strip())
        found.append((key, box, word, conf))
        lines.setdefault(key, []).append(word)
    sizes = {key: _font_size(heights.get(key), " ".join(words)) for key, words in lines.items()}
    words = [
        Word(text, *box, size=sizes[key] or round(box[3] - box[1], 2), conf=round(conf, 3))
        for key, box, text, conf in found
    ]
    text = "\n".join(" ".join(line) for line in lines.values())
    mean = round(sum(w.conf or 0.0 for w in words) / len(words), 3) if words else None
    return OcrResult(tuple(words), text, mean)


def _points(
    data: Mapping[str, Sequence[Any]], i: int, to_points: PixelMap
) -> tuple[float, float, float, float]:
    left, top = float(data["left"][i]), float(data["top"][i])
    right, bottom = left + float(data["width"][i]), top + float(data["height"][i])
    corners = [
        to_points(x, y) for x, y in ((left, top), (right, top), (left, bottom), (right, bottom))
    ]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)
