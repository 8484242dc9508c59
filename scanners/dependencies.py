"""The dependencies (SCA) engine: lockfile packages matched against OSV advisories from a lookup."""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Callable
from pathlib import Path

from domain.advisory import Advisory, AffectedPackage
from domain.finding import Confidence, Finding, with_fingerprints
from domain.versions import UnorderableVersion, in_osv_range, sort_versions, version_key
from scanners.engine import EngineOptions
from scanners.lockfiles import Dependency, normalise_name, parse_lockfile, parser_for

AdvisoryLookup = Callable[[str, str], list[Advisory]]  # (ecosystem, normalised name) -> advisories

OWASP = ("A06:2021 - Vulnerable and Outdated Components",)
SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "site-packages", "__pycache__"}
)
log = logging.getLogger(__name__)


def affects(package: AffectedPackage, dependency: Dependency) -> bool:
    """OSV semantics: listed in versions, or inside any SEMVER/ECOSYSTEM range."""
    if package.ecosystem != dependency.ecosystem:
        return False
    if normalise_name(package.ecosystem, package.name) != dependency.name:
        return False
    version = dependency.version
    if version in package.versions or _same_listed_version(package, version):
        return True
    for affected_range in package.ranges:
        try:
            if in_osv_range(dependency.ecosystem, affected_range.type, version, affected_range.events):
                return True
        except UnorderableVersion:
            log.debug("cannot order %s %s against %s", dependency.name, version, affected_range.events)
    return False


def _same_listed_version(package: AffectedPackage, version: str) -> bool:
    try:
        wanted = version_key(package.ecosystem, version)
        return any(version_key(package.ecosystem, v) == wanted for v in package.versions)
    except UnorderableVersion:
        return False


def fix_versions(package: AffectedPackage, dependency: Dependency) -> list[str]:
    """Fixed versions above the one in use, lowest first."""
    fixed = {v for r in package.ranges if r.type != "GIT" for v in r.fixed}
    ordered = sort_versions(dependency.ecosystem, sorted(fixed))
    try:
        current = version_key(dependency.ecosystem, dependency.version)
        return [v for v in ordered if version_key(dependency.ecosystem, v) > current]
    except UnorderableVersion:
        return ordered


class DependencyEngine:
    """Finds lockfiles, resolves their packages, and reports each advisory affecting a pinned version."""

    name = "dependencies"

    def __init__(self, advisory_lookup: AdvisoryLookup) -> None:
        self._lookup = advisory_lookup
        self.notes: list[str] = []  # what the last scan skipped and why

    def version(self) -> str:
        return "pairsec-dependencies 1.0 (OSV ranges)"

    def scan(self, root: Path, options: EngineOptions) -> list[Finding]:
        self.notes = []
        findings: list[Finding] = []
        cache: dict[tuple[str, str], list[Advisory]] = {}
        for path in self.lockfiles(root, options):
            try:
                parsed = parse_lockfile(path, root)
            except (ValueError, OSError, SyntaxError) as error:  # also JSON/TOML/YAML/XML errors
                self.notes.append(
                    f"{path.relative_to(root).as_posix()}: unreadable ({error.__class__.__name__})"
                )
                continue
            self.notes += parsed.notes
            for dependency in parsed.dependencies:
                key = (dependency.ecosystem, dependency.name)
                if key not in cache:
                    cache[key] = self._lookup(*key)
                findings += self.check(dependency, cache[key], options)
        return list(with_fingerprints(findings))

    def lockfiles(self, root: Path, options: EngineOptions) -> list[Path]:
        found = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
            for filename in sorted(files):
                path = Path(folder, filename)
                rel = path.relative_to(root).as_posix()
                if parser_for(rel) is None or any(
                    fnmatch.fnmatch(rel, g) for g in options.excluded_globs
                ):
                    continue
                if path.is_file() and path.stat().st_size <= max(options.max_file_bytes, 50_000_000):
                    found.append(path)
        return found

    def check(
        self, dependency: Dependency, advisories: list[Advisory], options: EngineOptions
    ) -> list[Finding]:
        """One finding per advisory that affects this dependency's version."""
        findings = []
        for advisory in advisories:
            if advisory.id in options.disabled_rules:
                continue
            package = next((p for p in advisory.affected if affects(p, dependency)), None)
            if package is not None:
                findings.append(self._finding(dependency, advisory, package))
        return findings

    def _finding(self, dependency: Dependency, advisory: Advisory, package: AffectedPackage) -> Finding:
        fixes = fix_versions(package, dependency)
        cves = [alias for alias in advisory.aliases if alias.startswith("CVE-")]
        summary = advisory.summary or advisory.details.strip().split("\n", 1)[0] or "Known vulnerability."
        ranges = [r.describe() for r in package.ranges if r.type != "GIT"]
        fix = (
            f"Upgrade {dependency.name} to {fixes[0]} or later."
            if fixes
            else "No fixed version is published: remove or replace the package, or mitigate."
        )
        name_version = f"{dependency.name} {dependency.version}"
        affected = "; ".join(ranges) or "listed versions"
        return Finding(
            rule_id=advisory.id,
            engine=self.name,
            severity=advisory.severity(),
            confidence=Confidence.HIGH,
            title=f"{name_version} is vulnerable ({advisory.id})",
            message=f"{summary} ({', '.join(cves) or advisory.id}; affected: {affected})",
            file_path=dependency.file_path,
            start_line=dependency.line,
            end_line=dependency.line,
            snippet=f"{dependency.ecosystem} {name_version}",
            cwe=advisory.cwe_ids,
            owasp=OWASP,
            fix=fix,
            matched_code=f"{dependency.ecosystem}:{dependency.name}@{dependency.version}",
            extra={
                "advisory_id": advisory.id,
                "aliases": list(advisory.aliases),
                "ecosystem": dependency.ecosystem,
                "package": dependency.name,
                "version": dependency.version,
                "direct": dependency.direct,
                "affected_ranges": ranges,
                "affected_versions_listed": dependency.version in package.versions,
                "fixed_versions": fixes,
                "cvss_score": advisory.base_score(),
                "cvss_vectors": [vector for _kind, vector in advisory.cvss],
            },
        )
