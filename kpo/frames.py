"""Length-prefixed pickle frames between kpo and the child processes it starts.

The extraction sandbox (kpo.extractors.sandbox_child) and the page drawer of the
review page (kpo.web.render_child) talk to their parent over pipes in frames: an
8-byte big-endian length, then a pickle. A child trusts its parent's requests; the
parent never trusts a child's answer and reads it with a restricted unpickler of
its own.
"""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

FRAME_HEADER = struct.Struct(">Q")


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
