"""What the client prints: findings grouped by severity, listings, and the scan's progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from infra.client.gate import SEVERITIES, rank

SEVERITY_STYLES = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}


def findings_table(console: Console, findings: Sequence[Mapping[str, Any]], title: str) -> None:
    """One section per severity, worst first, then a one-line summary."""
    if not findings:
        console.print(f"{escape(title)}: no findings")
        return
    table = Table(title=title, show_lines=False, expand=False)
    for column in ("severity", "engine", "rule", "location", "title"):
        table.add_column(column, overflow="fold")
    ordered = sorted(findings, key=lambda f: (rank(str(f.get("severity", ""))), f.get("file_path", "")))
    previous = None
    for finding in ordered:
        severity = str(finding.get("severity", "")).lower()
        if previous is not None and severity != previous:
            table.add_section()
        previous = severity
        style = SEVERITY_STYLES.get(severity, "")
        table.add_row(
            f"[{style}]{severity}[/]" if style else escape(severity),
            escape(str(finding.get("engine", ""))),
            escape(str(finding.get("rule_id", ""))),
            escape(f"{finding.get('file_path', '')}:{finding.get('start_line', '')}"),
            escape(str(finding.get("title") or finding.get("message") or "")),
        )
    console.print(table)
    console.print(summary(findings))


def summary(findings: Iterable[Mapping[str, Any]]) -> str:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        severity = str(finding.get("severity", "")).lower()
        counts[severity] = counts.get(severity, 0) + 1
    return ", ".join(f"{count} {severity}" for severity, count in counts.items() if count) or "no findings"


def rows(console: Console, columns: Sequence[str], items: Iterable[Mapping[str, Any]]) -> None:
    table = Table(*columns)
    for item in items:
        table.add_row(*(escape("" if item.get(c) is None else str(item.get(c))) for c in columns))
    console.print(table)


def watch(
    console: Console,
    scan_id: str,
    poll: Callable[[], Mapping[str, Any]],
    done: Callable[[str], bool],
    interval: float = 1.0,
) -> Mapping[str, Any]:
    """Poll until done(status): a live status line on a terminal, one plain line per change elsewhere."""
    started = time.monotonic()
    if console.is_terminal:
        with console.status(f"scan {scan_id}: starting") as status:
            while True:
                scan = poll()
                elapsed = int(time.monotonic() - started)
                status.update(f"scan {scan_id}: {scan.get('status')} ({elapsed}s)")
                if done(str(scan.get("status"))):
                    return scan
                time.sleep(interval)
    last = None
    while True:
        scan = poll()
        state = str(scan.get("status"))
        if state != last:
            console.print(f"pairsec: scan {scan_id} {state} ({int(time.monotonic() - started)}s)")
            last = state
        if done(state):
            return scan
        time.sleep(interval)
