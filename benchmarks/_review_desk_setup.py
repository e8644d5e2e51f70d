"""What bench_review_desk.py stands on: the kpo source it serves, a generated batch in a
fresh queue, ``kpo serve`` in a process of its own, the CPU-seconds of process trees, and
the decisions read straight from the queue's database.

The source is the working tree, or ``git archive COMMIT`` unpacked in the scratch folder
and laid out as the installed wheel lays it out (``datasets/`` as ``kpo/datasets`` ...,
from that commit's ``[tool.setuptools] package-dir``), put first on PYTHONPATH. The batch
is made by this file run as a script under that same source, so an old commit's page is
measured on its own schema. Both run in the scratch folder, not in the repository: a child
started with ``python -m`` (the extraction and drawing sandboxes) imports from its working
directory first, and would otherwise mix the working tree's kpo into an older commit's.
Run as a script:

    python benchmarks/_review_desk_setup.py WORKSPACE DB ITEMS SEED USER PASSWORD
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CLIENT = "acme"


def snapshot(commit: str, into: Path) -> Path:
    """``commit``'s tree unpacked under ``into``; the folder to put first on PYTHONPATH."""
    src, pkg = into / "src", into / "pkg"
    src.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", commit], cwd=REPO, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    config = tomllib.loads((src / "pyproject.toml").read_text(encoding="utf-8"))
    dirs: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    for name, folder in sorted(dirs.items(), key=lambda kv: kv[0].count(".")):
        target = pkg.joinpath(*name.split("."))
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(src / folder, target_is_directory=True)
    return pkg


def source_env(pythonpath: Path | None) -> dict[str, str]:
    """The environment of the batch maker and the server: ``pythonpath`` first, if given."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    return env


def make_batch(env: dict[str, str], workspace: Path, db: str, items: int, seed: int,
               user: tuple[str, str]) -> dict[str, int]:  # fmt: skip
    """Run this file as a script: the batch in ``db``; its summary (items by kind)."""
    args = [str(workspace), db, str(items), str(seed), *user]
    done = subprocess.run([sys.executable, __file__, *args], env=env, cwd=workspace.parent,
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"making the batch failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _generate(workspace: Path, items: int, seed: int) -> list[object]:
    """Generated PDFs through ``run_batch`` until the workspace's queue has ``items`` items."""
    from kpo.batch import BatchRequest, run_batch
    from kpo.datasets.generator import generate_corpus
    from kpo.review.queue import open_review

    workspace.mkdir(parents=True)
    (workspace / "kpo.toml").write_text("[review]\naudit_rate = 0.5\n", encoding="utf-8")
    for round_ in range(20):
        inputs = workspace.parent / "in" / str(round_)
        labels = generate_corpus(inputs, max(items // 2, 4), seed + round_)
        paths = [str(inputs / "pdfs" / r.file) for r in labels]
        request = BatchRequest(paths, CLIENT, workspace, batch_id=f"g{round_}", workers=0)
        run_batch(request)
        with open_review(None, workspace) as service:
            found = service.list_items()
        if len(found) >= items:
            return list(found[:items])
    raise SystemExit(f"20 rounds of generated PDFs gave only {len(found)} review items")


def _fill(workspace: Path, db: str, items: int, seed: int, user: str, password: str) -> None:
    from kpo.records import ReviewItem
    from kpo.review.queue import open_review
    from kpo.review.users import Users

    found = _generate(workspace, items, seed)
    pairs = [(i.path, ReviewItem(i.doc_id, i.reason, i.doc_type, i.field, i.value,  # type: ignore[attr-defined]
                                 i.confidence, i.threshold, i.page_number, i.box))  # type: ignore[attr-defined]
             for i in found]  # fmt: skip
    with open_review(db, workspace) as service:
        service.add_batch(CLIENT, "b1", pairs)
        Users(service.store).add(user, password, "reviewer", (CLIENT,))
    kinds = {
        "with_value": sum(1 for _, r in pairs if r.field is not None and r.value is not None),
        "without_value": sum(1 for _, r in pairs if r.field is not None and r.value is None),
        "document_type": sum(1 for _, r in pairs if r.field is None),
    }
    print(json.dumps(kinds))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(env: dict[str, str], workspace: Path, db: str, port: int) -> subprocess.Popen[bytes]:
    """``kpo serve`` on 127.0.0.1:``port`` in a process of its own, once it answers."""
    cli = "from kpo.cli import main; main()"
    command = [sys.executable, "-P", "-c", cli, "serve", "--workspace", str(workspace), "--db", db,
               "--host", "127.0.0.1", "--port", str(port), "--insecure-cookies"]  # fmt: skip
    proc = subprocess.Popen(command, env=env, cwd=workspace.parent,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kpo serve ended: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2):
                return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise SystemExit("kpo serve did not answer within 60 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """End the server and whatever children it left, each by its pid."""
    try:
        kids = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        kids = []
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    for kid in kids:
        if kid.is_running():
            kid.kill()


def tree_cpu(root: psutil.Process) -> float:
    """User+system seconds of ``root`` and its descendants, the reaped ones included."""
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def chromium_roots() -> list[psutil.Process]:
    """The chromium processes started under this one whose parent is not chromium."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if proc.name().startswith("chrom") and not proc.parent().name().startswith("chrom"):
                found.append(proc)
        except (psutil.NoSuchProcess, AttributeError):
            continue
    return found


def machine_busy() -> float:
    """CPU-seconds the whole machine spent busy so far (all cores, every process)."""
    t = psutil.cpu_times()
    return float(sum(t) - t.idle - getattr(t, "iowait", 0.0))


def decisions(db: str) -> dict[int, str]:
    """item id -> action of every decision in the queue (read only, any schema version)."""
    sql = "SELECT item_id, action FROM decisions"
    if db.startswith(("postgresql://", "postgres://")):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            return {int(r[0]): str(r[1]) for r in conn.execute(sql)}
    lite = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {int(r[0]): str(r[1]) for r in lite.execute(sql)}
    finally:
        lite.close()


if __name__ == "__main__":
    ws, db_, n, seed_, name, password_ = sys.argv[1:7]
    _fill(Path(ws), db_, int(n), int(seed_), name, password_)
