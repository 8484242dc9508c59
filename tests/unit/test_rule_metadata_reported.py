"""What semgrep reports for a rule is what its YAML file declares.

Reading the rule files with PyYAML is not enough: semgrep has its own YAML reader, and it once
reported an anchor's title/CWE/confidence/severity for rules that overrode them after a merge key
(`<<: *anchor`). So this runs the whole pack once over the pack's own test files and compares the
metadata of every reported result with the declaration of its rule.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanners.semgrep import OFFLINE_FLAGS, RULE_PACK_DIR, find_semgrep, semgrep_env

REPORTED_METADATA = ("cwe", "owasp", "confidence", "pairsec-severity", "fix-hint", "title")


def declared_rules() -> dict[str, dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for path in sorted(RULE_PACK_DIR.glob("*/*.yaml")):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            rules[rule["id"]] = rule
    return rules


def rule_test_files() -> list[Path]:
    return sorted(p for p in RULE_PACK_DIR.glob("*/*") if p.is_file() and p.suffix not in {".yaml", ".yml"})


def declared_id(check_id: str, rule_ids: set[str]) -> str:
    # With --config <directory> semgrep prefixes the id with the rule file's folder
    # ("scanners.rules.python.python.lang.x"); every Pairsec id has exactly three parts.
    if check_id in rule_ids:
        return check_id
    candidate = ".".join(check_id.split(".")[-3:])
    assert candidate in rule_ids, f"semgrep reported an unknown rule {check_id}"
    return candidate


@pytest.fixture(scope="module")
def reported() -> dict[str, list[dict[str, Any]]]:
    """Rule id -> the `extra` objects of its results, from one semgrep run over all test files."""
    completed = subprocess.run(
        [
            str(find_semgrep()),
            "scan",
            "--json",
            *OFFLINE_FLAGS,
            "--jobs",
            "1",
            "--no-git-ignore",
            "--config",
            str(RULE_PACK_DIR),
            *(str(p) for p in rule_test_files()),
        ],
        env=semgrep_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    report = json.loads(completed.stdout)
    assert report["errors"] == [], report["errors"][:3]
    rule_ids = set(declared_rules())
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for result in report["results"]:
        by_rule.setdefault(declared_id(result["check_id"], rule_ids), []).append(result["extra"])
    return by_rule


def test_every_rule_fires_on_its_test_file(reported: dict[str, list[dict[str, Any]]]) -> None:
    # Each rule has a `ruleid:` case (test_semgrep_rule_pack), so none may be missing here;
    # otherwise the comparison below would silently skip it.
    silent = sorted(set(declared_rules()) - set(reported))
    assert not silent, f"rules without any result on the pack's test files: {silent}"


def test_reported_metadata_equals_declared_metadata(reported: dict[str, list[dict[str, Any]]]) -> None:
    rules = declared_rules()
    wrong: list[str] = []
    for rule_id, extras in sorted(reported.items()):
        declared = rules[rule_id]
        expected = {key: declared["metadata"][key] for key in REPORTED_METADATA}
        expected["severity"] = declared["severity"]
        for extra in extras:
            got = {key: extra.get("metadata", {}).get(key) for key in REPORTED_METADATA}
            got["severity"] = extra.get("severity")
            wrong += [
                f"{rule_id} {key}: reported {got[key]!r}, declared {value!r}"
                for key, value in expected.items()
                if got[key] != value
            ]
    assert not wrong, "\n".join(sorted(set(wrong)))
