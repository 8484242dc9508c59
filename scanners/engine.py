"""The engine interface every detection technique plugs into."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from domain.finding import Finding


@dataclass(frozen=True)
class EngineOptions:
    """Per-scan knobs an engine may honour."""

    disabled_rules: frozenset[str] = frozenset()
    extra_rule_paths: tuple[Path, ...] = ()
    max_file_bytes: int = 1_000_000
    jobs: int = 2
    timeout_seconds: float = 900.0
    excluded_globs: tuple[str, ...] = field(default_factory=tuple)
    # Set when the scan is cancelled, superseded or out of time: engines stop as soon as they can.
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)
    # Engines add what a user should know about a scan that still completed (recorded in its summary).
    warnings: list[str] = field(default_factory=list, compare=False)


class Engine(Protocol):
    """A detection technique: given a checked-out source tree, report findings."""

    name: str  # one of domain.finding.ENGINES

    def version(self) -> str:
        """The engine's own version string, recorded on each scan."""
        ...

    def scan(self, root: Path, options: EngineOptions) -> list[Finding]:
        """Scan the tree below root; paths in findings are relative to root, with '/'."""
        ...
