"""Wiring for scan workers: sources, engines and the scan runner, built from Settings."""

from __future__ import annotations

import os
import socket

from infra.advisory_store import PostgresAdvisoryStore
from infra.bootstrap import Container
from scanners.archive_source import ArchiveSource
from scanners.dependencies import DependencyEngine
from scanners.engine import Engine
from scanners.git_source import GitSource
from scanners.secrets import SecretsEngine
from scanners.semgrep import SemgrepEngine
from scanners.worker import ScanRunner


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def build_engines(container: Container) -> dict[str, Engine]:
    advisories = PostgresAdvisoryStore(container.datastore)
    return {
        "sast": SemgrepEngine(),
        "secrets": SecretsEngine(),
        "dependencies": DependencyEngine(advisories.lookup),
    }


def build_scan_runner(
    container: Container, engines: dict[str, Engine] | None = None, runner_id: str | None = None
) -> ScanRunner:
    settings = container.settings
    git = GitSource(
        timeout_seconds=min(600, settings.scan_time_limit_seconds),
        max_bytes=settings.clone_max_bytes,
        max_files=settings.clone_max_files,
        allow_private_networks=settings.allow_private_networks,
        local_roots=settings.local_repo_roots,
    )
    archives = ArchiveSource(max_archive_bytes=settings.max_upload_bytes, max_files=settings.clone_max_files)
    return ScanRunner(
        scans=container.scans,
        leases=container.leases,
        uploads=container.uploads,
        git=git,
        archives=archives,
        engines=engines if engines is not None else build_engines(container),
        worker_id=runner_id or worker_id(),
        time_limit_seconds=settings.scan_time_limit_seconds,
        jobs=os.cpu_count() or 1,
    )
