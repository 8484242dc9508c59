"""A project's own semgrep rules, kept in its repository: find them in the scanned tree, or say why not.

The tree is untrusted. The rules are used only when `rules_path` names a folder or a .yml/.yaml file
inside it, reached without any link that leads out of the tree; anything else becomes a warning
on the scan (the scan still runs with the Pairsec pack), never a silent skip.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from domain.errors import Invalid
from domain.project import check_rules_path

RULE_FILE_SUFFIXES = (".yml", ".yaml")
MAX_RULE_FILES = 1_000
MAX_RULE_BYTES = 10_000_000


@dataclass(frozen=True)
class ProjectRules:
    """Where the project's rules are (None when they cannot be used), and why not."""

    path: Path | None
    warning: str | None = None


def locate_project_rules(root: Path, rules_path: str | None) -> ProjectRules:
    if rules_path is None:
        return ProjectRules(None)
    try:
        cleaned = check_rules_path(rules_path)
    except Invalid as error:  # checked when set; checked again, as the tree and the job are not ours
        details = error.details if isinstance(error.details, dict) else {}
        return _unused(rules_path, str(details.get("rules_path", "is not valid")))
    assert cleaned is not None
    tree = root.resolve()
    candidate = tree / cleaned
    if not os.path.lexists(candidate):
        return _unused(cleaned, "does not exist in the scanned tree")
    target = candidate.resolve()
    if not target.is_relative_to(tree):
        return _unused(cleaned, "leads out of the scanned tree through a symbolic link")
    if target.is_file():
        if target.suffix.lower() not in RULE_FILE_SUFFIXES:
            return _unused(cleaned, "is not a .yml or .yaml file")
        if target.stat().st_size > MAX_RULE_BYTES:
            return _unused(cleaned, f"is larger than {MAX_RULE_BYTES // 1_000_000} MB")
        return ProjectRules(target)
    if not target.is_dir():
        return _unused(cleaned, "is neither a folder nor a rule file")
    problem = _folder_problem(tree, target)
    return _unused(cleaned, problem) if problem else ProjectRules(target)


def _folder_problem(tree: Path, folder: Path) -> str | None:
    """Why a rule folder cannot be handed to semgrep (which reads every .yml/.yaml below it), or None."""
    rule_files = 0
    size = 0
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            entry = Path(current) / name
            if entry.is_symlink() and not entry.resolve().is_relative_to(tree):
                return "holds a symbolic link that leads out of the scanned tree"
        for name in files:
            if name.lower().endswith(RULE_FILE_SUFFIXES):
                rule_files += 1
                size += (Path(current) / name).stat().st_size
        if rule_files > MAX_RULE_FILES or size > MAX_RULE_BYTES:
            return f"holds more than {MAX_RULE_FILES} rule files or {MAX_RULE_BYTES // 1_000_000} MB of them"
    if rule_files == 0:
        return "holds no .yml or .yaml rule file"
    return None


def _unused(rules_path: str, reason: str) -> ProjectRules:
    return ProjectRules(
        None,
        f"the project's rules were not used: rules_path {rules_path!r} {reason}; "
        "the scan ran with the Pairsec rule pack only",
    )
