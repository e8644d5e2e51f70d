"""The same batch in-process, on a local Ray and on a real two-node Ray cluster."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from .ray_cluster import listening_ips, ray_cluster, reachable_beyond_loopback

pytestmark = [pytest.mark.ray, pytest.mark.slow]
KPO = str(Path(sys.executable).with_name("kpo"))
OWN_NICENESS = os.getpriority(os.PRIO_PROCESS, 0)
RAY_DEFAULT_NICENESS = min(OWN_NICENESS + 15, 19)  # what a cluster's workers get by default
in_loopback_namespace = pytest.mark.skipif(
    os.environ.get("KPO_LOOPBACK_ONLY") != "1",
    reason="Ray binds its GCS and raylet to every interface whatever --node-ip-address says; "
    "run the suite as `make test` does (scripts/loopback-only.sh, as root) to keep them on "
    "loopback",
)


def kpo_run(inputs: Path, workspace: Path, *extra: str, env: dict[str, str] | None = None) -> dict:
    clean = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    cmd = [KPO, "run", str(inputs), "--client", "acme", "--batch", "b1",
           "--workspace", str(workspace), "--json", *extra]  # fmt: skip
    done = subprocess.run(cmd, env={**clean, **(env or {})}, capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def comparable(summary: dict) -> dict[str, list]:
    folder = Path(summary["output_dir"])
    docs = pd.read_parquet(folder / "documents.parquet")
    fields = pd.read_parquet(folder / "fields.parquet")
    docs["path"] = docs["path"].map(lambda p: Path(p).name)
    doc_cols = ["path", "doc_id", "status", "reason", "doc_type", "page_count", "fields_found"]
    field_cols = ["doc_id", "field", "value_index", "status", "value", "page_number", "x0", "top"]
    fields["confidence"] = fields["confidence"].round(4)
    docs = docs[doc_cols].sort_values("path")
    fields = fields[[*field_cols, "confidence"]].sort_values(field_cols[:3])
    return {  # NaN != NaN: compare missing values as None
        "documents": docs.astype(object).where(docs.notna(), None).to_dict("records"),
        "fields": fields.astype(object).where(fields.notna(), None).to_dict("records"),
    }


@pytest.fixture(scope="module")
def in_process(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return kpo_run(inputs, tmp_path_factory.mktemp("ws"), "--workers", "0")


def test_local_ray_equals_in_process(inputs: Path, in_process: dict, tmp_path: Path) -> None:
    summary = kpo_run(inputs, tmp_path, "--workers", "2")
    assert summary["executor"] == {
        "kind": "ray-local", "workers": 2, "nodes": 1, "niceness": OWN_NICENESS,
        "keep_warm_s": 0.0, "reused": 0,
    }  # fmt: skip
    assert comparable(summary) == comparable(in_process)


def test_local_workers_run_as_much_nicer_as_asked(inputs: Path, tmp_path: Path) -> None:
    one = inputs / "sample_contract.pdf"
    assert one.exists(), sorted(p.name for p in inputs.iterdir())
    summary = kpo_run(one, tmp_path, "--workers", "1", "--niceness", "3")
    assert summary["executor"]["niceness"] == min(OWN_NICENESS + 3, 19)


def test_two_node_cluster_equals_in_process(inputs: Path, in_process: dict, tmp_path: Path) -> None:
    with ray_cluster(tmp_path, nodes=2) as cluster:
        summary = kpo_run(inputs, tmp_path / "ws", "--ray-address", cluster.address,
                          env=cluster.env)  # fmt: skip
    assert summary["executor"] == {
        "kind": "ray-cluster", "workers": 2, "nodes": 2, "niceness": RAY_DEFAULT_NICENESS,
        "keep_warm_s": 600.0, "reused": 0,
    }  # fmt: skip
    assert comparable(summary) == comparable(in_process)
    assert summary["failed"] == 2  # the truncated sample and the text file


def test_more_workers_than_the_cluster_has_cpus_run_on_the_cpus_it_has(
    inputs: Path, in_process: dict, tmp_path: Path
) -> None:
    with ray_cluster(tmp_path, nodes=1) as cluster:  # one CPU
        summary = kpo_run(inputs, tmp_path / "ws", "--ray-address", cluster.address,
                          "--workers", "2", env=cluster.env)  # fmt: skip
    assert summary["executor"] == {
        "kind": "ray-cluster", "workers": 1, "nodes": 1, "niceness": RAY_DEFAULT_NICENESS,
        "keep_warm_s": 600.0, "reused": 0,
    }  # fmt: skip
    assert comparable(summary) == comparable(in_process)


def test_against_a_cluster_the_default_is_one_worker_per_cpu_of_the_cluster(
    inputs: Path, in_process: dict, tmp_path: Path
) -> None:
    cpus = (os.cpu_count() or 1) + 1  # one more than this machine has
    documents = in_process["documents"]
    if cpus > documents:
        pytest.skip(f"a {cpus}-CPU cluster would be capped by the {documents} documents of "
                    "the sample batch, as this machine's CPU count would be")  # fmt: skip
    with ray_cluster(tmp_path, nodes=1, cpus_per_node=cpus) as cluster:
        summary = kpo_run(inputs, tmp_path / "ws", "--ray-address", cluster.address,
                          env=cluster.env)  # fmt: skip
    assert summary["executor"]["workers"] == cpus and summary["executor"]["nodes"] == 1
    assert comparable(summary) == comparable(in_process)


@in_loopback_namespace
def test_cluster_nodes_are_reachable_from_this_machine_only(tmp_path: Path) -> None:
    with ray_cluster(tmp_path, nodes=1) as cluster:
        ips = listening_ips(cluster.pids)
    assert len(ips) >= 1  # the GCS and the raylet at least
    assert reachable_beyond_loopback(ips) == set()


LIFECYCLE_SCRIPT = """
import json, os, psutil
from kpo.jobs.ray_executor import RayExecutor
from kpo.settings import PipelineSettings
executor = RayExecutor(PipelineSettings(), workers=1)
def seen(p):  # name and command line, read once: a short-lived child may be gone by then
    try:
        return p, p.name(), p.cmdline()
    except psutil.NoSuchProcess:
        return None
