"""ExtractionSandbox: the child process, its memory cap and timeout, and error mapping."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kpo.extractors.sandbox import ExtractionSandbox, extract_in_process
from kpo.extractors.sandbox_child import load_answer
from kpo.reasons import ReasonCode
from kpo.records import ExtractedDocument, Failure, InputFile
from kpo.settings import Limits

from .fake_child import fake_child, frame


def _file(path: Path) -> InputFile:
    return InputFile(str(path), f"id-{path.name}", path.stat().st_size)


def test_extracts_in_a_reused_child(sandbox: ExtractionSandbox, sample_pdf: Path) -> None:
    first = sandbox.extract(_file(sample_pdf))
    pid = sandbox.pid
    second = sandbox.extract(_file(sample_pdf))
    assert isinstance(first, ExtractedDocument) and isinstance(second, ExtractedDocument)
    assert first.pages == second.pages
    assert first.doc_id == "id-sample.pdf" and len(first.pages[1].tables) == 1
    assert pid is not None and sandbox.pid == pid


def test_same_result_as_in_process(sandbox: ExtractionSandbox, sample_pdf: Path) -> None:
    boxed = sandbox.extract(_file(sample_pdf))
    local = extract_in_process(_file(sample_pdf))
    assert isinstance(boxed, ExtractedDocument) and isinstance(local, ExtractedDocument)
    assert boxed.pages == local.pages and boxed.meta == local.meta


@pytest.mark.parametrize("runner", ["sandbox", "in_process"])
def test_zero_byte_file_is_empty(runner: str, sandbox: ExtractionSandbox, tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"")
    result = (
        sandbox.extract(_file(path)) if runner == "sandbox" else extract_in_process(_file(path))
    )
    assert isinstance(result, Failure)
    assert (result.code, result.stage, result.doc_id) == (
        ReasonCode.EMPTY,
        "extract",
        "id-zero.pdf",
    )
    assert result.message.startswith("E303")


def test_decompression_bomb_is_stopped_and_the_next_file_works(
    flate_bomb: Path, sample_pdf: Path
) -> None:
    with ExtractionSandbox(Limits(timeout_s=10, memory_mb=512)) as box:
        result = box.extract(_file(flate_bomb))
        assert isinstance(result, Failure)
        assert result.code in (ReasonCode.MEMORY_LIMIT, ReasonCode.TIMEOUT)
        after = box.extract(_file(sample_pdf))
    assert isinstance(after, ExtractedDocument) and "4711" in after.text


def test_timeout_kills_the_child_and_a_fresh_one_takes_over(
    long_pdf: Callable[[int], Path], sample_pdf: Path
) -> None:
    with ExtractionSandbox(Limits(timeout_s=0.05, timeout_per_page_s=0)) as box:
        box.extract(_file(sample_pdf))  # start the child outside the timed request
        old_pid = box.pid
        result = box.extract(_file(long_pdf(500)))
        assert isinstance(result, Failure) and result.code == ReasonCode.TIMEOUT
        assert result.message.startswith("E305")
        assert box.pid is None  # killed; a new child starts lazily
        after = box.extract(_file(sample_pdf))
        assert isinstance(after, ExtractedDocument)
        assert box.pid not in (None, old_pid)


def _killed_mid_document(
    sig: signal.Signals, long_pdf: Callable[[int], Path], sample_pdf: Path
) -> Failure:
    """The failure of a long document whose child gets ``sig`` on the way; the sandbox
    then goes on with the next document."""
    long = _file(long_pdf(500))  # written first: the signal must come while it is read
    with ExtractionSandbox(Limits(timeout_s=60)) as box:
        box.extract(_file(sample_pdf))
        pid = box.pid
        assert pid is not None
        threading.Timer(0.3, os.kill, (pid, sig)).start()
        result = box.extract(long)  # takes seconds: dies on the way
        assert isinstance(box.extract(_file(sample_pdf)), ExtractedDocument)
    assert isinstance(result, Failure) and result.code == ReasonCode.CRASHED
    return result


def test_a_child_that_dies_mid_document_is_reported_as_crashed(
    long_pdf: Callable[[int], Path], sample_pdf: Path
) -> None:
    result = _killed_mid_document(signal.SIGSEGV, long_pdf, sample_pdf)
    assert "SIGSEGV" in result.message and result.message.startswith("E309")


def test_a_child_killed_from_outside_far_below_its_cap_is_crashed_not_memory_limit(
    long_pdf: Callable[[int], Path], sample_pdf: Path
) -> None:
    result = _killed_mid_document(signal.SIGKILL, long_pdf, sample_pdf)  # an operator's kill -9
    assert result.message.startswith("E322 The extraction process was killed by SIGKILL")
    share = int(result.message.split("(at ")[1].split("%")[0])
    assert share < 85  # what it held, as a share of the 2048 MB cap: far from it


# A child that says "ready", then on a request does what argv[1] says and kills itself
# with SIGKILL, the way the kernel's OOM killer ends a process.
SIGKILLED_CHILD = """
import os, signal, sys, time
import psutil
from kpo.extractors.sandbox_child import read_frame, write_frame
answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
write_frame(answers, ("ready",))
how, cap_mb = sys.argv[1], int(sys.argv[2])
read_frame(sys.stdin.buffer)
if how == "near-cap":  # hold 90% of the cap, long enough for the parent to see it
    held = bytearray(int(cap_mb * 0.9 * 2**20) - psutil.Process().memory_info().vms)
