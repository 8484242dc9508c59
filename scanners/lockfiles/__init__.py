"""Lockfile and manifest parsers: resolved (ecosystem, name, version, file, line) for the SCA engine."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from pathlib import Path

from scanners.lockfiles.base import Dependency, LineIndex, ParseResult, normalise_name
from scanners.lockfiles.javascript import parse_package_lock, parse_pnpm_lock, parse_yarn_lock
from scanners.lockfiles.maven import parse_pom
from scanners.lockfiles.native import (
    parse_cargo_lock,
    parse_composer_lock,
    parse_gemfile_lock,
    parse_go_mod,
    parse_go_sum,
)
from scanners.lockfiles.python import parse_pipfile_lock, parse_requirements, parse_toml_packages

Parser = Callable[[Path, Path, str], ParseResult]

# (glob on the file name, or on folder/name when it has a '/', parser); the first match wins.
PARSERS: tuple[tuple[str, Parser], ...] = (
    ("requirements*.txt", parse_requirements),
    ("requirements/*.txt", parse_requirements),
    ("poetry.lock", parse_toml_packages),
    ("uv.lock", parse_toml_packages),
    ("Pipfile.lock", parse_pipfile_lock),
    ("package-lock.json", parse_package_lock),
    ("npm-shrinkwrap.json", parse_package_lock),
    ("yarn.lock", parse_yarn_lock),
    ("pnpm-lock.yaml", parse_pnpm_lock),
    ("go.mod", parse_go_mod),
    ("go.sum", parse_go_sum),
    ("Cargo.lock", parse_cargo_lock),
    ("Gemfile.lock", parse_gemfile_lock),
    ("composer.lock", parse_composer_lock),
    ("pom.xml", parse_pom),
)


def parser_for(rel_path: str) -> Parser | None:
    """The parser for a file, from its path relative to the scanned root."""
    parts = rel_path.split("/")
    name, tail = parts[-1], "/".join(parts[-2:])
    return next(
        (parser for glob, parser in PARSERS if fnmatch.fnmatchcase(tail if "/" in glob else name, glob)), None
    )


def parse_lockfile(path: Path, root: Path) -> ParseResult:
    """Parse one lockfile below root; paths in the result are relative to root, with '/'."""
    rel = path.relative_to(root).as_posix()
    parser = parser_for(rel)
    if parser is None:
        raise ValueError(f"no parser for {rel}")
    return parser(path, root, rel)


__all__ = [
    "PARSERS",
    "Dependency",
    "LineIndex",
    "ParseResult",
    "normalise_name",
    "parse_lockfile",
    "parser_for",
]
