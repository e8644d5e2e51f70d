"""A stand-in for an extraction child subverted by a hostile PDF.

It says "ready" like the real one, then answers every request with the bytes the test
chose: one frame or several (``frame`` makes one from a payload).
"""

from __future__ import annotations

import sys

FAKE_CHILD = """
import os, sys
from kpo.frames import read_frame, write_frame
answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
write_frame(answers, ("ready",))
frames = bytes.fromhex(sys.argv[1])
while read_frame(sys.stdin.buffer) is not None:
    answers.write(frames)
    answers.flush()
"""


def frame(payload: bytes) -> bytes:
    """One frame: the payload's length (8 bytes, big-endian), then the payload."""
    return len(payload).to_bytes(8, "big") + payload


def fake_child(frames: bytes) -> list[str]:
    """The command of a child that answers every request with ``frames``."""
    return [sys.executable, "-c", FAKE_CHILD, frames.hex()]
