"""Per-project rule settings: what rules_path and disabled_rules accept, and where a scan finds the rules."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from domain.errors import Invalid
from domain.project import MAX_DISABLED_RULES, Project, check_disabled_rules, check_rules_path
from scanners.project_rules import locate_project_rules

RULE = "rules:\n  - id: acme.x\n    languages: [python]\n    severity: INFO\n    message: m\n    pattern: x\n"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (".pairsec/rules", ".pairsec/rules"),
        ("./.pairsec/rules/", ".pairsec/rules"),
        ("semgrep//own.yaml", "semgrep/own.yaml"),
        ("rules..v2/x.yml", "rules..v2/x.yml"),
        (None, None),
    ],
)
def test_relative_rules_paths_are_kept_in_a_normal_form(given: str | None, kept: str | None) -> None:
    assert check_rules_path(given) == kept


@pytest.mark.parametrize(
    "given",
    ["", "   ", "/etc/semgrep", "../outside", "a/../../b", "a/..", "rules\\own", "a\x00b", "a\nb", ".", "./",
     "r" * 256],
)  # fmt: skip
def test_rules_paths_that_could_leave_the_tree_or_are_malformed_are_refused(given: str) -> None:
    with pytest.raises(Invalid) as refused:
        check_rules_path(given)
    assert set(refused.value.details) == {"rules_path"}


def test_rule_ids_of_every_engine_are_accepted_deduplicated_and_sorted() -> None:
    ids = ["python.flask.sqli-taint", "secrets.aws-access-key", "GHSA-jf85-cpcp-j695", "acme_own-1",
           "python.flask.sqli-taint"]  # fmt: skip
    assert check_disabled_rules(ids) == sorted(set(ids))
    assert check_disabled_rules(["r"] * MAX_DISABLED_RULES) == ["r"]


@pytest.mark.parametrize(
    "ids",
    [[""], ["-rf"], ["--config=x"], ["a..b"], [".a"], ["a."], ["a b"], ["a/b"], ["x" * 201],
     [f"r{i}" for i in range(MAX_DISABLED_RULES + 1)]],
)  # fmt: skip
def test_bad_rule_ids_or_too_many_are_refused_naming_the_field(ids: list[str]) -> None:
    with pytest.raises(Invalid) as refused:
        check_disabled_rules(ids)
    assert set(refused.value.details) == {"disabled_rules"}


def test_rule_settings_change_is_its_own_event_and_only_what_changed() -> None:
    project = Project(uuid.uuid4(), "p", None, "", None, actor="u")
    assert (project.rules_path, project.disabled_rules) == (None, [])
    requested = {"rules_path": ".pairsec/rules", "disabled_rules": [], "name": "p"}
    changes = project.rule_changes_from(requested)
    assert changes == {"rules_path": ".pairsec/rules"} and project.changes_from(requested) == {}
    project.change_rules(changes, actor="u")
    events = project.collect_events()
    assert type(events[-1]).__name__ == "RulesChanged" and events[-1].changes == changes
    assert project.rules_path == ".pairsec/rules"


def test_a_rule_folder_inside_the_tree_is_used(tmp_path: Path) -> None:
    (tmp_path / ".pairsec" / "rules").mkdir(parents=True)
    (tmp_path / ".pairsec" / "rules" / "own.yaml").write_text(RULE)
    found = locate_project_rules(tmp_path, ".pairsec/rules")
    assert found.path == (tmp_path / ".pairsec" / "rules").resolve() and found.warning is None
    assert locate_project_rules(tmp_path, ".pairsec/rules/own.yaml").path is not None
    assert locate_project_rules(tmp_path, None).path is None


@pytest.mark.parametrize(
    ("setup", "rules_path", "reason"),
    [
        (lambda root: None, "missing", "does not exist"),
        (lambda root: (root / "notes.txt").write_text(RULE), "notes.txt", "not a .yml or .yaml"),
        (lambda root: (root / "empty").mkdir(), "empty", "no .yml or .yaml"),
        (lambda root: os.symlink("/etc", root / "rules"), "rules", "out of the scanned tree"),
        (lambda root: os.symlink("/etc/hostname", root / "own.yaml"), "own.yaml", "out of the scanned tree"),
        (
            lambda root: ((root / "r").mkdir(), os.symlink("/etc", root / "r" / "etc")),
            "r",
            "symbolic link that leads out",
        ),
        (lambda root: None, "../escape", "must not contain a .. segment"),
    ],
    ids=["missing", "not-yaml", "empty-folder", "linked-folder", "linked-file", "link-inside", "dotdot"],
)
def test_rules_that_cannot_be_used_give_a_warning_not_a_silent_skip(
    tmp_path: Path, setup, rules_path: str, reason: str
) -> None:
    root = tmp_path / "src"
    root.mkdir()
    setup(root)
    found = locate_project_rules(root, rules_path)
    assert found.path is None
    assert found.warning is not None and reason in found.warning and rules_path in found.warning
    assert str(tmp_path) not in found.warning
