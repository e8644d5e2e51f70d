"""Draw pages in child processes with extraction's limits, never in the web process.

``Drawer.ask(request, limits)`` sends a ``DrawRequest`` to a child
(``kpo.web.render_child``: a fresh interpreter, its address space capped at
``limits.memory_mb``) and waits at most ``limits.timeout_s`` for the answer; on
timeout it kills the child by its pid (the child leads its own process group) and
the next request gets a new one. Up to ``max_children`` children draw at once, so
one slow page does not hold up the others; idle children are kept for the next
requests. A request that finds every child busy for ``timeout_s`` is refused.

A child's answer is untrusted: its size is capped and it is read as plain data.
Every failure becomes a ``KpoError`` with a numbered message: ``DocumentUnavailable``
(E614: no file with the document's sha256), ``DrawingFailed`` (E615 over a limit,
E617 PDFium refused the bytes) or ``PageNotInDocument`` (E618).
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from kpo.errors import Errors, KpoError, WorkspaceError
from kpo.frames import FRAME_HEADER, write_frame
from kpo.settings import Limits
from kpo.web import render_child
from kpo.web.render_child import DrawRequest

STARTUP_TIMEOUT_S = 60.0
DEFAULT_CHILDREN = 4
WRONG_ANSWER = "the drawing process sent a wrong answer"
_MB = 1024 * 1024


class DocumentUnavailable(WorkspaceError):
    """E614: no readable file has the document's sha256."""


class DrawingFailed(KpoError):
    """E615 or E617: the page could not be drawn."""


class PageNotInDocument(KpoError):
    """E618: the asked page is not one of the document's pages."""


class _Failed(Exception):
    """The child could not answer (timed out, died, or sent garbage); ``why`` says which."""


