"""The review page's drawing child (``Drawer``) with the client's extraction limits: killed
at the time limit, stopped past the memory limit, and stopped when the drawer closes.

Regression of issue 16 (point 4): a 481-byte PDF with a 14400 x 14400 pt page took 31 s
and 3.6 GB in the web process. Through the review page: test_document.py.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from .heavy_pdfs import form_bomb_pdf, huge_page_pdf


def draw_request(path: Path, data: bytes, max_pixels: int) -> Any:
    """A request to draw page 1 of ``path`` (whose bytes are ``data``) at scale 1.5."""
    from kpo.web.render_child import DrawRequest

    doc_id = hashlib.sha256(data).hexdigest()
    return DrawRequest("png", (("the file", str(path)),), doc_id, 1, None, 1.5, max_pixels, 10**6)


def test_the_drawing_child_is_killed_at_the_time_limit(tmp_path: Path) -> None:
    from kpo.errors import KpoError
    from kpo.settings import Limits
    from kpo.web.render_sandbox import Drawer

    bomb = form_bomb_pdf()
    (tmp_path / "bomb.pdf").write_bytes(bomb)
    request = draw_request(tmp_path / "bomb.pdf", bomb, max_pixels=6 * 10**6)
    drawer = Drawer(max_children=1)
    try:
        with pytest.raises(KpoError, match=r"E615.*1 s time limit"):
            drawer.ask(request, Limits(timeout_s=1))
        assert drawer.pids() == [], "the child was dropped"
    finally:
        drawer.close()


def test_a_page_over_the_memory_limit_fails_with_e615(tmp_path: Path) -> None:
    from kpo.errors import KpoError
    from kpo.settings import Limits
    from kpo.web.render_sandbox import Drawer

    data = huge_page_pdf()
    (tmp_path / "huge.pdf").write_bytes(data)
    request = draw_request(tmp_path / "huge.pdf", data, max_pixels=10**9)
    drawer = Drawer(max_children=1)  # no pixel cap: the full 21600 x 21600 page needs 1.9 GB
    try:
        with pytest.raises(KpoError, match=r"E615.*400 MB memory limit"):
            drawer.ask(request, Limits(timeout_s=60, memory_mb=400))
    finally:
        drawer.close()


def test_closing_the_drawer_stops_a_page_being_drawn(tmp_path: Path) -> None:
    from kpo.errors import KpoError
    from kpo.settings import Limits
    from kpo.web.render_sandbox import Drawer

    bomb = form_bomb_pdf()
    (tmp_path / "bomb.pdf").write_bytes(bomb)
    drawer = Drawer(max_children=2)
    errors: list[BaseException] = []

    def draw() -> None:
        try:
            drawer.ask(draw_request(tmp_path / "bomb.pdf", bomb, 6 * 10**6), Limits(timeout_s=60))
        except KpoError as exc:
            errors.append(exc)

    thread = threading.Thread(target=draw, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not drawer.pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    [pid] = drawer.pids()
    time.sleep(0.5)  # drawing now
    started = time.monotonic()
    drawer.close()
    thread.join(timeout=10)
    assert not thread.is_alive() and time.monotonic() - started < 5
    assert len(errors) == 1 and "E615" in str(errors[0])
    assert drawer.pids() == []
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
