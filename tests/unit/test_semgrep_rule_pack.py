"""The Pairsec semgrep rule pack: every rule passes its own tests and carries complete metadata."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanners.semgrep import OFFLINE_FLAGS, RULE_PACK_DIR, find_semgrep, semgrep_env

LANGUAGE_DIRS = ("python", "javascript", "java", "go", "php", "ruby")
REQUIRED_METADATA = ("cwe", "owasp", "confidence", "pairsec-severity", "fix-hint", "title")
CONFIDENCES = {"HIGH", "MEDIUM", "LOW"}
PAIRSEC_SEVERITIES = {"critical", "high", "medium", "low", "info"}
SEMGREP_SEVERITIES = {"ERROR", "WARNING", "INFO"}
CWE = re.compile(r"^CWE-\d+: \S.+$")
OWASP = re.compile(r"^A(0[1-9]|10):2021 - \S.+$")
RULE_ID = re.compile(r"^(python|javascript|java|go|php|ruby)\.[a-z0-9-]+\.[a-z0-9-]+$")
ANNOTATION = re.compile(r"(?:#|//)\s*(ruleid|ok):\s*(.+)$")


def rule_files() -> list[Path]:
    return sorted(RULE_PACK_DIR.glob("*/*.yaml"))


def load_rules() -> list[tuple[Path, dict[str, Any]]]:
    return [(path, rule) for path in rule_files() for rule in yaml.safe_load(path.read_text())["rules"]]


ALL_RULES = load_rules()


def test_rule_pack_passes_semgrep_test() -> None:
    completed = subprocess.run(
        [str(find_semgrep()), "--test", *OFFLINE_FLAGS, str(RULE_PACK_DIR)],
        env=semgrep_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    assert "All tests passed" in output


def test_rule_pack_loads_without_rule_errors(tmp_path: Path) -> None:
    # semgrep --test can skip a rule whose pattern does not parse; a real scan reports it.
    (tmp_path / "empty.py").write_text("x = 1\n")
    completed = subprocess.run(
        [
            str(find_semgrep()),
            "scan",
            "--json",
            *OFFLINE_FLAGS,
            "--jobs",
            "1",
            "--config",
            str(RULE_PACK_DIR),
            str(tmp_path),
        ],
        env=semgrep_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert json.loads(completed.stdout)["errors"] == []


def test_rule_pack_has_rules_for_each_language() -> None:
    per_language = {lang: 0 for lang in LANGUAGE_DIRS}
    for path, _ in ALL_RULES:
        per_language[path.parent.name] += 1
    assert all(count >= 10 for count in per_language.values()), per_language
    assert sum(per_language.values()) >= 60


def test_rule_ids_are_unique_and_namespaced_by_language() -> None:
    ids = [rule["id"] for _, rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    for path, rule in ALL_RULES:
        assert RULE_ID.match(rule["id"]), rule["id"]
        assert rule["id"].split(".")[0] == path.parent.name, rule["id"]


def yaml_sharing(text: str) -> list[str]:
    """Anchors, aliases and merge keys in a YAML document, as 'line N: ...' descriptions."""
    found = []
    for event in yaml.parse(text):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            found.append(f"line {line}: alias *{event.anchor}")
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            found.append(f"line {line}: anchor &{event.anchor}")
        if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.style is None:
            found.append(f"line {line}: merge key <<")
    return found


def test_yaml_sharing_is_detected() -> None:
    text = "a: &base {x: 1}\nb:\n  <<: *base\n  y: '<<: *not-an-alias'\n"
    assert yaml_sharing(text) == ["line 1: anchor &base", "line 3: merge key <<", "line 3: alias *base"]
    assert yaml_sharing("p: '($R : *http.Request).Body'\n") == []


@pytest.mark.parametrize("rule_file", rule_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_file_has_no_yaml_anchors_aliases_or_merge_keys(rule_file: Path) -> None:
    # semgrep's YAML reader applies a merge key (<<: *anchor) but then drops the keys written next
    # to it, so a rule would report the anchor's title/CWE/severity instead of its own. Write every
    # block out in full.
    found = yaml_sharing(rule_file.read_text())
    assert not found, f"{rule_file}: {found}"


@pytest.mark.parametrize("rule", [r for _, r in ALL_RULES], ids=lambda r: r["id"])
def test_rule_has_complete_and_valid_metadata(rule: dict[str, Any]) -> None:
    metadata = rule.get("metadata", {})
    missing = [key for key in REQUIRED_METADATA if not metadata.get(key)]
    assert not missing, f"{rule['id']} lacks {missing}"
    assert rule["severity"] in SEMGREP_SEVERITIES
    assert metadata["confidence"] in CONFIDENCES
    assert metadata["pairsec-severity"] in PAIRSEC_SEVERITIES
    assert isinstance(metadata["cwe"], list) and all(CWE.match(c) for c in metadata["cwe"])
    assert isinstance(metadata["owasp"], list) and all(OWASP.match(o) for o in metadata["owasp"])
    assert "\n" not in metadata["fix-hint"] and "\n" not in metadata["title"]
    assert rule.get("message", "").strip()


def annotations(test_file: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"ruleid": set(), "ok": set()}
    for line in test_file.read_text().splitlines():
        match = ANNOTATION.search(line)
        if match:
            found[match.group(1)].update(r.strip() for r in match.group(2).split(","))
    return found


@pytest.mark.parametrize("rule_file", rule_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_rule_has_a_vulnerable_and_a_safe_test_case(rule_file: Path) -> None:
    test_files = [p for p in rule_file.parent.glob(rule_file.stem + ".*") if p.suffix != ".yaml"]
    assert len(test_files) == 1, f"{rule_file} needs exactly one test file, found {test_files}"
    marks = annotations(test_files[0])
    for rule in yaml.safe_load(rule_file.read_text())["rules"]:
        assert rule["id"] in marks["ruleid"], f"{rule['id']} has no vulnerable case"
        assert rule["id"] in marks["ok"], f"{rule['id']} has no safe case"
