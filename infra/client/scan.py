"""`pairsec scan`: pack, find or create the project, upload, scan, wait, fetch findings, gate."""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from infra.client import output
from infra.client.errors import ClientError
from infra.client.gate import exit_code
from infra.client.http import PairsecApi
from infra.client.packing import pack_tree

FINISHED = frozenset({"completed", "failed", "cancelled"})


@dataclass(frozen=True)
class ScanRequest:
    path: Path
    project: str
    scan_type: str = "full"
    fail_on: str = "high"
    new_only: bool = False
    fmt: str = "table"
    output: Path | None = None
    timeout: float = 900.0


def find_or_create_project(api: PairsecApi, name: str) -> str:
    """The id of the caller's project with exactly this name (case-insensitive), created when missing."""
    existing = project_named(api, name)
    if existing:
        return existing
    try:
        return str(api.post("/projects", {"name": name})["id"])
    except ClientError:
        # Two CI jobs may create the same project at once: the loser finds the winner's.
        existing = project_named(api, name)
        if existing:
            return existing
        raise


def project_named(api: PairsecApi, name: str) -> str | None:
    """The id of the caller's project with exactly this name (case-insensitive)."""
    for project in api.pages("/projects", q=name):
        if str(project.get("name", "")).casefold() == name.casefold():
            return str(project["id"])
    return None


def wait_for(api: PairsecApi, console: Console, scan_id: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout

    def poll() -> dict[str, Any]:
        if time.monotonic() > deadline:
            with contextlib.suppress(ClientError):  # the timeout is what the user needs to hear about
                api.post(f"/scans/{scan_id}/cancel")
            raise ClientError(f"scan {scan_id} did not finish within {timeout:g}s (cancelled)")
        return api.get(f"/scans/{scan_id}")

    return dict(output.watch(console, scan_id, poll, lambda status: status in FINISHED))


def run_scan(api: PairsecApi, request: ScanRequest, console: Console) -> int:
    """The whole CI flow; returns the exit code (0 pass, 1 findings at or above the threshold)."""
    if not request.path.is_dir():
        raise ClientError(f"{request.path} is not a folder")
    archive, files = pack_tree(request.path)
    if not files:
        raise ClientError(f"nothing to scan in {request.path} (every file is ignored)")
    project_id = find_or_create_project(api, request.project)
    upload_id = api.upload(project_id, archive)
    console.print(f"pairsec: uploaded {files} files ({len(archive) // 1024} KiB) to {request.project}")
    scan = api.post(
        "/scans", {"project_id": project_id, "scan_type": request.scan_type, "upload_id": upload_id}
    )
    scan_id = str(scan["id"])
    scan = wait_for(api, console, scan_id, request.timeout)
    if scan.get("status") == "failed":
        raise ClientError(f"scan {scan_id} failed: {scan.get('error') or 'no reason given'}")
    if scan.get("status") == "cancelled":
        raise ClientError(f"scan {scan_id} was cancelled")
    new = "true" if request.new_only else None
    findings = list(api.pages(f"/scans/{scan_id}/findings", new=new))
    title = f"{'new ' if request.new_only else ''}findings of scan {scan_id}"
    output.findings_table(console, findings, title)
    if request.fmt != "table":
        write_export(api, scan_id, request.fmt, request.output, new=new)
    return exit_code(findings, request.fail_on)


def write_export(api: PairsecApi, scan_id: str, fmt: str, path: Path | None, **filters: Any) -> None:
    """Stream the export into the file, or to stdout when no file is given."""
    if path is None:
        api.export(scan_id, fmt, sys.stdout.buffer, **filters)
        sys.stdout.buffer.flush()
        return
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as sink:
            api.export(scan_id, fmt, sink, **filters)
        partial.replace(path)
    except OSError as exc:
        raise ClientError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
