"""Why an extraction child died before answering: its memory cap, a signal from outside, a crash.

A child that died is classified ``memory_limit`` when it was near its cap or said so on
stderr, else ``crashed``: E322 when a signal from outside kpo killed it (SIGKILL,
SIGTERM: an operator, a supervisor, the system's OOM killer under memory pressure
elsewhere), E309 for any other death.
"""

from __future__ import annotations

import signal

from kpo.errors import Errors
from kpo.reasons import ReasonCode

NEAR_CAP = 0.85  # a child that died above this share of its cap ran out of memory
HALF_CAP = 0.5  # ... and one that aborted (pdfium's reaction to a failed allocation) above this
_ABORTS = (-signal.SIGABRT, -signal.SIGTRAP)
# signals a process does not send itself when it fails: someone outside kpo sent them
_OUTSIDE_KILLS = (-signal.SIGKILL, -signal.SIGTERM)
_OOM_HINTS = (b"MemoryError", b"out of memory", b"Out of memory", b"bad_alloc", b"allocate")


def why_died(
    status: int | None, share: float, stderr_tail: bytes, memory_mb: int
) -> tuple[ReasonCode, str]:
    """The reason code and message of a child that exited with ``status`` (negative: a
    signal) after using ``share`` of its ``memory_mb`` cap at its peak."""
    if out_of_memory(status, share, stderr_tail):
        return ReasonCode.MEMORY_LIMIT, Errors.E308.format(limit_mb=memory_mb)
    if status in _OUTSIDE_KILLS:
        name = signal.Signals(-status).name
        return ReasonCode.CRASHED, Errors.E322.format(signal=name, share=share)
    return ReasonCode.CRASHED, Errors.E309.format(status=_describe(status))


def out_of_memory(status: int | None, share: float, stderr_tail: bytes) -> bool:
    """Whether a dead child most likely hit its memory cap (``share``: its peak's share).

    A SIGKILL alone is not taken for the kernel's OOM killer: the child's own cap
    (``RLIMIT_AS``) stops it with a MemoryError or an abort long before the kernel
    would pick it, so a SIGKILL far below the cap came from outside kpo.
    """
    if share >= NEAR_CAP or any(hint in stderr_tail for hint in _OOM_HINTS):
        return True
    return status in _ABORTS and share >= HALF_CAP


def _describe(status: int | None) -> str:
    if status is not None and status < 0:
        try:
            return f"signal {signal.Signals(-status).name}"
        except ValueError:
            return f"signal {-status}"
    return str(status)
