"""Tiny PDFs that are costly to draw, written byte by byte: a page of the PDF maximum size,
and form XObjects nested so that a few KB draw millions of shapes."""

from __future__ import annotations


def tiny_pdf(media_box: str, contents: bytes, forms: list[bytes] | None = None) -> bytes:
    """A one-page PDF; ``forms`` are form XObjects, the first named /X on the page and the
    n-th naming the n+1-th /X in its resources."""
    forms = forms or []
    res = b" /Resources << /XObject << /X 5 0 R >> >>" if forms else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R%s >>"
        % (media_box.encode(), res),
        _stream(contents),
    ]
    for n, body in enumerate(forms):
        last = n + 1 == len(forms)
        more = b"" if last else b" /Resources << /XObject << /X %d 0 R >> >>" % (6 + n)
        objects.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792]" + more))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def huge_page_pdf() -> bytes:
    """A page of 14400 x 14400 pt (the PDF maximum) painted blue: 200 in2 at 108 dpi."""
    return tiny_pdf("0 0 14400 14400", b"0 0 1 rg 0 0 14400 14400 re f")


def form_bomb_pdf(levels: int = 8) -> bytes:
    """Nested forms, each drawing the next ten times: 10**7 rectangles from about 2 KB."""
    calls = b" ".join([b"/X Do"] * 10)
    return tiny_pdf("0 0 612 792", b"/X Do", [calls] * (levels - 1) + [b"1 1 600 780 re f"])
