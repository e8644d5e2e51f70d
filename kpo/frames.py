"""What kpo's child processes share: pickle frames over pipes, and a memory cap.

The extraction sandbox (kpo.extractors.sandbox_child) and the page drawer of the
review page (kpo.web.render_child) talk to their parent over pipes in frames: an
8-byte big-endian length, then a pickle. A child trusts its parent's requests; the
parent never trusts a child's answer and reads it with a restricted unpickler of
its own.
"""

from __future__ import annotations

import pickle
import resource
import struct
from typing import IO, Any

FRAME_HEADER = struct.Struct(">Q")
_MB = 1024 * 1024


def write_frame(stream: IO[bytes], payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(FRAME_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """The next frame's object, or None when the stream has ended (the parent is trusted)."""
    header = stream.read(FRAME_HEADER.size)
    if len(header) < FRAME_HEADER.size:
        return None
    (size,) = FRAME_HEADER.unpack(header)
    return pickle.loads(stream.read(size))


def cap_memory(memory_mb: int) -> None:
    """Limit this process's address space to ``memory_mb`` MB (never above its hard limit)."""
    limit = memory_mb * _MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
