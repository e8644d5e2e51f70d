"""Items per hour on the review page: one reviewer clears N items of a generated batch in
headless chromium (Playwright), with the keyboard only (a benchmark, not a test).

Generated PDFs go through ``run_batch`` until the queue holds N items (values to check,
missing values, document types); the first N go into a fresh queue (SQLite, or a
throwaway PostgreSQL with --postgresql) with one reviewer, and ``kpo serve`` serves them
on 127.0.0.1 in a process of its own. The reviewer logs in by keyboard (those keys are
counted apart), opens the client's queue and clears it: a policy reads the page by its
element ids and presses the key of the flow's table (--flow): on the queue, claim next;
on an item held with a value, accept; with none, "not in the document" if the page has
it, else reject typing the reason "missing"; on a decided item, next. No clicks, and no
time to think: the figures are what the page itself costs a reviewer.

Printed: review key presses per item (typed reason characters apart), seconds per item
(wall time from the first key until the page after the last decision is loaded, and the
median gap between decisions), per accepted item too, items per hour of page time; the
CPU-seconds of the server's process tree, chromium's and the driver's (this script and
Playwright) beside the wall time, the whole machine's busy CPU-seconds and load.

    .venv/bin/python benchmarks/bench_review_desk.py --items 30
    .venv/bin/python benchmarks/bench_review_desk.py --flow v1 --commit 3e651da --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside this file
import _review_desk_setup as setup
from _review_desk_report import Tally, figures, show
from _run_targets import git_state

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip
USER, PASSWORD, REASON = "bench", "correct horse battery", "missing"
SETTLE_S = 30.0  # a key whose page does not settle within this is a failure


@dataclass(frozen=True)
class Flow:
    """The keys of one version of the review page, and the element ids it is read by."""

    claim_next: str  # on the queue page
    accept: str
    reject: str  # puts the focus in the reason box (then REASON, Enter)
    absent: str | None  # "not in the document", when the page offers it
    next: str  # on a decided item
    claim: str  # on an item nobody holds
    ids: dict[str, str] = field(default_factory=dict)


# element ids: held = the actions of an item the reviewer holds; value = the accept form
# (whose button is enabled); absent = the "not in the document" form; claim = claim form
V1_IDS = {"held": "accept-form", "value": "accept-form", "decision": "decision",
          "claim": "claim-form", "absent": ""}  # fmt: skip
V2_IDS = {**V1_IDS, "held": "actions", "absent": "absent-form"}
FLOWS = {
    # the page before issue 20 (3e651da): n claims the next item, a accepts, n again after
    "v1": Flow("n", "a", "r", None, "n", "c", V1_IDS),
    # issue 20 (c8aa1b8): a decision shows the next item; x: not in the document
    "v2": Flow("n", "a", "r", "x", "n", "c", V2_IDS),
}

# The page as the policy sees it. Ready: loaded, and every image displayed (in the layout,
# wherever it is scrolled to) has a source and has arrived: a viewer that sets its image's
# source from a script (once it knows the page sizes) is not ready before that image is.
VIEW_JS = """(ids) => {
  const on = (id) => { const el = id ? document.getElementById(id) : null;
                       return el && !el.hidden ? el : null; };
  const button = on(ids.value) ? on(ids.value).querySelector("button") : null;
  const shown = (img) => img.getClientRects().length > 0;
  const arrived = (img) => Boolean(img.getAttribute("src")) && img.complete;
  const ready = document.readyState === "complete"
    && Array.from(document.images).filter(shown).every(arrived);
  return {path: location.pathname, mark: window.__benchMark || 0, ready: ready,
          held: !!on(ids.held), value: !!button && !button.disabled,
          decided: !!on(ids.decision), claimable: !!on(ids.claim), absent: !!on(ids.absent),
          focus: document.activeElement ? document.activeElement.id : ""};
}"""


class Desk:
    """The reviewer's page: what it shows, and when it has settled after a key.

    Settled: the state differs from the one before the key, the page and its displayed
    images have loaded, no fetch or XHR of the page is in flight (a viewer that asks for
    the page sizes and then draws the page again at another zoom has not settled before
    that), and two looks in a row agree.
    """

    def __init__(self, page: Any, flow: Flow) -> None:
        self.page, self.flow = page, flow
        self.asking: set[Any] = set()  # the page's fetch and XHR requests in flight
        page.on("request", self._sent)
        page.on("requestfinished", self._answered)
        page.on("requestfailed", self._answered)

    def _sent(self, request: Any) -> None:
        if request.resource_type in ("fetch", "xhr"):
            self.asking.add(request)

    def _answered(self, request: Any) -> None:
        self.asking.discard(request)

    def view(self) -> dict[str, Any] | None:
        """The page's state, or None while it is loading (or between two documents)."""
        from playwright.sync_api import Error

        try:
            return dict(self.page.evaluate(VIEW_JS, self.flow.ids))
        except Error:
            return None

    def settle(self, before: dict[str, Any] | None) -> dict[str, Any]:
        """Wait until the page has settled in a state other than ``before``; that state."""
        deadline, last = time.monotonic() + SETTLE_S, None
        while time.monotonic() < deadline:
            now = self.view()
            if now is not None and now["ready"] and not self.asking and now != before:
                if now == last:
                    return now
                last = now
            else:
                last = None
            self.page.wait_for_timeout(10)
        raise SystemExit(f"the page did not settle after a key within {SETTLE_S:.0f} s: {before}")

    def press(self, key: str, state: dict[str, Any], tally: Tally) -> dict[str, Any]:
        """Press ``key`` (or type, for "type:TEXT"), counted in ``tally``; the state after."""
        if key.startswith("type:"):
            self.page.keyboard.type(key[5:])
            tally.typed += len(key) - 5
            return state
        tally.keys, tally.pending = tally.keys + 1, tally.pending + 1
        self.page.evaluate("(n) => { window.__benchMark = n; }", tally.keys)
        self.page.keyboard.press(key)
        return self.settle({**state, "mark": tally.keys})


