"""Go, Rust, Ruby and PHP lockfiles: go.mod / go.sum, Cargo.lock, Gemfile.lock, composer.lock."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from scanners.lockfiles.base import Dependency, LineIndex, ParseResult, normalise_name

_GO_REQUIRE = re.compile(r"^(?:require\s+)?([^\s()]+)\s+(v[^\s]+)(\s*//\s*indirect)?\s*$")
_GO_REPLACE = re.compile(r"^(?:replace\s+)?(\S+)(?:\s+v\S+)?\s*=>\s*(\S+)\s+(v\S+)\s*$")


def parse_go_mod(path: Path, root: Path, rel: str) -> ParseResult:
    """require lines and blocks; a replace with a version swaps the module for its replacement."""
    result = ParseResult()
    block = ""
    required: dict[str, Dependency] = {}
    replaced: dict[str, tuple[str, str]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        line = raw.split("//", 1)[0].strip() + (" // indirect" if "// indirect" in raw else "")
        if line.endswith("("):
            block = line.split()[0]
            continue
        if line == ")":
            block = ""
            continue
        if block == "require" or line.startswith("require "):
            match = _GO_REQUIRE.match(line)
            if match:
                module, version, indirect = match.groups()
                required[module] = Dependency("Go", module, version, rel, number, direct=not indirect)
        elif block == "replace" or line.startswith("replace "):
            match = _GO_REPLACE.match(line)
            if match:
                replaced[match.group(1)] = (match.group(2), match.group(3))
    for module, dependency in required.items():
        if module in replaced:
            new_module, new_version = replaced[module]
            dependency = Dependency("Go", new_module, new_version, rel, dependency.line, dependency.direct)
        result.dependencies.append(dependency)
    return result


def parse_go_sum(path: Path, root: Path, rel: str) -> ParseResult:
    """Only used without a go.mod beside it: go.sum also lists versions the build does not select."""
    result = ParseResult()
    if (path.parent / "go.mod").is_file():
        return result
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        parts = line.split()
        if len(parts) == 3 and not parts[1].endswith("/go.mod") and (parts[0], parts[1]) not in seen:
            seen.add((parts[0], parts[1]))
            result.dependencies.append(Dependency("Go", parts[0], parts[1], rel, number))
    return result


def parse_cargo_lock(path: Path, root: Path, rel: str) -> ParseResult:
    """[[package]] entries from a registry (workspace and path crates have no source)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = LineIndex(text)
    result = ParseResult()
    cursor = 0
    for package in tomllib.loads(text).get("package", []):
        name = package.get("name", "")
        line, cursor = lines.find(f'name = "{name}"', cursor)
        if str(package.get("source", "")).startswith("registry+"):
            result.dependencies.append(
                Dependency("crates.io", normalise_name("crates.io", name), str(package["version"]), rel, line)
            )
    return result


_GEM_SPEC = re.compile(r"^ {4}([A-Za-z0-9_.-]+) \(([^)\s]+)\)\s*$")


def parse_gemfile_lock(path: Path, root: Path, rel: str) -> ParseResult:
    """Four-space 'name (version[-platform])' lines under a GEM section's specs."""
    result = ParseResult()
    section = ""
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if line and not line[0].isspace():
            section = line.strip()
            continue
        match = _GEM_SPEC.match(line)
        if section == "GEM" and match:
            version = re.split(
                r"-(?=[a-z_]*(?:x86|arm|aarch|java|mingw|mswin|darwin|linux|universal))", match.group(2)
            )[0]
            result.dependencies.append(Dependency("RubyGems", match.group(1), version, rel, number))
    return result


def parse_composer_lock(path: Path, root: Path, rel: str) -> ParseResult:
    text = path.read_text(encoding="utf-8", errors="replace")
    lock = json.loads(text)
    lines = LineIndex(text)
    result = ParseResult()
    for section in ("packages", "packages-dev"):
        for package in lock.get(section) or []:
            name, version = package.get("name", ""), str(package.get("version", ""))
            if not name or version.startswith("dev-") or version.endswith("-dev"):
                result.notes.append(f"{rel}: {name} {version} is a branch, not a release; skipped")
                continue
            line, _ = lines.find(f'"name": "{name}"')
            result.dependencies.append(
                Dependency(
                    "Packagist",
                    normalise_name("Packagist", name),
                    version.removeprefix("v"),
                    rel,
                    line,
                    section == "packages",
                )
            )
    return result
