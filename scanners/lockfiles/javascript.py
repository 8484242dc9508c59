"""JavaScript lockfiles: package-lock.json (v1, v2, v3), yarn.lock (classic and berry), pnpm-lock.yaml."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from scanners.lockfiles.base import Dependency, LineIndex, ParseResult, normalise_name

_LOCAL_PROTOCOLS = ("workspace:", "link:", "portal:", "file:", "patch:", "git", "http", "github:")


def parse_package_lock(path: Path, root: Path, rel: str) -> ParseResult:
    text = path.read_text(encoding="utf-8", errors="replace")
    lock = json.loads(text)
    lines = LineIndex(text)
    result = ParseResult()
    if "packages" in lock:  # lockfileVersion 2 and 3
        for key, entry in lock["packages"].items():
            if not key or entry.get("link") or "version" not in entry:
                continue
            name = entry.get("name") or key.rsplit("node_modules/", 1)[-1]
            line, _ = lines.find(f'"{key}": {{')
            result.dependencies.append(_npm(name, entry["version"], rel, line, not entry.get("dev", False)))
    else:  # lockfileVersion 1: nested "dependencies"
        _walk_v1(lock.get("dependencies") or {}, lines, rel, result, 0)
    return result


def _walk_v1(tree: dict[str, Any], lines: LineIndex, rel: str, result: ParseResult, cursor: int) -> None:
    for name, entry in tree.items():
        line, cursor = lines.find(f'"{name}": {{', cursor)
        version = str(entry.get("version", ""))
        if version and not version.startswith(_LOCAL_PROTOCOLS):
            result.dependencies.append(_npm(name, version, rel, line, not entry.get("dev", False)))
        _walk_v1(entry.get("dependencies") or {}, lines, rel, result, cursor)


def _npm(name: str, version: str, rel: str, line: int, runtime: bool | None = None) -> Dependency:
    return Dependency("npm", normalise_name("npm", name), version, rel, line, None if runtime else False)


_YARN_VERSION = re.compile(r'^\s+version:?\s+"?([^"\s]+)"?\s*$')


def parse_yarn_lock(path: Path, root: Path, rel: str) -> ParseResult:
    """Both formats are blocks: an unindented header of specs, then an indented 'version' line."""
    result = ParseResult()
    header: tuple[str, int] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if line and not line[0].isspace() and not line.startswith("#") and line.rstrip().endswith(":"):
            first_spec = line.rstrip()[:-1].split(",")[0].strip().strip('"')
            header = (first_spec, number) if not first_spec.startswith("__metadata") else None
            continue
        match = _YARN_VERSION.match(line)
        if header and match:
            spec, header_line = header
            header = None
            at = spec.find("@", 1)
            name, reference = spec[:at], spec[at + 1 :]
            if reference.startswith(_LOCAL_PROTOCOLS) or "@workspace:" in spec:
                continue
            result.dependencies.append(_npm(name, match.group(1), rel, header_line))
    return result


def parse_pnpm_lock(path: Path, root: Path, rel: str) -> ParseResult:
    """pnpm v5 keys '/name/1.0.0_peer', v6 '/name@1.0.0(peer)', v9 'name@1.0.0'."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lock = yaml.safe_load(text) or {}
    lines = LineIndex(text)
    result = ParseResult()
    seen: set[tuple[str, str]] = set()
    for key in list(lock.get("packages") or {}) + list(lock.get("snapshots") or {}):
        parsed = _pnpm_key(str(key))
        if parsed is None or parsed in seen:
            continue
        seen.add(parsed)
        line, _ = lines.find(str(key))
        result.dependencies.append(_npm(parsed[0], parsed[1], rel, line))
    return result


_PNPM_V5 = re.compile(r"^((?:@[^/@]+/)?[^/@]+)/(\d[^/_(]*)")
_PNPM_V6 = re.compile(r"^((?:@[^/@]+/)?[^/@]+)@(\d[^/_(]*)")


def _pnpm_key(key: str) -> tuple[str, str] | None:
    key = key.strip("'\"").lstrip("/")
    match = _PNPM_V5.match(key) or _PNPM_V6.match(key)
    return (match.group(1), match.group(2)) if match else None
