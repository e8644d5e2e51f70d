"""Scanned variants of generated PDFs: rendered, rotated a little, noised, blurred.

``make_scanned(pdf_in, pdf_out, seed)`` renders every page with pdfium, degrades
the image the way a desk scanner or a phone photo does (a rotation of at most
``MAX_ANGLE`` degrees, contrast and brightness changes, blur, noise, JPEG
compression) and writes a PDF of the images only: no text layer, same page sizes.
``scanned_record`` writes the variant of a labelled document next to it and
returns its labels: the same gold values, ``scanned: true``, and each gold box
moved by the page's rotation (the bounding box of the rotated box). Everything is
a pure function of the seed.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image, ImageEnhance, ImageFilter

from kpo.datasets.labels import LabelRecord

DEFAULT_DPI = 200
MAX_ANGLE = 1.5  # degrees, either way
CONTRAST = (0.65, 1.15)
BRIGHTNESS = (0.9, 1.1)
BLUR_RADIUS = (0.2, 0.9)  # pixels at DEFAULT_DPI
NOISE_SIGMA = (3.0, 12.0)  # grey levels
JPEG_QUALITY = 75


@dataclass(frozen=True, slots=True)
class ScanPage:
    """How one page was scanned: its size in points and its rotation (degrees, ccw)."""

    width: float
    height: float
    angle: float


def make_scanned(
    pdf_in: Path | str, pdf_out: Path | str, seed: int, *, dpi: int = DEFAULT_DPI
) -> tuple[ScanPage, ...]:
    """Write an image-only, degraded copy of ``pdf_in`` to ``pdf_out``; return its pages."""
    rng = np.random.default_rng(seed)
    images: list[Image.Image] = []
    pages: list[ScanPage] = []
    doc = pdfium.PdfDocument(str(pdf_in))
    try:
        for page in doc:
            width, height = page.get_size()
            bitmap = page.render(
                scale=dpi / 72, grayscale=True, force_bitmap_format=raw.FPDFBitmap_Gray
            )
            image, angle = degrade(bitmap.to_pil(), rng)
            images.append(image)
            pages.append(ScanPage(width, height, angle))
            page.close()
    finally:
        doc.close()
    _save_pdf(images, Path(pdf_out), dpi)
    return tuple(pages)


def degrade(image: Image.Image, rng: np.random.Generator) -> tuple[Image.Image, float]:
    """A scanned-looking copy of a grayscale page image, and its rotation in degrees."""
    angle = float(rng.uniform(-MAX_ANGLE, MAX_ANGLE))
    out = image.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    out = ImageEnhance.Contrast(out).enhance(float(rng.uniform(*CONTRAST)))
    out = ImageEnhance.Brightness(out).enhance(float(rng.uniform(*BRIGHTNESS)))
    out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(*BLUR_RADIUS))))
    pixels = np.asarray(out, dtype=np.float32)
    pixels += rng.normal(0.0, float(rng.uniform(*NOISE_SIGMA)), pixels.shape).astype(np.float32)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L"), angle


# Pillow stamps the clock into the PDF's info dictionary; a fixed date keeps the bytes
# a function of the seed alone.
FIXED_DATE = time.gmtime(946_684_800)  # 2000-01-01T00:00:00Z


def _save_pdf(images: list[Image.Image], path: Path, dpi: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    first, rest = images[0], images[1:]
    first.save(
        path, "PDF", resolution=float(dpi), save_all=True, append_images=rest,
        quality=JPEG_QUALITY, creationDate=FIXED_DATE, modDate=FIXED_DATE, title="scan",
    )  # fmt: skip


def rotate_box(box: tuple[float, ...], page: ScanPage) -> tuple[float, ...]:
    """A gold box ``(page, x0, top, x1, bottom)`` after the page's rotation (its bounds)."""
    number, x0, top, x1, bottom = box
    cx, cy = page.width / 2, page.height / 2
    theta = math.radians(page.angle)
    cos, sin = math.cos(theta), math.sin(theta)
    xs, ys = [], []
    for x, y in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos + dy * sin)
        ys.append(cy - dx * sin + dy * cos)
    return (number, round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))


def scanned_name(file: str) -> str:
    """The label ``file`` of a document's scanned variant: ``name_scan.pdf`` beside it."""
    path = Path(file)
    return str(path.with_name(f"{path.stem}_scan{path.suffix}"))


def scanned_record(out_dir: Path, record: LabelRecord, seed: int) -> LabelRecord:
    """Write the scanned variant of ``record``'s PDF (under ``out_dir/pdfs``); its labels."""
    file = scanned_name(record.file)
    target = out_dir / "pdfs" / file
    pages = make_scanned(out_dir / "pdfs" / record.file, target, seed)
    boxes = {
        key: rotate_box(box, pages[int(box[0]) - 1]) if 0 < int(box[0]) <= len(pages) else box
        for key, box in record.boxes.items()
    }
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    kind = f"{record.kind}+scanned" if record.kind else "scanned"
    return replace(record, file=file, scanned=True, sha256=digest, boxes=boxes, kind=kind)
