"""Turn semgrep's JSON report into Pairsec findings, and tell per-file errors from fatal ones."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.finding import Confidence, Finding, Severity, with_fingerprints
from scanners.engine_errors import EngineRulesRejected

ENGINE_NAME = "sast"
SNIPPET_MAX_LINES = 5
SNIPPET_MAX_CHARS = 500

_SEVERITY_FROM_SEMGREP = {
    "CRITICAL": Severity.CRITICAL,
    "ERROR": Severity.HIGH,
    "HIGH": Severity.HIGH,
    "WARNING": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "INFO": Severity.LOW,
    "LOW": Severity.LOW,
}
_STRING_LITERAL = re.compile(r"""(["'`])(?:\\.|(?!\1).)*\1""")


@dataclass(frozen=True)
class SemgrepReport:
    """What one semgrep run found, plus how many files it could not analyse."""

    findings: list[Finding]
    file_errors: int
    scanned_files: int


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def _severity(metadata: Mapping[str, Any], semgrep_severity: str) -> Severity:
    declared = str(metadata.get("pairsec-severity", "")).lower()
    if declared in Severity._value2member_map_:
        return Severity(declared)
    return _SEVERITY_FROM_SEMGREP.get(semgrep_severity.upper(), Severity.MEDIUM)


def _confidence(metadata: Mapping[str, Any]) -> Confidence:
    declared = str(metadata.get("confidence", "")).lower()
    return Confidence(declared) if declared in Confidence._value2member_map_ else Confidence.MEDIUM


def relative_path(raw: str) -> str:
    """semgrep's path for a file (run from the scan root) as a root-relative path with '/'."""
    path = raw.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def trim_snippet(lines: list[str]) -> str:
    """The matched lines, cut to a short excerpt a finding can carry."""
    snippet = "\n".join(line.rstrip() for line in lines[:SNIPPET_MAX_LINES])
    return snippet if len(snippet) <= SNIPPET_MAX_CHARS else snippet[: SNIPPET_MAX_CHARS - 3] + "..."


def redact_literals(snippet: str) -> str:
    """Mask string literals, for rules whose match is a credential."""
    return _STRING_LITERAL.sub(lambda m: m.group(1) + "***" + m.group(1), snippet)


class _SourceCache:
    """Reads each matched file once; semgrep's own `lines` field needs a login, so we read ourselves."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()
        self._content: dict[str, bytes] = {}

    def content(self, path: str) -> bytes:
        if path not in self._content:
            self._content[path] = self._read(path)
        return self._content[path]

    def _read(self, path: str) -> bytes:
        target = (self._root / path).resolve()
        # A link in an untrusted tree must not pull outside text into a finding's snippet.
        if not target.is_relative_to(self._root):
            return b""
        try:
            return target.read_bytes()
        except OSError:
            return b""


def _finding(result: Mapping[str, Any], sources: _SourceCache) -> Finding:
    extra = result.get("extra", {})
    metadata = extra.get("metadata", {}) or {}
    path = relative_path(result["path"])
    start, end = result["start"], result["end"]
    content = sources.content(path)
    matched = content[start.get("offset", 0) : end.get("offset", 0)].decode("utf-8", "replace")
    lines = content.decode("utf-8", "replace").splitlines()[start["line"] - 1 : end["line"]]
    snippet = trim_snippet(lines)
    if metadata.get("pairsec-redact"):
        snippet = redact_literals(snippet)
    rule_id = str(result["check_id"])
    return Finding(
        rule_id=rule_id,
        engine=ENGINE_NAME,
        severity=_severity(metadata, str(extra.get("severity", ""))),
        confidence=_confidence(metadata),
        title=str(metadata.get("title") or rule_id),
        message=str(extra.get("message", "")).strip(),
        file_path=path,
        start_line=int(start["line"]),
        end_line=int(end["line"]),
        snippet=snippet,
        cwe=_as_tuple(metadata.get("cwe")),
        owasp=_as_tuple(metadata.get("owasp")),
        fix=str(metadata.get("fix-hint", "")),
        matched_code=matched or snippet,
        extra={"start_col": start.get("col"), "end_col": end.get("col")},
    )


# semgrep puts an error's text in `message`, or for rule-schema errors in `long_msg`/`short_msg`.
_ERROR_TEXT_KEYS = ("message", "long_msg", "short_msg", "type")


def fatal_errors(errors: list[Mapping[str, Any]]) -> list[str]:
    """Messages of errors that invalidate the whole run (rules, configuration), not one file."""
    return [
        str(next((e[k] for k in _ERROR_TEXT_KEYS if e.get(k)), "unknown error")).strip()
        for e in errors
        if e.get("level") == "error" and not e.get("path")
    ]


def parse_report(report: Mapping[str, Any], root: Path, disabled_rules: frozenset[str]) -> SemgrepReport:
    """Findings from a semgrep `--json` report of a run whose working directory was root."""
    errors = list(report.get("errors", []))
    fatal = fatal_errors(errors)
    if fatal:
        raise EngineRulesRejected("; ".join(fatal)[:2000])
    sources = _SourceCache(root)
    findings = [
        _finding(result, sources)
        for result in report.get("results", [])
        if str(result.get("check_id")) not in disabled_rules
    ]
    return SemgrepReport(
        findings=list(with_fingerprints(findings)),
        file_errors=sum(1 for e in errors if e.get("path")),
        scanned_files=len(report.get("paths", {}).get("scanned", [])),
    )