started = [p for p in psutil.Process().children(recursive=True)]
found = [s for s in map(seen, started) if s is not None]
pids = {p.pid for p in started}
ips = sorted({c.laddr.ip for c in psutil.net_connections("inet")
              if c.pid in pids and c.status == psutil.CONN_LISTEN})
raylet = next(p for p, name, _ in found if name == "raylet").environ()
names = ["RAY_raylet_client_connect_timeout_milliseconds", "RAY_raylet_client_num_connect_attempts",
         "RAY_enable_worker_prestart"]
workers = [" ".join(cmd) for p, name, cmd in found if name.startswith("ray::")
           and "Agent" not in name]
def kind(name, cmd):
    scripts = [os.path.basename(part) for part in cmd if part.endswith(".py")]
    return scripts[0] if scripts else name
daemons = sorted({kind(name, cmd) for _, name, cmd in found})
auth = {"mode": raylet.get("RAY_AUTH_MODE"), "token": bool(raylet.get("RAY_AUTH_TOKEN")),
        "driver_token": "RAY_AUTH_TOKEN" in os.environ,
        "token_file": os.path.exists(os.path.expanduser("~/.ray/auth_token"))}
report = {"raylet": {n: raylet.get(n) for n in names},
          "driver": {n: os.environ.get(n) for n in names}, "workers": workers, "ips": ips,
          "auth": auth, "daemons": daemons}
executor.close()
psutil.wait_procs(started, timeout=10)
def alive_name(p):
    try:
        return p.name() if p.is_running() and p.status() != psutil.STATUS_ZOMBIE else None
    except psutil.NoSuchProcess:
        return None
