"""Version ordering per package ecosystem, and OSV range evaluation on top of it.

PEP 440 for PyPI, semver for npm / crates.io / Go, Maven ComparableVersion, Gem::Version, and a loose
composer-style order for Packagist; each gives a sort key, so ranges compare keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cmp_to_key
from typing import Any

from packaging.version import InvalidVersion, Version


class UnorderableVersion(ValueError):
    """The text is not a version this ecosystem can order (a branch name, a range, garbage)."""


_SEMVER = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def semver_key(text: str) -> tuple[Any, ...]:
    """Semantic Versioning 2.0 precedence, loose about a missing minor/patch and a leading 'v'."""
    match = _SEMVER.match(text.strip().replace("+incompatible", ""))
    if not match:
        raise UnorderableVersion(text)
    major, minor, patch, pre = match.groups()
    release = (int(major), int(minor or 0), int(patch or 0))
    if pre is None:
        return (*release, (1,))
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (*release, (0, parts))


def pep440_key(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion as error:
        raise UnorderableVersion(text) from error


# --- Maven ComparableVersion -------------------------------------------------------------------
_MAVEN_QUALIFIERS = ("alpha", "beta", "milestone", "rc", "snapshot", "", "sp")
_MAVEN_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_MAVEN_SHORT = {"a": "alpha", "b": "beta", "m": "milestone"}


def _maven_qualifier(value: str) -> str:
    if value in _MAVEN_QUALIFIERS:
        return str(_MAVEN_QUALIFIERS.index(value))
    return f"{len(_MAVEN_QUALIFIERS)}-{value}"


_RELEASE_INDEX = _maven_qualifier("")


def _maven_item(digits: bool, text: str, followed_by_digit: bool = False) -> int | str:
    if digits:
        return int(text)
    text = _MAVEN_SHORT.get(text, text) if followed_by_digit and len(text) == 1 else text
    return _MAVEN_ALIASES.get(text, text)


def _maven_is_null(item: Any) -> bool:
    if isinstance(item, list):
        return not item
    return item == 0 if isinstance(item, int) else _maven_qualifier(item) == _RELEASE_INDEX


def _maven_parse(text: str) -> list[Any]:
    version = text.strip().lower()
    root: list[Any] = []
    current, stack = root, [root]
    digits, start = False, 0

    def open_sublist() -> None:
        nonlocal current
        sub: list[Any] = []
        current.append(sub)
        current = sub
        stack.append(sub)

    for i, char in enumerate(version):
        if char in ".-":
            current.append(0 if i == start else _maven_item(digits, version[start:i]))
            start = i + 1
            if char == "-":
                open_sublist()
        elif char.isdigit():
            if not digits and i > start:
                current.append(_maven_item(False, version[start:i], followed_by_digit=True))
                start = i
                open_sublist()
            digits = True
        else:
            if digits and i > start:
                current.append(_maven_item(True, version[start:i]))
                start = i
                open_sublist()
            digits = False
    if len(version) > start:
        current.append(_maven_item(digits, version[start:]))
    for sub in reversed(stack):  # Maven's normalize(): drop nulls from the end, stepping over sublists
        for i in range(len(sub) - 1, -1, -1):
            if _maven_is_null(sub[i]):
                del sub[i]
            elif not isinstance(sub[i], list):
                break
    return root


def _maven_cmp(left: Any, right: Any) -> int:
    if left is None:
        return -_maven_cmp(right, None)
    if isinstance(left, int):
        if right is None:
            return 0 if left == 0 else 1
        return (left > right) - (left < right) if isinstance(right, int) else 1
    if isinstance(left, str):
        mine = _maven_qualifier(left)
        if right is None:
            return (mine > _RELEASE_INDEX) - (mine < _RELEASE_INDEX)
        if isinstance(right, str):
            theirs = _maven_qualifier(right)
            return (mine > theirs) - (mine < theirs)
        return -1
    if right is None:
        return _maven_cmp(left[0], None) if left else 0
    if isinstance(right, int):
        return -1
    if isinstance(right, str):
        return 1
    for i in range(max(len(left), len(right))):
        result = _maven_cmp(left[i] if i < len(left) else None, right[i] if i < len(right) else None)
        if result:
            return result
    return 0


_MavenKey = cmp_to_key(_maven_cmp)


def maven_key(text: str) -> Any:
    if not text.strip() or text.strip()[0] in "[(${":
        raise UnorderableVersion(text)
    return _MavenKey(_maven_parse(text))


# --- RubyGems Gem::Version ----------------------------------------------------------------------
def _gem_cmp(left: list[int | str], right: list[int | str]) -> int:
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else 0
        b = right[i] if i < len(right) else 0
        if a == b:
            continue
        if isinstance(a, str) != isinstance(b, str):
            return -1 if isinstance(a, str) else 1
        return -1 if a < b else 1  # type: ignore[operator]
    return 0


_GemKey = cmp_to_key(_gem_cmp)


def gem_key(text: str) -> Any:
    """Gem::Version: numeric and alphabetic segments; any letter makes a prerelease, sorted earlier."""
    if not re.fullmatch(r"\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z.-]+)?\s*", text):
        raise UnorderableVersion(text)
    segments = re.findall(r"[0-9]+|[a-z]+", text.strip().lower().replace("-", ".pre."))
    return _GemKey([int(s) if s.isdigit() else s for s in segments])


# --- Packagist (composer) -----------------------------------------------------------------------
_COMPOSER = re.compile(
    r"^v?(\d+(?:\.\d+){0,3})(?:[-_.]?(stable|beta|b|rc|alpha|a|patch|pl|p|dev)[-_.]?(\d+)?)?$", re.IGNORECASE
)
_STABILITY = {
    "dev": 0,
    "alpha": 1,
    "a": 1,
    "beta": 2,
    "b": 2,
    "rc": 3,
    "stable": 4,
    "patch": 5,
    "pl": 5,
    "p": 5,
}


def composer_key(text: str) -> tuple[Any, ...]:
    match = _COMPOSER.match(text.strip())
    if not match:
        raise UnorderableVersion(text)
    numbers, stability, number = match.groups()
    release = tuple(int(n) for n in numbers.split("."))
    padded = (*release, *(0,) * (4 - len(release)))
    return (*padded, _STABILITY[(stability or "stable").lower()], int(number or 0))


_ECOSYSTEM_KEYS = {
    "PyPI": pep440_key,
    "npm": semver_key,
    "crates.io": semver_key,
    "Go": semver_key,
    "Maven": maven_key,
    "RubyGems": gem_key,
    "Packagist": composer_key,
}


def version_key(ecosystem: str, text: str, range_type: str = "ECOSYSTEM") -> Any:
    """A sort key for the version; SEMVER ranges use semver whatever the ecosystem (OSV rule)."""
    if range_type == "SEMVER":
        return semver_key(text)
    return _ECOSYSTEM_KEYS.get(ecosystem, semver_key)(text)


def compare_versions(ecosystem: str, left: str, right: str) -> int:
    a, b = version_key(ecosystem, left), version_key(ecosystem, right)
    return (a > b) - (a < b)


def in_osv_range(ecosystem: str, range_type: str, version: str, events: Iterable[tuple[str, str]]) -> bool:
    """OSV event walk: inside after the latest introduced <= v, outside from fixed <= v or last_affected < v.

    events are (kind, version) pairs: kind is introduced, fixed, last_affected or limit (ignored here).
    Raises UnorderableVersion when the version cannot be ordered in this scheme.
    """
    if range_type == "GIT":
        return False
    current = version_key(ecosystem, version, range_type)
    ordered = []
    for kind, boundary in events:
        if kind == "limit":
            continue
        minimal = kind == "introduced" and boundary == "0"
        ordered.append((None if minimal else version_key(ecosystem, boundary, range_type), kind))
    affected = False
    for key, kind in sorted(ordered, key=cmp_to_key(_event_cmp)):
        if kind == "introduced" and (key is None or current >= key):
            affected = True
        elif (kind == "fixed" and current >= key) or (kind == "last_affected" and current > key):
            affected = False
    return affected


def _event_cmp(left: tuple[Any, str], right: tuple[Any, str]) -> int:
    if left[0] is None or right[0] is None:
        return (left[0] is not None) - (right[0] is not None)
    return (left[0] > right[0]) - (left[0] < right[0])


def sort_versions(ecosystem: str, versions: Sequence[str]) -> list[str]:
    """Orderable versions sorted ascending; the others are left out."""
    keyed = []
    for text in versions:
        try:
            keyed.append((version_key(ecosystem, text), text))
        except UnorderableVersion:
            continue
    return [text for _key, text in sorted(keyed, key=lambda pair: pair[0])]
