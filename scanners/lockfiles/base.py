"""What a lockfile parser returns: resolved packages with where they were declared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from packaging.utils import canonicalize_name


@dataclass(frozen=True)
class Dependency:
    """One resolved package version, as OSV names it, and the lockfile line that pins it."""

    ecosystem: str  # PyPI, npm, Go, Maven, crates.io, RubyGems, Packagist
    name: str
    version: str
    file_path: str
    line: int
    direct: bool | None = None  # None when the format does not say


@dataclass
class ParseResult:
    dependencies: list[Dependency] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was skipped and why (unpinned, URLs...)


def normalise_name(ecosystem: str, name: str) -> str:
    """The package name in the form advisories use: PEP 503 for PyPI, lower case where case is ignored."""
    name = name.strip()
    if ecosystem == "PyPI":
        return canonicalize_name(name)
    if ecosystem in ("Packagist", "crates.io", "npm"):
        return name.lower()
    return name


class LineIndex:
    """Line numbers for offsets and for the first occurrence of a text, for formats parsed as a whole."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(self, offset: int) -> int:
        low, high = 0, len(self._starts)
        while low + 1 < high:
            middle = (low + high) // 2
            if self._starts[middle] <= offset:
                low = middle
            else:
                high = middle
        return low + 1

    def find(self, needle: str, start: int = 0) -> tuple[int, int]:
        """(line, offset) of needle at or after start; (1, start) when absent."""
        offset = self.text.find(needle, start)
        return (1, start) if offset < 0 else (self.line_at(offset), offset)