alive = [name for name in map(alive_name, started) if name]
print(json.dumps({**report, "started": len(started), "alive": alive}))
"""


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Start a local Ray the way ``kpo run`` does, then close it; the user set one setting
    and has no Ray token (and a home folder of their own)."""
    hidden = ("RAY_ADDRESS", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_AUTH_MODE")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env["RAY_raylet_client_num_connect_attempts"] = "50"
    env["HOME"] = str(tmp_path_factory.mktemp("home"))
    done = subprocess.run([sys.executable, "-c", LIFECYCLE_SCRIPT], env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_closing_a_local_ray_stops_every_process_it_started(lifecycle: dict) -> None:
    assert lifecycle["started"] >= 3  # at least the GCS, the raylet and the worker
    assert lifecycle["alive"] == []


@in_loopback_namespace
def test_local_ray_is_reachable_from_this_machine_only(lifecycle: dict) -> None:
    assert len(lifecycle["ips"]) >= 1
    assert reachable_beyond_loopback(lifecycle["ips"]) == set()


def test_local_ray_connects_in_short_steps_keeping_the_users_setting(lifecycle: dict) -> None:
    assert lifecycle["raylet"] == {
        "RAY_raylet_client_connect_timeout_milliseconds": "100",
        "RAY_raylet_client_num_connect_attempts": "50",  # the user's value wins
        "RAY_enable_worker_prestart": "1",
    }
    # the driver's own environment is restored once Ray has started
    assert lifecycle["driver"] == {
        "RAY_raylet_client_connect_timeout_milliseconds": None,
        "RAY_raylet_client_num_connect_attempts": "50",
        "RAY_enable_worker_prestart": None,
    }


def test_local_ray_has_a_token_of_its_own_that_is_never_written(lifecycle: dict) -> None:
    # authentication on, with a token the started processes hold in memory only: no
    # ~/.ray/auth_token appears, and the driver's environment is restored
    assert lifecycle["auth"] == {
        "mode": "token", "token": True, "driver_token": False, "token_file": False,
    }  # fmt: skip


def test_local_ray_runs_no_monitors_and_no_api_server(lifecycle: dict) -> None:
    # nothing to autoscale on a run's own node, no driver reading forwarded logs, and no
    # one else to serve Ray's job or state API to
    assert {"gcs_server", "raylet"} <= set(lifecycle["daemons"])  # what Ray needs runs
    assert not {"monitor.py", "log_monitor.py", "dashboard.py"} & set(lifecycle["daemons"])


def test_local_ray_prestarts_only_the_workers_the_run_uses(lifecycle: dict) -> None:
    # one kpo worker, one CPU: the one prestarted Python worker became the actor
    assert len(lifecycle["workers"]) == 1
    assert "ProcessorActor" in lifecycle["workers"][0]


def test_an_address_where_nothing_listens_fails_at_once_with_the_reason(
    inputs: Path, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    clean = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    cmd = [KPO, "run", str(inputs), "--client", "acme", "--ray-address", address,
           "--workspace", str(tmp_path), "--json"]  # fmt: skip
    # Ray itself retries such an address for minutes
    done = subprocess.run(cmd, env=clean, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"E101 Could not connect to the Ray cluster at '{address}': nothing answers" in (
        done.stderr
    )
    assert not list(tmp_path.glob("batches/*/[!.]*"))  # no batch published (a staging
    # folder may stay: the run can be resumed)


GONE_SCRIPT = """
import json, os, sys
from kpo.ingest import ingest
from kpo.jobs.ray_executor import RayExecutor
from kpo.settings import PipelineSettings
files = ingest(sys.argv[2:])
os.unlink(sys.argv[2])  # gone after ingest, before the driver reads it to ship it
executor = RayExecutor(PipelineSettings(), address=sys.argv[1], workers=1)
try:
    results = [(os.path.basename(r.path), r.status, r.reason, r.message)
               for r in executor.map(files)]
finally:
    executor.close()
print(json.dumps(sorted(results)))
"""


def test_a_file_gone_before_it_is_shipped_to_a_cluster_is_one_failed_row(
    inputs: Path, tmp_path: Path
) -> None:
    """Regression: reading the bytes to ship raised out of map and ended the whole batch."""
    doomed = tmp_path / "doomed.pdf"
    doomed.write_bytes((inputs / "sample_claim.pdf").read_bytes() + b"\n% another copy")
    with ray_cluster(tmp_path, nodes=1) as cluster:
        env = {**{k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}, **cluster.env}
        args = [cluster.address, str(doomed), str(inputs / "sample_contract.pdf")]
        done = subprocess.run([sys.executable, "-c", GONE_SCRIPT, *args], env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    [gone, kept] = json.loads(done.stdout.strip().splitlines()[-1])
    assert gone[:3] == ["doomed.pdf", "failed", "unreadable"] and gone[3].startswith("E313")
    assert kept[:2] == ["sample_contract.pdf", "ok"]
