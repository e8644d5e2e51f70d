"""Pages handed on in windows: from extraction, across the sandbox's pipe, and back whole."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kpo.extractors.page_stream import WINDOW_PAGES, PageStream, PageWindows
from kpo.extractors.pdf import extract_document
from kpo.extractors.sandbox import ExtractionSandbox, extract_in_process
from kpo.reasons import ReasonCode
from kpo.records import DocumentMeta, ExtractedDocument, Failure, InputFile, Page, Word
from kpo.settings import Limits

from .fake_child import fake_child, frame

PAGES = 2 * WINDOW_PAGES + 5  # two full windows and a short one


def _file(path: Path) -> InputFile:
    return InputFile(str(path), f"id-{path.name}", path.stat().st_size)


def _page(number: int, *, needs_ocr: bool = False, text: str = "") -> Page:
    words = [Word(text, 10.0, 10.0, 50.0, 20.0, 10.0)] if text else []
    return Page(number, 600.0, 800.0, text, words, needs_ocr=needs_ocr)


def _same(a: ExtractedDocument, b: ExtractedDocument) -> bool:
    return replace(a, seconds=0.0) == replace(b, seconds=0.0)


def test_extraction_hands_every_page_on_in_windows_and_keeps_none(
    long_pdf: Callable[[int], Path],
) -> None:
    path = str(long_pdf(PAGES))
    windows: list[tuple[Page, ...]] = []
    streamed = extract_document(path, "x", sink=windows.append)
    whole = extract_document(path, "x")
    assert streamed.pages == () and streamed.meta == whole.meta
    assert [len(w) for w in windows] == [WINDOW_PAGES, WINDOW_PAGES, 5]
    assert tuple(p for w in windows for p in w) == whole.pages


def test_a_long_document_from_the_sandbox_is_the_one_read_in_process(
    long_pdf: Callable[[int], Path], sandbox: ExtractionSandbox
) -> None:
    file = _file(long_pdf(PAGES))
    from_child = sandbox.extract(file)
    assert isinstance(from_child, ExtractedDocument) and len(from_child.pages) == PAGES
    assert _same(from_child, extract_in_process(file))


def test_a_page_read_again_by_ocr_replaces_the_first_one_sent() -> None:
    received = PageWindows()
    stream = PageStream(lambda w: received.take(w, 10), window=2)
    for number in (1, 2, 3):
        stream.add(_page(number, needs_ocr=number == 2, text="" if number == 2 else "text"))
    stream.flush()
    assert stream.waiting_for_ocr() == [2] and stream.pages() == ()
    stream.add(_page(2, text="from OCR"))
    stream.flush()
    document = received.into(ExtractedDocument("d", "p", DocumentMeta(3), ()))
    assert [p.text for p in document.pages] == ["text", "from OCR", "text"]
    assert stream.waiting_for_ocr() == [] and stream.has_content


def _frames(*replies: object) -> list[str]:
    return fake_child(b"".join(frame(pickle.dumps(reply)) for reply in replies))


def _document(pages: int) -> ExtractedDocument:
    return ExtractedDocument("d", "p", DocumentMeta(pages), ())


@pytest.mark.parametrize(
    ("replies", "why"),
    [
        ((("window", (_page(1, text="a"),)), ("ok", _document(2))), "1 pages sent apart"),
        ((("window", (_page(5000, text="a"),)), ("ok", _document(1))), "other than a page"),
        ((("window", ("a page?",)), ("ok", _document(1))), "other than a page"),
    ],
    ids=["a page missing", "a page number past the limit", "not a page"],
)
def test_windows_that_do_not_make_up_the_document_are_refused(
    replies: tuple[object, ...], why: str, tmp_path: Path
) -> None:
    path = tmp_path / "any.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with ExtractionSandbox(Limits(max_pages=3000), child_command=_frames(*replies)) as box:
        result = box.extract(_file(path))
    assert isinstance(result, Failure) and result.code == ReasonCode.CRASHED
    assert result.message.startswith("E317") and why in result.message


def test_windows_of_a_document_that_then_fails_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "any.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    error = ("error", ReasonCode.CORRUPT, "E304 broken")
    command = _frames(("window", (_page(1, text="a"),)), error)
    with ExtractionSandbox(Limits(), child_command=command) as box:
        result = box.extract(_file(path))
    assert isinstance(result, Failure) and result.code == ReasonCode.CORRUPT