elif how == "says-oom":
    sys.stderr.write("MemoryError: out of memory\\n")
    sys.stderr.flush()
time.sleep(0.5)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize(
    ("how", "code", "message"),
    [
        ("near-cap", ReasonCode.MEMORY_LIMIT, "E308"),
        ("says-oom", ReasonCode.MEMORY_LIMIT, "E308"),
        ("nothing", ReasonCode.CRASHED, "E322 The extraction process was killed by SIGKILL"),
    ],
)
def test_a_sigkilled_child_is_memory_limit_only_near_its_cap_or_when_it_said_so(
    how: str, code: ReasonCode, message: str, sample_pdf: Path
) -> None:
    command = [sys.executable, "-c", SIGKILLED_CHILD, how]  # the cap in MB is appended
    with ExtractionSandbox(Limits(memory_mb=1024), child_command=command) as box:
        result = box.extract(_file(sample_pdf))
    assert isinstance(result, Failure) and result.code == code
    assert result.message.startswith(message)


def test_a_child_that_died_while_idle_is_replaced_silently(sample_pdf: Path) -> None:
    with ExtractionSandbox(Limits()) as box:
        box.extract(_file(sample_pdf))
        assert box.pid is not None
        os.kill(box.pid, signal.SIGKILL)
        time.sleep(0.2)
        assert isinstance(box.extract(_file(sample_pdf)), ExtractedDocument)


def test_close_stops_the_child(sample_pdf: Path) -> None:
    box = ExtractionSandbox(Limits())
    box.extract(_file(sample_pdf))
    assert box.pid is not None
    box.close()
    assert box.pid is None


def test_start_launches_the_child_before_the_first_document(sample_pdf: Path) -> None:
    with ExtractionSandbox(Limits()) as box:
        box.start()
        pid = box.pid
        assert pid is not None
        box.start()  # already running: no second child
        assert box.pid == pid
        assert isinstance(box.extract(_file(sample_pdf)), ExtractedDocument)
        assert box.pid == pid


def test_a_child_that_died_before_it_was_ready_is_replaced(sample_pdf: Path) -> None:
    with ExtractionSandbox(Limits()) as box:
        box.start()
        assert box.pid is not None
        os.kill(box.pid, signal.SIGKILL)
        time.sleep(0.2)
        assert isinstance(box.extract(_file(sample_pdf)), ExtractedDocument)


class _RunsCode:
    """Unpickles into a call of os.system: what a subverted child would send."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_an_answer_that_would_run_code_is_refused(sample_pdf: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    evil = frame(pickle.dumps(("ok", _RunsCode(marker))))
    with ExtractionSandbox(Limits(), child_command=fake_child(evil)) as box:
        result = box.extract(_file(sample_pdf))
        assert isinstance(result, Failure) and result.code == ReasonCode.CRASHED
        assert result.message.startswith("E317") and "unreadable frame" in result.message
        assert box.pid is None  # the child was stopped
    assert not marker.exists()


def test_an_answer_of_the_wrong_shape_is_refused(sample_pdf: Path) -> None:
    odd = frame(pickle.dumps(("ok", "not a document")))
    with ExtractionSandbox(Limits(), child_command=fake_child(odd)) as box:
        result = box.extract(_file(sample_pdf))
    assert isinstance(result, Failure) and result.message.startswith("E317")
    assert "wrong shape" in result.message


def test_a_frame_larger_than_the_memory_cap_is_not_read(sample_pdf: Path) -> None:
    huge = (2**40).to_bytes(8, "big")  # claims a terabyte, sends nothing
    with ExtractionSandbox(Limits(memory_mb=256), child_command=fake_child(huge)) as box:
        result = box.extract(_file(sample_pdf))
    assert isinstance(result, Failure) and result.code == ReasonCode.CRASHED
    assert result.message.startswith("E317") and "over the 256 MB cap" in result.message


def test_a_real_answer_passes_the_answer_reader(sample_pdf: Path) -> None:
    document = extract_in_process(_file(sample_pdf))
    frame = pickle.dumps(("ok", document), protocol=pickle.HIGHEST_PROTOCOL)
    assert load_answer(frame) == ("ok", document)
    with pytest.raises(pickle.UnpicklingError):
        load_answer(pickle.dumps(("ok", Path("/"))))  # plain data and records only