def choose(state: dict[str, Any], flow: Flow) -> list[str]:
    """The policy: the keys for this page ("type:TEXT" types TEXT)."""
    if not state["path"].startswith("/items/"):
        return [flow.claim_next]
    if state["decided"]:
        return [flow.next]
    if state["held"] and state["value"]:
        return [flow.accept]
    if state["held"] and flow.absent and state["absent"]:
        return [flow.absent]
    if state["held"]:
        return [flow.reject, f"type:{REASON}", "Enter"]
    if state["claimable"]:
        return [flow.claim]
    raise SystemExit(f"no key for this page: {state}")


def clear_queue(desk: Desk, state: dict[str, Any], db: str, items: int) -> Tally:
    """Press the policy's keys from ``state`` until the database has ``items`` decisions."""
    tally = Tally()
    tally.first_key_at = tally.last_at = time.perf_counter()
    for _ in range(items * 12):
        for key in choose(state, desk.flow):
            state = desk.press(key, state, tally)
        tally.credit(setup.decisions(db), time.perf_counter())
        if len(tally.decided) >= items:
            return tally
    raise SystemExit(f"{len(tally.decided)} of {items} items decided after {tally.keys} keys")


def log_in(page: Any, url: str) -> int:
    """Log in by keyboard (in the name box, which has the focus); the keys it took."""
    page.goto(f"{url}/login")
    page.focus("input[name=name]")  # autofocus, unless the window had no focus yet
    page.keyboard.type(USER)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    deadline = time.monotonic() + SETTLE_S
    while page.url != f"{url}/":
        if time.monotonic() > deadline:
            text = page.inner_text("main") if page.locator("main").count() else page.content()
            raise SystemExit(f"the login did not go through; the page says: {text[:500]}")
        page.wait_for_timeout(50)
    return len(USER) + len(PASSWORD) + 2


@contextmanager
def chromium_page(profile: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )  # fmt: skip
        try:
            yield context.new_page()
        finally:
            context.close()


def cpu_now(server_pid: int) -> dict[str, float]:
    server = setup.tree_cpu(psutil.Process(server_pid))
    chromium = sum(setup.tree_cpu(p) for p in setup.chromium_roots())
    everything = setup.tree_cpu(psutil.Process())
    return {"server": server, "chromium": chromium, "driver": everything - server - chromium,
            "machine": setup.machine_busy()}  # fmt: skip


def drive(
    url: str, server_pid: int, db: str, items: int, flow: Flow, scratch: Path
) -> dict[str, Any]:
    """Log in, open the queue, clear it; the tally and CPU-seconds while clearing."""
    with chromium_page(scratch / "chromium-profile") as page:
        login_keys = log_in(page, url)
        desk = Desk(page, flow)
        page.goto(f"{url}/clients/{setup.CLIENT}")
        state = desk.settle(None)
        load_before, cpu_before = os.getloadavg(), cpu_now(server_pid)
        tally = clear_queue(desk, state, db, items)
        wall = time.perf_counter() - tally.first_key_at
        cpu_after = cpu_now(server_pid)
    cpu = {k: round(cpu_after[k] - cpu_before[k], 2) for k in cpu_before}
    cpu["others"] = round(cpu["machine"] - cpu["server"] - cpu["chromium"] - cpu["driver"], 2)
    return {"tally": tally, "wall": wall, "cpu": cpu, "login_keys": login_keys,
            "load": [round(v, 2) for v in (*load_before, *os.getloadavg())]}  # fmt: skip


@contextmanager
def queue_location(postgresql: bool, scratch: Path) -> Iterator[str]:
    if not postgresql:
        yield str(scratch / "queue.sqlite")
        return
    from bench_review import load_pg

    pg = load_pg()
    bin_dir = pg.find_bin_dir()
    if bin_dir is None:
        raise SystemExit("no initdb/pg_ctl found for --postgresql (set KPO_PG_BIN)")
    with pg.pg_server(bin_dir) as server:
        yield pg.create_database(server, "bench")


def run(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    pythonpath = setup.snapshot(args.commit, scratch / "source") if args.commit else None
    env = setup.source_env(pythonpath)
    with queue_location(args.postgresql, scratch) as db:
        workspace = scratch / "ws"
        kinds = setup.make_batch(env, workspace, db, args.items, args.seed, (USER, PASSWORD))
        port = setup.free_port()
        server = setup.serve(env, workspace, db, port)
        try:
            url = f"http://127.0.0.1:{port}"
            measured = drive(url, server.pid, db, args.items, FLOWS[args.flow], scratch)
        finally:
            setup.stop(server)
    return {"page": args.commit or git_state(), "flow": args.flow,
            "backend": "postgresql" if args.postgresql else "sqlite",
            "figures": figures(measured, kinds)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=30, help="items to clear (default 30)")
    parser.add_argument("--flow", choices=sorted(FLOWS), default="v2", help="the page's keys")
    parser.add_argument("--commit", help="serve the page of this commit (git archive)")
    parser.add_argument("--postgresql", action="store_true", help="queue in a throwaway PostgreSQL")
    parser.add_argument("--seed", type=int, default=7, help="of the generated PDFs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kpo-bench-desk-") as tmp:
        result = run(args, Path(tmp))
    print(json.dumps(result, indent=2)) if args.json else show(result)


if __name__ == "__main__":
    main()
