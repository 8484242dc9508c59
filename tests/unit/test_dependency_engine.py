"""Unit tests for the dependencies engine against the hand-written OSV fixtures."""

from __future__ import annotations

import json
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest

from domain.advisory import Advisory
from domain.finding import Severity
from scanners.dependencies import DependencyEngine
from scanners.engine import EngineOptions
from scanners.lockfiles import normalise_name

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "osv"


class FixtureAdvisories:
    """An in-memory advisory store keyed the way the engine asks: (ecosystem, normalised name)."""

    def __init__(self) -> None:
        self.by_package: dict[tuple[str, str], list[Advisory]] = defaultdict(list)
        self.calls: list[tuple[str, str]] = []
        for path in sorted(FIXTURES.glob("*.json")):
            advisory = Advisory.from_osv(json.loads(path.read_text()))
            for package in advisory.affected:
                key = (package.ecosystem, normalise_name(package.ecosystem, package.name))
                self.by_package[key].append(advisory)

    def __call__(self, ecosystem: str, name: str) -> list[Advisory]:
        self.calls.append((ecosystem, name))
        return list(self.by_package.get((ecosystem, name), []))


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path, "api/requirements.txt", "requests==2.30.0\nPyYAML==5.3.1\nDjango==4.2.8\nDjango==5.0b1\n")
    write(
        tmp_path,
        "web/package-lock.json",
        json.dumps(
            {
                "lockfileVersion": 3,
                "packages": {
                    "": {"name": "web"},
                    "node_modules/lodash": {"version": "4.17.11"},
                    "node_modules/minimist": {"version": "1.2.5"},
                    "node_modules/ua-parser-js": {"version": "0.7.29"},
                    "node_modules/@acme/widgets": {"version": "2.0.0-beta.2"},
                    "node_modules/node_modules/ignored": {"version": "1.0.0"},
                },
            },
            indent=2,
        ),
    )
    write(
        tmp_path,
        "svc/go.mod",
        """
        module example.com/svc

        require (
            github.com/dgrijalva/jwt-go v3.2.0+incompatible
            golang.org/x/net v0.0.0-20220722155237-a158d28d115b // indirect
        )
    """,
    )
    write(
        tmp_path,
        "svc/pom.xml",
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <properties><log4j.version>2.14.1</log4j.version></properties>
          <dependencies><dependency>
            <groupId>org.apache.logging.log4j</groupId>
            <artifactId>log4j-core</artifactId>
            <version>${log4j.version}</version>
          </dependency></dependencies>
        </project>
    """,
    )
    write(
        tmp_path,
        "rs/Cargo.lock",
        """
        [[package]]
        name = "smallvec"
        version = "1.6.0"
        source = "registry+https://github.com/rust-lang/crates.io-index"
    """,
    )
    write(tmp_path, "rb/Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.3)\n")
    write(
        tmp_path,
        "php/composer.lock",
        json.dumps({"packages": [{"name": "guzzlehttp/guzzle", "version": "7.4.2"}]}),
    )
    write(
        tmp_path,
        "node_modules/x/package-lock.json",
        json.dumps({"packages": {"node_modules/lodash": {"version": "4.17.11"}}}),
    )
    return tmp_path


def test_every_ecosystem_reports_its_vulnerable_packages(tree: Path) -> None:
    findings = DependencyEngine(FixtureAdvisories()).scan(tree, EngineOptions())
    found = {(f.rule_id, f.file_path, f.extra["package"], f.extra["version"]) for f in findings}
    assert found == {
        ("GHSA-j8r2-6x86-q33q", "api/requirements.txt", "requests", "2.30.0"),
        ("GHSA-8q59-q68h-6hv4", "api/requirements.txt", "pyyaml", "5.3.1"),
        ("PYSEC-2099-1", "api/requirements.txt", "django", "5.0b1"),
        ("GHSA-jf85-cpcp-j695", "web/package-lock.json", "lodash", "4.17.11"),
        ("GHSA-xvch-5gv4-984h", "web/package-lock.json", "minimist", "1.2.5"),
        ("GHSA-pjwm-rvh2-c87w", "web/package-lock.json", "ua-parser-js", "0.7.29"),
        ("GHSA-9999-npm4-v4v4", "web/package-lock.json", "@acme/widgets", "2.0.0-beta.2"),
        ("GHSA-w73w-5m7g-f7qc", "svc/go.mod", "github.com/dgrijalva/jwt-go", "v3.2.0+incompatible"),
        ("GHSA-4374-p667-p6c8", "svc/go.mod", "golang.org/x/net", "v0.0.0-20220722155237-a158d28d115b"),
        ("GHSA-jfh8-c2jp-5v3q", "svc/pom.xml", "org.apache.logging.log4j:log4j-core", "2.14.1"),
        ("RUSTSEC-2021-0003", "rs/Cargo.lock", "smallvec", "1.6.0"),
        ("GHSA-hxqx-xwvh-44m2", "rb/Gemfile.lock", "rack", "2.2.3"),
        ("GHSA-cwmx-hcrq-mhc3", "php/composer.lock", "guzzlehttp/guzzle", "7.4.2"),
    }
    assert all(f.engine == "dependencies" and f.fingerprint for f in findings)


def test_finding_shape_for_log4shell(tree: Path) -> None:
    findings = DependencyEngine(FixtureAdvisories()).scan(tree, EngineOptions())
    log4j = next(f for f in findings if f.rule_id == "GHSA-jfh8-c2jp-5v3q")
    assert log4j.title == "org.apache.logging.log4j:log4j-core 2.14.1 is vulnerable (GHSA-jfh8-c2jp-5v3q)"
    assert log4j.severity is Severity.CRITICAL  # CVSS 10.0
    assert log4j.cwe == ("CWE-502", "CWE-917")
    assert log4j.start_line == 5
    assert log4j.fix == "Upgrade org.apache.logging.log4j:log4j-core to 2.15.0 or later."
    assert "Log4Shell" in log4j.message and "CVE-2021-44228" in log4j.message
    assert log4j.extra["aliases"] == ["CVE-2021-44228"]
    assert log4j.extra["fixed_versions"] == ["2.15.0"]
    assert log4j.extra["affected_ranges"] == [">=2.0-beta9, <2.3.1", ">=2.4, <2.12.2", ">=2.13.0, <2.15.0"]
    assert log4j.extra["cvss_score"] == 10.0


def test_severity_sources_and_fix_choice(tree: Path) -> None:
    by_id = {f.rule_id: f for f in DependencyEngine(FixtureAdvisories()).scan(tree, EngineOptions())}
    assert by_id["GHSA-j8r2-6x86-q33q"].severity is Severity.MEDIUM  # CVSS 6.1 over "MODERATE"
    assert by_id["GHSA-9999-npm4-v4v4"].severity is Severity.MEDIUM  # v4 only: database word
    assert by_id["RUSTSEC-2021-0003"].severity is Severity.CRITICAL  # CVSS 9.8, no database word
    assert by_id["GHSA-xvch-5gv4-984h"].fix == "Upgrade minimist to 1.2.6 or later."
    assert by_id["GHSA-cwmx-hcrq-mhc3"].fix == "Upgrade guzzlehttp/guzzle to 7.4.3 or later."
    assert by_id["GHSA-w73w-5m7g-f7qc"].fix.startswith("No fixed version")
    assert by_id["GHSA-hxqx-xwvh-44m2"].extra["fixed_versions"] == ["2.2.3.1"]


def test_lookup_is_called_once_per_package_with_normalised_names(tree: Path) -> None:
    lookup = FixtureAdvisories()
    DependencyEngine(lookup).scan(tree, EngineOptions())
    assert len(lookup.calls) == len(set(lookup.calls))
    assert ("PyPI", "pyyaml") in lookup.calls and ("PyPI", "django") in lookup.calls


def test_disabled_advisories_and_excluded_paths(tree: Path) -> None:
    options = EngineOptions(disabled_rules=frozenset({"GHSA-jf85-cpcp-j695"}), excluded_globs=("rb/*",))
    ids = {f.rule_id for f in DependencyEngine(FixtureAdvisories()).scan(tree, options)}
    assert "GHSA-jf85-cpcp-j695" not in ids and "GHSA-hxqx-xwvh-44m2" not in ids


def test_fingerprint_is_stable_when_the_lockfile_moves_lines(tree: Path) -> None:
    engine = DependencyEngine(FixtureAdvisories())
    before = {f.rule_id: f for f in engine.scan(tree, EngineOptions())}
    write(tree, "api/requirements.txt", "# pinned\nflask>=2\n\nPyYAML==5.3.1\nrequests==2.30.0\n")
    after = {f.rule_id: f for f in engine.scan(tree, EngineOptions())}
    for rule in ("GHSA-j8r2-6x86-q33q", "GHSA-8q59-q68h-6hv4"):
        assert before[rule].start_line != after[rule].start_line
        assert before[rule].fingerprint == after[rule].fingerprint
    assert any("flask" in note for note in engine.notes)


def test_unreadable_lockfiles_become_notes(tmp_path: Path) -> None:
    write(tmp_path, "package-lock.json", "{not json")
    write(tmp_path, "pom.xml", "<project><dependencies>")
    engine = DependencyEngine(FixtureAdvisories())
    assert engine.scan(tmp_path, EngineOptions()) == []
    assert len(engine.notes) == 2