class DrawingChild:
    """One child process; ``ask`` sends a request and waits for its answer."""

    def __init__(self, memory_mb: int, command: Sequence[str]) -> None:
        self.memory_mb = memory_mb
        self.proc = subprocess.Popen(
            [*command, str(memory_mb)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True,
        )  # fmt: skip
        self.ready = False
        self._kill_lock = threading.Lock()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        with self._kill_lock:
            return self.proc.poll() is None

    def ask(self, request: DrawRequest, timeout_s: float) -> Any:
        if not self.ready:
            if self._receive(STARTUP_TIMEOUT_S) != ("ready",):
                raise _Failed("the drawing process did not start")
            self.ready = True
        assert self.proc.stdin is not None
        try:
            write_frame(self.proc.stdin, request)
        except OSError:
            raise _Failed(self._death()) from None
        return self._receive(timeout_s)

    def _receive(self, timeout_s: float) -> Any:
        deadline = time.monotonic() + timeout_s
        header = self._read(FRAME_HEADER.size, deadline, timeout_s)
        (size,) = FRAME_HEADER.unpack(header)
        if size > self.memory_mb * _MB:  # more than the child could have held
            raise _Failed(f"the drawing process sent {size} bytes, over its memory limit")
        data = self._read(size, deadline, timeout_s)
        try:
            return render_child.load_answer(data)
        except Exception:  # any garbage: the child is not to be trusted
            raise _Failed("the drawing process sent an unreadable answer") from None

    def _read(self, size: int, deadline: float, timeout_s: float) -> bytes:
        assert self.proc.stdout is not None
        fd, buffer = self.proc.stdout.fileno(), bytearray()
        while len(buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Failed(f"it took longer than the {timeout_s:g} s time limit")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, min(size - len(buffer), 16 * _MB))
            if not chunk:
                raise _Failed(self._death())
            buffer += chunk
        return bytes(buffer)

    def _death(self) -> str:
        status = self.kill()
        if status is not None and status < 0:
            with contextlib.suppress(ValueError):
                name = signal.Signals(-status).name
                return f"the drawing process was stopped by {name} (its limit: {self.memory_mb} MB)"
        return f"the drawing process stopped (status {status})"

    def stop(self) -> None:
        """SIGKILL the child (its process group); the thread using it then reads the end."""
        with self._kill_lock:
            self._signal()

    def kill(self) -> int | None:
        """Stop the child, reap it and close its pipes (by its user only); its exit status."""
        with self._kill_lock:
            self._signal()
            status = self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return status

    def _signal(self) -> None:
        """SIGKILL to the child's group, only while it is not reaped (a reused pid is never hit).

        Callers hold ``_kill_lock``, as every poll and wait does.
        """
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(self.proc.pid, signal.SIGKILL)


class Drawer:
    """Up to ``max_children`` drawing children, shared by the web process's request threads."""

    def __init__(
        self, max_children: int = DEFAULT_CHILDREN, child_command: Sequence[str] | None = None
    ) -> None:
        self.max_children = max_children
        self.child_command = list(child_command or [sys.executable, "-m", render_child.__name__])
        self._slots = threading.BoundedSemaphore(max_children)
        self._lock = threading.Lock()
        self._idle: list[DrawingChild] = []
        self._busy: set[DrawingChild] = set()

    def ask(self, request: DrawRequest, limits: Limits) -> Any:
        """The child's ``("ok", payload)`` answer; a refusal or failure raises (E614/E615/E617)."""
        if not self._slots.acquire(timeout=limits.timeout_s):
            why = f"{self.max_children} other pages were being drawn for {limits.timeout_s:g} s"
            raise DrawingFailed(Errors.E615.format(why=why))
        try:
            child = self._take(limits.memory_mb)
            try:
                reply = child.ask(request, limits.timeout_s)
            except _Failed as exc:
                self._drop(child)
                raise DrawingFailed(Errors.E615.format(why=exc)) from None
            self._give_back(child, keep=isinstance(reply, tuple) and reply[:1] != ("limit",))
        finally:
            self._slots.release()
        return _checked(reply, request)

    def _take(self, memory_mb: int) -> DrawingChild:
        with self._lock:
            for child in list(self._idle):
                self._idle.remove(child)
                if child.memory_mb == memory_mb and child.alive():
                    self._busy.add(child)
                    return child
                child.kill()  # another cap, or dead: make room for a fresh one
            child = DrawingChild(memory_mb, self.child_command)
            self._busy.add(child)
            return child

    def _give_back(self, child: DrawingChild, *, keep: bool) -> None:
        with self._lock:
            self._busy.discard(child)
            if keep and child.alive():
                self._idle.append(child)
                return
        child.kill()

    def _drop(self, child: DrawingChild) -> None:
        with self._lock:
            self._busy.discard(child)
        child.kill()

    def pids(self) -> list[int]:
        """The pids of the running children (idle and busy)."""
        with self._lock:
            return [c.pid for c in (*self._idle, *self._busy)]

    def close(self) -> None:
        """Stop every child (requests still drawing get E615); later requests start new ones.

        A busy child is only signalled: the request using it reaps it and closes its pipes.
        """
        with self._lock:
            idle, busy, self._idle = self._idle, list(self._busy), []
        for child in idle:
            child.kill()
        for child in busy:
            child.stop()


def _checked(reply: Any, request: DrawRequest) -> Any:
    """The payload of an ``ok`` answer; any other answer raises its numbered error."""
    match reply:
        case ("ok", payload):
            return payload
        case ("missing", str(why)):
            raise DocumentUnavailable(Errors.E614.format(why=why, doc_id=request.doc_id))
        case ("limit", str(why)):
            raise DrawingFailed(Errors.E615.format(why=why))
        case ("unreadable", str(why)):
            raise DrawingFailed(Errors.E617.format(why=why))
        case ("nopage", int(pages)):
            raise PageNotInDocument(Errors.E618.format(page=request.page_number, pages=pages))
    raise DrawingFailed(Errors.E615.format(why=WRONG_ANSWER))
