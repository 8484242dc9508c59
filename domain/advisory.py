"""A vulnerability advisory as the OSV schema describes it, and how severe it is in our terms.

Includes the CVSS 3.1 base-score formula, so a vector alone gives a severity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.finding import Severity


@dataclass(frozen=True)
class AffectedRange:
    """One OSV range: type SEMVER, ECOSYSTEM or GIT, and its ordered events."""

    type: str
    events: tuple[tuple[str, str], ...]  # (introduced|fixed|last_affected|limit, version)

    def describe(self) -> str:
        """Human form, e.g. '>=2.0-beta9, <2.15.0'."""
        words = {"introduced": ">=", "fixed": "<", "last_affected": "<=", "limit": "limit "}
        parts = [
            f"{words[kind]}{value}"
            for kind, value in self.events
            if not (kind == "introduced" and value == "0")
        ]
        return ", ".join(parts) or "all versions"

    @property
    def fixed(self) -> tuple[str, ...]:
        return tuple(value for kind, value in self.events if kind == "fixed")


@dataclass(frozen=True)
class AffectedPackage:
    ecosystem: str
    name: str
    ranges: tuple[AffectedRange, ...] = ()
    versions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advisory:
    """An OSV record: the fields Pairsec uses to match packages and to rate and explain a finding."""

    id: str
    summary: str = ""
    details: str = ""
    aliases: tuple[str, ...] = ()
    affected: tuple[AffectedPackage, ...] = ()
    cvss: tuple[tuple[str, str], ...] = ()  # (CVSS_V3 | CVSS_V4 | ..., vector or score)
    database_severity: str = ""  # database_specific.severity, e.g. "HIGH", "MODERATE"
    cwe_ids: tuple[str, ...] = ()

    @classmethod
    def from_osv(cls, record: Mapping[str, Any]) -> Advisory:
        """Parse one OSV JSON object (already decoded); unknown fields are ignored."""
        affected = []
        for entry in record.get("affected", ()):
            package = entry.get("package", {})
            ranges = tuple(
                AffectedRange(
                    r.get("type", "ECOSYSTEM"),
                    tuple(
                        (kind, str(value)) for event in r.get("events", ()) for kind, value in event.items()
                    ),
                )
                for r in entry.get("ranges", ())
            )
            affected.append(
                AffectedPackage(
                    package.get("ecosystem", ""),
                    package.get("name", ""),
                    ranges,
                    tuple(str(v) for v in entry.get("versions", ())),
                )
            )
        specific = record.get("database_specific") or {}
        return cls(
            id=record["id"],
            summary=record.get("summary", ""),
            details=record.get("details", ""),
            aliases=tuple(record.get("aliases", ())),
            affected=tuple(affected),
            cvss=tuple((s.get("type", ""), str(s.get("score", ""))) for s in record.get("severity", ())),
            database_severity=str(specific.get("severity") or ""),
            cwe_ids=tuple(specific.get("cwe_ids") or ()),
        )

    def base_score(self) -> float | None:
        """The CVSS 3.x base score from the first v3 vector, if there is one."""
        for kind, score in self.cvss:
            if kind == "CVSS_V3" and score.startswith("CVSS:3"):
                return cvss3_base_score(score)
        return None

    def severity(self) -> Severity:
        """From the CVSS v3 base score, else the database's own word, else medium (unknown)."""
        score = self.base_score()
        if score is not None:
            return severity_from_score(score)
        word = self.database_severity.upper()
        return _DATABASE_WORDS.get(word, Severity.MEDIUM)


_DATABASE_WORDS = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MODERATE": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
}


def severity_from_score(score: float) -> Severity:
    """CVSS qualitative bands: critical >= 9, high >= 7, medium >= 4, low > 0, else info."""
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    return Severity.LOW if score > 0 else Severity.INFO


_WEIGHTS = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
_PRIVILEGES = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}
_VECTOR = re.compile(r"^CVSS:3\.[01]/(?:[A-Za-z]+:[A-Za-z]/?)+$")


def _roundup(value: float) -> float:
    """CVSS 3.1 Roundup: smallest one-decimal number >= value, immune to float noise."""
    scaled = round(value * 100_000)
    return scaled / 100_000.0 if scaled % 10_000 == 0 else (math.floor(scaled / 10_000) + 1) / 10.0


def cvss3_base_score(vector: str) -> float:
    """The CVSS 3.1 base score of a vector like 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' (9.8)."""
    if not _VECTOR.match(vector.strip()):
        raise ValueError(f"not a CVSS 3 vector: {vector!r}")
    metrics = dict(part.split(":", 1) for part in vector.strip().split("/")[1:] if part)
    try:
        scope = metrics["S"]
        av, ac, ui = (_WEIGHTS[m][metrics[m]] for m in ("AV", "AC", "UI"))
        c, i, a = (_WEIGHTS[m][metrics[m]] for m in ("C", "I", "A"))
        pr = _PRIVILEGES[scope][metrics["PR"]]
    except KeyError as error:
        raise ValueError(f"incomplete CVSS 3 vector: {vector!r}") from error
    iss = 1 - (1 - c) * (1 - i) * (1 - a)
    impact = 6.42 * iss if scope == "U" else 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    if impact <= 0:
        return 0.0
    exploitability = 8.22 * av * ac * pr * ui
    total = impact + exploitability if scope == "U" else 1.08 * (impact + exploitability)
    return _roundup(min(total, 10.0))
