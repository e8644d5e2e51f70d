"""Run extraction in a long-lived child process with a memory cap and a timeout.

The child is a fresh interpreter (``subprocess``, not ``fork``: the parent may be
a Ray worker with gRPC threads) that caps its own address space
(``RLIMIT_AS``) and extracts one file per request. The parent enforces the
wall-clock limit, which grows with the document's page count once the child has
told it (``Limits.timeout_for``): on timeout it kills the child by its pid and starts
a new one for the next document. Why a child died is told by extractors/sandbox_deaths.py.

OCR runs in the same child (Tesseract is the child's own subprocess, in its
session): a timeout kills the child's whole process group.

``extract_in_process`` does the same triage and error mapping without a child.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import IO, Any, TypeVar

import psutil

from kpo.errors import Errors
from kpo.extractors import sandbox_child
from kpo.extractors.ocr import OcrSettings
from kpo.extractors.page_stream import PageWindows
from kpo.extractors.sandbox_deaths import why_died
from kpo.frames import FRAME_HEADER, write_frame
from kpo.reasons import ReasonCode
from kpo.records import ExtractedDocument, Failure, InputFile
from kpo.settings import Limits

T = TypeVar("T")

STAGE = "extract"
STARTUP_TIMEOUT_S = 120.0  # a child that is not ready by then is reported as crashed
POLL_S = 0.02  # how often the parent samples the child's memory while it waits
# a child whose output ended is given this long to exit by itself before it is killed,
# so that its own exit status is read (and never mistaken for kpo's SIGKILL)
EXIT_GRACE_S = 2.0
_MB = 1024 * 1024


class _ChildDied(Exception):
    """The child exited before answering."""


class _TimedOut(Exception):
    """The child did not answer in time."""


class _BadAnswer(Exception):
    """The child sent something that is not an answer (the message says what, never its text)."""


class ExtractionSandbox:
    """Extract files in a child process; ``extract(file)`` never raises for a bad file.

    ``ocr``: how pages without a usable text layer are read (None: they are only flagged).
    ``child_command``: the command that runs the child, its memory cap in MB appended
    (default: this interpreter running ``kpo.extractors.sandbox_child``); a wrapper such
    as ``bwrap ...`` can go in front of it.
    """

    def __init__(
        self,
        limits: Limits | None = None,
        ocr: OcrSettings | None = sandbox_child.DEFAULT_OCR,
        child_command: Sequence[str] | None = None,
    ) -> None:
        self.limits = Limits.resolve(limits)
        self.ocr = ocr
        self.child_command = list(child_command or [sys.executable, "-m", sandbox_child.__name__])
        self._proc: subprocess.Popen[bytes] | None = None
        self._ready = False  # the running child has said "ready"
        self._stderr: IO[bytes] | None = None
        self._peak_bytes = 0

    @property
    def pid(self) -> int | None:
        """The child's pid, or None when no child runs."""
        return self._proc.pid if self._proc is not None else None

    def extract(self, file: InputFile) -> ExtractedDocument | Failure:
        limit_s = self.limits.timeout_s  # until the child has counted the pages
        try:
            proc = self._child()
            self._send(proc, (file.path, file.doc_id, self.limits, self.ocr))
            started, pages = time.monotonic(), PageWindows()
            while True:
                reply = self._receive(proc, started + limit_s - time.monotonic())
                match reply:
                    case ("pages", int(count)):
                        limit_s = self.limits.timeout_for(count)
                    case ("window", tuple(window)):
                        _checked(pages.take, window, self.limits.max_pages)
                    case _:
                        return self._to_result(file, reply, pages)
        except _BadAnswer as exc:
            self._kill()
            return _failure(file, ReasonCode.CRASHED, Errors.E317.format(why=exc))
        except _TimedOut:
            self._kill()
            return _failure(file, ReasonCode.TIMEOUT, Errors.E305.format(limit_s=limit_s))
        except (_ChildDied, BrokenPipeError):
            return self._died(file)

    def _to_result(
        self, file: InputFile, reply: Any, pages: PageWindows
    ) -> ExtractedDocument | Failure:
        match reply:
            case ("ok", ExtractedDocument() as document):
                return _checked(pages.into, document)
            case ("error", ReasonCode() as code, str(message)):
                if code == ReasonCode.MEMORY_LIMIT:
                    self._kill()
                return _failure(file, code, message)
        raise _BadAnswer("an answer of the wrong shape")

    def start(self) -> None:
        """Start the child now, without waiting for it: its imports overlap the caller's work.

        ``extract`` starts one on demand too, so calling this is optional.
        """
        if self._proc is not None and self._proc.poll() is None:
            return
        self._kill()
        self._stderr = tempfile.TemporaryFile(mode="a+b")  # noqa: SIM115 (lives with the child)
        command = [*self.child_command, str(self.limits.memory_mb)]
        self._proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            start_new_session=True, close_fds=True,
        )  # fmt: skip
        self._ready = False

    def _child(self) -> subprocess.Popen[bytes]:
        self.start()
        assert self._proc is not None
        if self._ready:
            return self._proc
        try:
            ready = self._receive(self._proc, STARTUP_TIMEOUT_S)
        except _TimedOut as exc:
            self._kill()
            raise _ChildDied from exc
        if ready != ("ready",):
            raise _ChildDied
        self._ready = True
        return self._proc

    def _send(self, proc: subprocess.Popen[bytes], request: tuple[Any, ...]) -> None:
        assert proc.stdin is not None
        self._clear_stderr()
        self._peak_bytes = 0
        write_frame(proc.stdin, request)

    def _receive(self, proc: subprocess.Popen[bytes], timeout_s: float) -> Any:
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + timeout_s
        header = self._read_exactly(proc, fd, FRAME_HEADER.size, deadline)
        (size,) = FRAME_HEADER.unpack(header)
        if size > self.limits.memory_mb * _MB:  # more than the child could have held
            raise _BadAnswer(f"a frame of {size} bytes, over the {self.limits.memory_mb} MB cap")
        data = self._read_exactly(proc, fd, size, deadline)
        try:
            return sandbox_child.load_answer(data)
        except Exception as exc:  # any garbage: the child is not to be trusted
            raise _BadAnswer(f"an unreadable frame: {type(exc).__name__}") from exc

    def _read_exactly(
        self, proc: subprocess.Popen[bytes], fd: int, size: int, deadline: float
    ) -> bytes:
        buffer = bytearray()
        while len(buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _TimedOut
            ready, _, _ = select.select([fd], [], [], min(remaining, POLL_S))
            if not ready:
                self._sample_memory(proc)
                continue
            chunk = os.read(fd, min(size - len(buffer), 16 * _MB))
            if not chunk:
                raise _ChildDied
            buffer += chunk
        return bytes(buffer)

    def _sample_memory(self, proc: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(psutil.Error):
            self._peak_bytes = max(self._peak_bytes, psutil.Process(proc.pid).memory_info().vms)

    def _died(self, file: InputFile) -> Failure:
        status = self._kill(grace_s=EXIT_GRACE_S)
        share = self._peak_bytes / (self.limits.memory_mb * _MB)
        code, message = why_died(status, share, self._stderr_tail(), self.limits.memory_mb)
        return _failure(file, code, message)

    def _clear_stderr(self) -> None:
        if self._stderr is not None:
            self._stderr.truncate(0)

    def _stderr_tail(self, size: int = 4096) -> bytes:
        if self._stderr is None:
            return b""
        self._stderr.seek(0, os.SEEK_END)
        end = self._stderr.tell()
        self._stderr.seek(max(0, end - size))
        return self._stderr.read()

    def _kill(self, grace_s: float = 0.0) -> int | None:
        """Stop the child (SIGKILL to its pid) and return its exit status.

        ``grace_s``: how long a child that is already on its way out may take to exit by
        itself; the status is then its own, not that of kpo's SIGKILL.
        """
        proc, self._proc = self._proc, None
        self._ready = False
        if proc is None:
            return None
        if grace_s:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=grace_s)
        with contextlib.suppress(OSError):  # the child leads its session: Tesseract goes too
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        status = proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()
        return status

    def close(self) -> None:
        """Stop the child, if any; the sandbox starts a new one if used again."""
        self._kill()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> ExtractionSandbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_proc", None) is not None:
            self._kill()


def _checked(check: Callable[..., T], *args: Any) -> T:
    """``check(*args)``, its ValueError (a wrong answer from the child) as ``_BadAnswer``."""
    try:
        return check(*args)
    except ValueError as exc:
        raise _BadAnswer(str(exc)) from exc


def _failure(file: InputFile, code: ReasonCode, message: str) -> Failure:
    return Failure(file.doc_id, file.path, STAGE, code, message)


def extract_in_process(
    file: InputFile,
    limits: Limits | None = None,
    ocr: OcrSettings | None = sandbox_child.DEFAULT_OCR,
) -> ExtractedDocument | Failure:
    """Triage and extract in this process (no memory cap, no timeout); for tests and debugging."""
    reply = sandbox_child.answer(file.path, file.doc_id, Limits.resolve(limits), ocr)
    if reply[0] == "ok":
        document: ExtractedDocument = reply[1]
        return document
    return _failure(file, ReasonCode(reply[1]), reply[2])
