"""A document's time limit grows with its pages: the child tells the page count first."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kpo.errors import ConfigError
from kpo.extractors.sandbox import ExtractionSandbox
from kpo.extractors.sandbox_child import answer
from kpo.reasons import ReasonCode
from kpo.records import ExtractedDocument, Failure, InputFile
from kpo.settings import Limits

# A child that says the document has PAGES pages, takes SLEEP seconds, then answers
# with the real extraction: the parent's limit is what decides the outcome.
SLOW_CHILD = """
import os, sys, time
from kpo.extractors.sandbox_child import answer, read_frame, write_frame
out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
write_frame(out, ("ready",))
pages, sleep_s = int(sys.argv[1]), float(sys.argv[2])
while (request := read_frame(sys.stdin.buffer)) is not None:
    write_frame(out, ("pages", pages))
    time.sleep(sleep_s)
    write_frame(out, answer(*request))
"""
LIMITS = Limits(timeout_s=1.0, timeout_per_page_s=0.05)


def _file(path: Path) -> InputFile:
    return InputFile(str(path), "doc", path.stat().st_size)


def _slow_child(pages: int, sleep_s: float) -> list[str]:
    return [sys.executable, "-c", SLOW_CHILD, str(pages), str(sleep_s)]


def test_a_long_document_gets_the_time_its_pages_need(sample_pdf: Path) -> None:
    with ExtractionSandbox(LIMITS, ocr=None, child_command=_slow_child(100, 1.5)) as box:
        result = box.extract(_file(sample_pdf))  # 1 s + 100 x 0.05 s = 6 s
    assert isinstance(result, ExtractedDocument), result


def test_a_short_document_that_runs_past_its_limit_times_out(sample_pdf: Path) -> None:
    with ExtractionSandbox(LIMITS, ocr=None, child_command=_slow_child(1, 1.5)) as box:
        result = box.extract(_file(sample_pdf))  # 1 s + 1 x 0.05 s
        assert box.pid is None  # the child was stopped
    assert isinstance(result, Failure) and result.code == ReasonCode.TIMEOUT
    assert result.message.startswith("E305") and "1.05 s limit" in result.message


def test_the_child_tells_the_page_count_before_it_extracts(long_pdf: object) -> None:
    path = long_pdf(12)  # type: ignore[operator]
    heard: list[int] = []
    reply = answer(str(path), "doc", Limits(), None, on_pages=heard.append)
    assert heard == [12] and reply[0] == "ok" and len(reply[1].pages) == 12


def test_a_file_that_is_not_a_pdf_tells_no_page_count(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"hello, not a pdf at all")
    heard: list[int] = []
    reply = answer(str(path), "doc", Limits(), None, on_pages=heard.append)
    assert heard == [] and reply[0] == "error"


@pytest.mark.parametrize(
    ("pages", "expected"), [(None, 120.0), (0, 120.0), (10, 121.0), (3000, 420.0), (9999, 420.0)]
)
def test_the_limit_grows_with_the_pages_up_to_max_pages(pages: int | None, expected: float) -> None:
    assert Limits().timeout_for(pages) == pytest.approx(expected)


def test_a_negative_time_per_page_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"E002.*timeout_per_page_s"):
        Limits(timeout_per_page_s=-1)
