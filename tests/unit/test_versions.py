"""Unit tests for per-ecosystem version ordering, OSV range evaluation and CVSS 3.1 scoring."""

from __future__ import annotations

import pytest

from domain.advisory import Advisory, cvss3_base_score, severity_from_score
from domain.finding import Severity
from domain.versions import UnorderableVersion, compare_versions, in_osv_range, sort_versions


@pytest.mark.parametrize(
    ("ecosystem", "ascending"),
    [
        ("PyPI", ["1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.0.1", "1.10"]),
        (
            "npm",
            [
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.10.0",
            ],
        ),
        ("crates.io", ["0.9.9", "1.0.0-rc.1", "1.0.0", "1.6.0", "1.6.1"]),
        (
            "Go",
            [
                "v0.0.0-20190101000000-abcdef123456",
                "v0.1.0",
                "v0.17.0-rc.1",
                "v0.17.0",
                "v2.0.0+incompatible",
            ],
        ),
        (
            "Maven",
            [
                "1.0-alpha-1",
                "1.0-beta",
                "1.0-milestone-1",
                "1.0-rc1",
                "1.0-SNAPSHOT",
                "1.0",
                "1.0-sp1",
                "1.0.1",
                "1.1",
            ],
        ),
        ("RubyGems", ["1.0.a", "1.0", "2.2.3.pre", "2.2.3", "2.2.3.1", "2.2.10"]),
        (
            "Packagist",
            ["6.5.6", "7.4.3-dev", "7.4.3-alpha1", "7.4.3-beta2", "7.4.3-RC1", "v7.4.3", "7.4.3-p1"],
        ),
    ],
)
def test_each_ecosystem_orders_versions(ecosystem: str, ascending: list[str]) -> None:
    assert sort_versions(ecosystem, list(reversed(ascending))) == ascending


@pytest.mark.parametrize(
    ("ecosystem", "left", "right"),
    [
        ("Maven", "1.0", "1.0.0"),
        ("Maven", "1-ga", "1"),
        ("Maven", "1.0-final", "1.0"),
        ("Maven", "1.0-alpha1", "1.0-alpha-1"),
        ("Maven", "1.0-cr1", "1.0-rc1"),
        ("RubyGems", "1.0", "1.0.0"),
        ("PyPI", "1.0", "1.0.0"),
        ("npm", "1.0.0+build.5", "1.0.0"),
        ("Go", "v1.2.3", "1.2.3"),
    ],
)
def test_equal_spellings_compare_equal(ecosystem: str, left: str, right: str) -> None:
    assert compare_versions(ecosystem, left, right) == 0


def test_unorderable_versions_raise() -> None:
    for ecosystem, text in [
        ("npm", "latest"),
        ("PyPI", "not a version"),
        ("Maven", "${project.version}"),
        ("Packagist", "dev-main"),
    ]:
        with pytest.raises(UnorderableVersion):
            compare_versions(ecosystem, text, "1.0")


LOG4SHELL = [
    ("introduced", "2.0-beta9"),
    ("fixed", "2.3.1"),
    ("introduced", "2.4"),
    ("fixed", "2.12.2"),
    ("introduced", "2.13.0"),
    ("fixed", "2.15.0"),
]


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("2.0-beta8", False),
        ("2.0-beta9", True),
        ("2.0", True),
        ("2.3.1", False),
        ("2.3.2", False),
        ("2.4", True),
        ("2.12.1", True),
        ("2.12.2", False),
        ("2.14.1", True),
        ("2.15.0", False),
        ("2.17.1", False),
    ],
)
def test_osv_event_walk_with_several_introduced_fixed_pairs(version: str, affected: bool) -> None:
    assert in_osv_range("Maven", "ECOSYSTEM", version, LOG4SHELL) is affected


def test_last_affected_and_limit_and_git() -> None:
    events = [("introduced", "0"), ("last_affected", "3.2.0"), ("limit", "4.0.0")]
    assert in_osv_range("Go", "SEMVER", "v3.2.0+incompatible", events)
    assert not in_osv_range("Go", "SEMVER", "v3.2.1", events)
    assert in_osv_range("Go", "SEMVER", "v0.0.0-20150717181359-44718f8a89b0", events)
    assert not in_osv_range("Go", "GIT", "abc123", [("introduced", "0")])


def test_prerelease_boundaries_per_ecosystem() -> None:
    npm = [("introduced", "2.0.0-beta.1"), ("last_affected", "2.1.0")]
    assert not in_osv_range("npm", "SEMVER", "2.0.0-alpha.9", npm)
    assert in_osv_range("npm", "SEMVER", "2.0.0-beta.2", npm)
    assert in_osv_range("npm", "SEMVER", "2.1.0", npm)
    assert not in_osv_range("npm", "SEMVER", "2.1.1-rc.0", npm)
    django = [("introduced", "5.0a1"), ("fixed", "5.0rc2")]
    assert in_osv_range("PyPI", "ECOSYSTEM", "5.0b1", django)
    assert not in_osv_range("PyPI", "ECOSYSTEM", "5.0", django)
    rack = [("introduced", "2.2.0"), ("fixed", "2.2.3.1")]
    assert in_osv_range("RubyGems", "ECOSYSTEM", "2.2.3", rack)
    assert not in_osv_range("RubyGems", "ECOSYSTEM", "2.2.3.1", rack)


@pytest.mark.parametrize(
    ("vector", "score"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
        ("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
    ],
)
def test_cvss31_base_score(vector: str, score: float) -> None:
    assert cvss3_base_score(vector) == score


def test_bad_vectors_are_rejected_and_bands_map_to_severity() -> None:
    with pytest.raises(ValueError):
        cvss3_base_score("CVSS:3.1/AV:N/AC:L")
    with pytest.raises(ValueError):
        cvss3_base_score("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
    bands = [
        (9.0, Severity.CRITICAL),
        (8.9, Severity.HIGH),
        (7.0, Severity.HIGH),
        (6.9, Severity.MEDIUM),
        (4.0, Severity.MEDIUM),
        (3.9, Severity.LOW),
        (0.1, Severity.LOW),
        (0.0, Severity.INFO),
    ]
    for score, severity in bands:
        assert severity_from_score(score) is severity


def test_advisory_severity_prefers_cvss_then_database_word() -> None:
    v3 = Advisory.from_osv(
        {
            "id": "X-1",
            "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N"}],
            "database_specific": {"severity": "CRITICAL"},
        }
    )
    v4_only = Advisory.from_osv(
        {
            "id": "X-2",
            "severity": [{"type": "CVSS_V4", "score": "CVSS:4.0/AV:N"}],
            "database_specific": {"severity": "MODERATE"},
        }
    )
    assert v3.severity() is Severity.MEDIUM  # 6.1 from the vector wins over the database word
    assert v4_only.severity() is Severity.MEDIUM
    assert Advisory.from_osv({"id": "X-3"}).severity() is Severity.MEDIUM
