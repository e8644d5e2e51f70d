"""The page-drawing child of ``kpo serve``: ``python -m kpo.web.render_child MEMORY_MB``.

It caps its own address space (``RLIMIT_AS``), says ``("ready",)`` and answers
``DrawRequest`` frames until its input closes. For each request it reads the
candidate files (the workspace's copy first, then the batch's input path) once,
keeps the first whose sha256 is the item's ``doc_id`` and works on exactly those
bytes: the file is never opened again by path, so a file swapped meanwhile is
never shown. A page is drawn at most ``max_pixels`` pixels (a huge page is drawn
smaller), with the value's box outlined.

Frames on stdin/stdout are an 8-byte big-endian length and a pickle. An answer is
plain data (tuples, lists, str, bytes, numbers): ``("ok", payload)``, or
``(kind, why)`` with kind ``missing`` (no file with that sha256), ``limit`` (out
of memory) or ``unreadable`` (PDFium refused the bytes), or ``("nopage", pages)``
for a page the document does not have. The parent reads answers
with ``load_answer``, which builds no class at all, so a child subverted by a
hostile PDF cannot make the parent run code.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import pickle
import stat
import sys
from dataclasses import dataclass
from typing import IO, Any

from kpo.frames import cap_memory, read_frame, write_frame
from kpo.review.context import MARGIN_PT, MAX_LINES

OUTLINE = (220, 38, 38, 255)
FILL = (255, 214, 0, 90)
_CHUNK = 1024 * 1024
MAX_PAGES = 10_000  # page sizes told for at most this many pages

BoxTuple = tuple[float, float, float, float]  # x0, top, x1, bottom in points


@dataclass(frozen=True)
class DrawRequest:
    """What the parent asks: ``kind`` "evidence" (page size, and text when ``want_text``), "png"
    (the page, clamped to the document's pages), "page" (exactly ``page_number``, else the
    answer ``("nopage", pages)``) or "sizes" (every page's width and height in points).

    ``candidates`` are (label, path) pairs tried in order; a label names the file in
    messages ("the workspace's copy", "the file at '/in/a.pdf'").
    """

    kind: str
    candidates: tuple[tuple[str, str], ...]
    doc_id: str
    page_number: int
    box: BoxTuple | None
    scale: float
    max_pixels: int
    max_bytes: int
    want_text: bool = False


class _Refused(Exception):
    """The request cannot be answered: ``kind`` and ``why`` make the answer."""

    def __init__(self, kind: str, why: str) -> None:
        super().__init__(why)
        self.kind, self.why = kind, why


class _NoPage(Exception):
    """The asked page is not in the document, which has ``pages`` pages."""

    def __init__(self, pages: int) -> None:
        super().__init__(pages)
        self.pages = pages


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name}: an answer holds plain data only")


def load_answer(data: bytes) -> Any:
    """Unpickle an answer frame, refusing any class or function it names."""
    return _PlainUnpickler(io.BytesIO(data)).load()


def fit_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """``scale``, lowered so that a page of ``width`` x ``height`` points fits ``max_pixels``."""
    width, height = max(width, 1.0), max(height, 1.0)
    fitted = min(scale, math.sqrt(max_pixels / (width * height)))
    while math.ceil(width * fitted) * math.ceil(height * fitted) > max_pixels:  # PDFium rounds up
        fitted *= 0.999
    return fitted


def _read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file (a FIFO or device is refused without blocking)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _Refused("missing", "is missing") from None
    except OSError as exc:
        raise _Refused("missing", f"cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("missing", "is not a regular file")
        if info.st_size > max_bytes:
            raise _Refused("missing", "is a different file (larger than any the batch read)")
        data = bytearray()
        while chunk := handle.read(_CHUNK):
            data += chunk
            if len(data) > max_bytes:
                raise _Refused("missing", "is a different file (larger than any the batch read)")
    return bytes(data)


def read_checked(candidates: tuple[tuple[str, str], ...], doc_id: str, max_bytes: int) -> bytes:
    """The bytes of the first candidate whose sha256 is ``doc_id``; else ``_Refused`` saying why."""
    whys = []
    for label, path in candidates:
        try:
            data = _read_file(path, max_bytes)
        except _Refused as refused:
            whys.append(f"{label} {refused.why}")
            continue
        if hashlib.sha256(data).hexdigest() == doc_id:
            return data
        whys.append(f"{label} is a different file (its sha256 differs)")
    raise _Refused("missing", "; ".join(whys) or "no file is known for it")


def draw_box(image: Any, box: BoxTuple, scale: float) -> Any:
    """The RGBA ``image`` with ``box`` (points) filled translucent yellow and outlined in red."""
    from PIL import Image, ImageDraw

    pad = 3
    x0, top, x1, bottom = box
    rect = (x0 * scale - pad, top * scale - pad, x1 * scale + pad, bottom * scale + pad)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).rectangle(rect, fill=FILL, outline=OUTLINE, width=3)
    return Image.alpha_composite(image, overlay)


def _document(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _Refused("unreadable", str(exc)) from None


def _open(data: bytes, page_number: int, *, clamp: bool = True) -> tuple[Any, Any]:
    """The PDF of ``data`` and its page ``page_number``.

    With ``clamp`` a page outside the document is its first or last page; without,
    it is refused as ``("nopage", pages)``.
    """
    import pypdfium2 as pdfium

    pdf = _document(data)
    pages = len(pdf)
    if not clamp and not 1 <= page_number <= pages:
        pdf.close()
        raise _NoPage(pages)
    try:
        return pdf, pdf[min(max(page_number, 1), pages) - 1]
    except pdfium.PdfiumError as exc:
        raise _Refused("unreadable", str(exc)) from None


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Every page's (width, height) in points, at most ``MAX_PAGES`` pages."""
    pdf = _document(data)
    try:
        count = min(len(pdf), MAX_PAGES)
        return [tuple(map(float, pdf.get_page_size(i))) for i in range(count)]  # type: ignore[misc]
    finally:
        pdf.close()


def draw_png(data: bytes, request: DrawRequest) -> bytes:
    """The page as PNG bytes, at most ``max_pixels`` pixels, the box outlined."""
    pdf, page = _open(data, request.page_number, clamp=request.kind != "page")
    width, height = page.get_size()
    scale = fit_scale(width, height, request.scale, request.max_pixels)
    image = page.render(scale=scale).to_pil().convert("RGBA")
    pdf.close()
    if request.box is not None:
        image = draw_box(image, request.box, scale)
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG")
    return out.getvalue()


def page_text(page: Any, box: BoxTuple | None) -> list[list[str]]:
    """The page's text in a band around the box (the page's start without a box), as lines."""
    height = page.get_height()
    top, bottom = (box[1] - MARGIN_PT, box[3] + MARGIN_PT) if box else (0.0, height)
    text = page.get_textpage().get_text_bounded(bottom=height - bottom, top=height - top)
    lines = [line.split() for line in text.splitlines() if line.strip()]
    return lines[:MAX_LINES]


def evidence(data: bytes, request: DrawRequest) -> dict[str, Any]:
    """The page's size in points, and its text around the box when asked."""
    pdf, page = _open(data, request.page_number)
    width, height = page.get_size()
    lines = page_text(page, request.box) if request.want_text else None
    pdf.close()
    return {"width": float(width), "height": float(height), "lines": lines}


def answer(request: DrawRequest, memory_mb: int) -> tuple[Any, ...]:
    """The answer frame for one request (never raises)."""
    try:
        data = read_checked(request.candidates, request.doc_id, request.max_bytes)
        if request.kind in ("png", "page"):
            return ("ok", draw_png(data, request))
        if request.kind == "sizes":
            return ("ok", page_sizes(data))
        return ("ok", evidence(data, request))
    except _Refused as refused:
        return (refused.kind, refused.why)
    except _NoPage as missing:
        return ("nopage", missing.pages)
    except MemoryError:
        return ("limit", f"it needs more than the {memory_mb} MB memory limit")
    except Exception as exc:  # PDFium or Pillow failing on hostile bytes
        return ("unreadable", type(exc).__name__)


def serve(requests: IO[bytes], answers: IO[bytes], memory_mb: int) -> None:
    import PIL.Image  # noqa: F401 (imported before the first timed request)
    import pypdfium2  # noqa: F401

    write_frame(answers, ("ready",))
    while (request := read_frame(requests)) is not None:
        reply = answer(request, memory_mb)
        write_frame(answers, reply)
        if reply[0] == "limit":
            return  # the heap may be in a bad state: the parent starts a fresh child


def main(argv: list[str]) -> None:
    memory_mb = int(argv[1])
    cap_memory(memory_mb)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    serve(sys.stdin.buffer, answers, memory_mb)


if __name__ == "__main__":
    main(sys.argv)
