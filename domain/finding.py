"""The finding: one thing an engine reports, in the single shape shared by every engine."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used for sorting and for CI gates."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


ENGINES = ("sast", "secrets", "dependencies")
SEVERITIES = tuple(s.value for s in Severity)  # worst first

_WHITESPACE = re.compile(r"\s+")


def normalise_code(code: str) -> str:
    """Code with all runs of white space folded, so re-indenting does not change identity."""
    return _WHITESPACE.sub(" ", code).strip()


def fingerprint(rule_id: str, file_path: str, matched_code: str, occurrence: int = 0) -> str:
    """A stable identity for a finding across scans of one project.

    Built from the rule, the file's *name* (not its folders, so renaming a folder upstream keeps
    the identity), the normalised matched code (not the line number, so moving code keeps it) and
    the occurrence index among identical matches (so two identical lines stay two findings).
    """
    basename = posixpath.basename(file_path.replace("\\", "/"))
    material = "\x1f".join((rule_id, basename, normalise_code(matched_code), str(occurrence)))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:40]


@dataclass(frozen=True)
class Finding:
    """One occurrence of a rule matching in scanned code (or one vulnerable dependency)."""

    rule_id: str
    engine: str
    severity: Severity
    confidence: Confidence
    title: str
    message: str
    file_path: str
    start_line: int
    end_line: int
    snippet: str = ""
    cwe: tuple[str, ...] = ()
    owasp: tuple[str, ...] = ()
    fix: str = ""
    # The code the fingerprint is computed from; never stored or shown (it may be a secret).
    matched_code: str = field(default="", repr=False, compare=False)
    fingerprint: str = ""
    # Engine-specific facts (advisory id, aliases, package, versions...), JSON-serialisable.
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "engine": self.engine,
            "severity": self.severity.value,
            "confidence": self.confidence.value,
            "title": self.title,
            "message": self.message,
            "file_path": self.file_path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "snippet": self.snippet,
            "cwe": list(self.cwe),
            "owasp": list(self.owasp),
            "fix": self.fix,
            "fingerprint": self.fingerprint,
            "extra": dict(self.extra),
        }


def with_fingerprints(findings: Iterable[Finding]) -> Iterator[Finding]:
    """Give each finding its fingerprint, numbering identical matches in (path, line) order."""
    ordered = sorted(findings, key=lambda f: (f.file_path, f.start_line, f.rule_id))
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in ordered:
        basename = posixpath.basename(finding.file_path)
        code = finding.matched_code or finding.snippet
        key = (finding.rule_id, basename, normalise_code(code))
        occurrence = seen[key]
        seen[key] += 1
        yield replace(finding, fingerprint=fingerprint(finding.rule_id, finding.file_path, code, occurrence))
