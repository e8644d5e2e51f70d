"""Drawn pages kept in memory: a least-recently-used cache bounded by its total size in bytes.

The document viewer asks for a page at a zoom each time the reviewer turns to it;
drawing it again costs a child process about 50 to 200 ms, reading it here nothing.
Keys name the client, the document's sha256, the page and the zoom: a value is kept
only after the child checked that the bytes it drew have that sha256.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class PageCache:
    """At most ``max_bytes`` of values; the least recently used go first (thread-safe)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def get(self, key: Hashable) -> object | None:
        """The value of ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: object, size: int) -> None:
        """Keep ``value`` (``size`` bytes), dropping the least recently used to make room.

        A value larger than the whole cache is not kept.
        """
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[1]
            if size > self.max_bytes:
                return
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
