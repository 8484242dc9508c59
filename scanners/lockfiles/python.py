"""Python lockfiles: requirements*.txt (pinned lines, -r includes), poetry.lock, Pipfile.lock, uv.lock."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from scanners.lockfiles.base import Dependency, LineIndex, ParseResult, normalise_name

_INCLUDE = re.compile(r"^(?:-r|--requirement)(?:\s+|=)(\S+)")
_OPTION = re.compile(r"^-{1,2}[a-zA-Z]")
_HASHES = re.compile(r"\s--hash[=\s]\S+")


def parse_requirements(path: Path, root: Path, rel: str, _seen: set[Path] | None = None) -> ParseResult:
    """Pinned (==, ===) lines; unpinned and URL requirements become notes; -r files in root are followed."""
    seen = _seen if _seen is not None else set()
    seen.add(path.resolve())
    result = ParseResult()
    pending, first = "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        first = first or number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending, start, first = (pending + line).strip(), "", first, 0
        if not line:
            continue
        include = _INCLUDE.match(line)
        if include:
            _follow(path, root, include.group(1), seen, result)
        elif not _OPTION.match(line):
            _add_requirement(_HASHES.sub("", " " + line).strip(), rel, start, result)
    return result


def _follow(path: Path, root: Path, target: str, seen: set[Path], result: ParseResult) -> None:
    included = (path.parent / target).resolve()
    try:
        rel = included.relative_to(root.resolve()).as_posix()
    except ValueError:
        result.notes.append(f"{target}: include outside the scanned tree, not followed")
        return
    if included in seen or not included.is_file():
        return
    sub = parse_requirements(included, root, rel, seen)
    result.dependencies += sub.dependencies
    result.notes += sub.notes


def _add_requirement(text: str, rel: str, line: int, result: ParseResult) -> None:
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        result.notes.append(f"{rel}:{line}: not a requirement line, skipped")
        return
    pins = [s for s in requirement.specifier if s.operator in ("==", "===") and "*" not in s.version]
    if requirement.url or len(pins) != 1:
        result.notes.append(f"{rel}:{line}: {requirement.name} is not pinned to one version, skipped")
        return
    name = normalise_name("PyPI", requirement.name)
    result.dependencies.append(Dependency("PyPI", name, pins[0].version, rel, line, direct=True))


def parse_toml_packages(path: Path, root: Path, rel: str) -> ParseResult:
    """poetry.lock and uv.lock: [[package]] tables with name and version (local uv sources skipped)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = LineIndex(text)
    result = ParseResult()
    cursor = 0
    for package in tomllib.loads(text).get("package", []):
        name, version = package.get("name"), package.get("version")
        source = package.get("source") or {}
        line, cursor = lines.find(f'name = "{name}"', cursor)
        if not name or not version or {"editable", "virtual", "path", "directory"} & set(source):
            continue
        result.dependencies.append(Dependency("PyPI", normalise_name("PyPI", name), str(version), rel, line))
    return result


def parse_pipfile_lock(path: Path, root: Path, rel: str) -> ParseResult:
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = LineIndex(text)
    result = ParseResult()
    for section in ("default", "develop"):
        for name, entry in (json.loads(text).get(section) or {}).items():
            version = str(entry.get("version", ""))
            if not version.startswith("=="):
                result.notes.append(f"{rel}: {name} has no pinned version, skipped")
                continue
            line, _ = lines.find(f'"{name}": {{')
            result.dependencies.append(
                Dependency(
                    "PyPI", normalise_name("PyPI", name), version.lstrip("="), rel, line, section == "default"
                )
            )
    return result
