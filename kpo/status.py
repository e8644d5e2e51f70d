"""What a workspace holds: its batches, their counts, failures and review backlog."""

from __future__ import annotations

from typing import Any

from kpo.review.queue import ReviewQueue
from kpo.staging import stale_runs
from kpo.workspace import Workspace


def _queue_counts(workspace: Workspace, client: str, batch_id: str) -> dict[str, Any]:
    if not workspace.queue_path.exists():
        return {"total": 0, "open": 0, "by_status": {}, "by_reason": {}}
    with ReviewQueue(workspace.queue_path) as queue:
        counts = queue.counts(client, batch_id)
    return {
        "total": counts.total,
        "open": counts.open,
        "by_status": dict(counts.by_status),
        "by_reason": dict(counts.by_reason),
    }


def _status(workspace: Workspace, manifest: dict[str, Any]) -> dict[str, Any]:
    summary = manifest.get("summary", {})
    client, batch_id = manifest["client"], manifest["batch_id"]
    return {
        "client": client,
        "batch_id": batch_id,
        "created_at": manifest.get("created_at"),
        "documents": summary.get("documents", 0),
        "pages": summary.get("pages", 0),
        "succeeded": summary.get("succeeded", 0),
        "failed": summary.get("failed", 0),
        "failures_by_reason": summary.get("failures_by_reason", {}),
        "by_type": summary.get("by_type", {}),
        "review": _queue_counts(workspace, client, batch_id),
        "output_dir": str(workspace.batch_dir(client, batch_id)),
    }


def list_batches(workspace: Workspace, client: str | None = None) -> list[dict[str, Any]]:
    """Every committed batch of the workspace (of one client), newest first."""
    return [_status(workspace, m) for m in workspace.manifests(client)]


def batch_status(workspace: Workspace, batch_id: str, client: str | None = None) -> dict[str, Any]:
    """One batch's counts, failures and review backlog; WorkspaceError if unknown."""
    return _status(workspace, workspace.manifest(client, batch_id))


def interrupted_runs(workspace: Workspace, client: str | None = None) -> list[dict[str, Any]]:
    """Batches whose run died with documents done (resumable with the same --batch)."""
    root = workspace.batches_root
    if client is not None:
        clients = [client]
    else:
        clients = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return [
        {"client": name, "batch_id": run.batch_id, "documents_done": run.done}
        for name in clients
        for run in stale_runs(root / name)
        if run.resumable
    ]
