"""The build gate: which findings fail the build, and the exit codes the CLI ends with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

EXIT_PASS = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

SEVERITIES = ("critical", "high", "medium", "low", "info")
THRESHOLDS = ("critical", "high", "medium", "low", "never")
# Triaged findings (false positive, accepted risk, ...) no longer fail a build.
GATING_STATUSES = frozenset({"open"})


def rank(severity: str) -> int:
    """0 for critical up to 4 for info; unknown severities rank below info."""
    try:
        return SEVERITIES.index(severity.lower())
    except ValueError:
        return len(SEVERITIES)


def at_or_above(severity: str, threshold: str) -> bool:
    if threshold == "never":
        return False
    return rank(severity) <= rank(threshold)


def blocking(findings: Iterable[Mapping[str, Any]], threshold: str) -> list[Mapping[str, Any]]:
    """The open findings at or above the threshold."""
    return [
        f
        for f in findings
        if at_or_above(str(f.get("severity", "")), threshold)
        and str(f.get("status") or "open") in GATING_STATUSES
    ]


def exit_code(findings: Iterable[Mapping[str, Any]], threshold: str) -> int:
    return EXIT_FINDINGS if blocking(findings, threshold) else EXIT_PASS
