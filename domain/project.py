"""The Project aggregate: code a team wants scanned, owned by one user."""

from __future__ import annotations

import re
import uuid
from pathlib import PurePosixPath
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import Invalid, NotFound

PROJECT_NAME_CLAIM = "project-name"
MAX_PROJECT_NAME = 200
MAX_DESCRIPTION = 2000
MAX_BRANCH = 255
EDITABLE_FIELDS = ("name", "repository_url", "description", "default_branch")
# Per-project detection settings: a rule folder of the project's own, and rules switched off.
RULE_FIELDS = ("rules_path", "disabled_rules")
MAX_RULES_PATH = 255
MAX_DISABLED_RULES = 500
MAX_RULE_ID = 200
# The shape of every rule id an engine reports: the pack's `python.flask.sqli-taint`, the secrets
# engine's `secrets.aws-access-key`, advisories' `GHSA-jf85-cpcp-j695`, and a project's own rules.
RULE_ID_SHAPE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9_-]))*$")

_BAD_REF = re.compile(r"(^[-/.])|(\.\.)|([\x00-\x20~^:?*\[\\\x7f])|(@\{)|(/$)|(\.lock$)|(//)|(\.$)")


def project_name_key(owner_id: uuid.UUID, name: str) -> str:
    """The value reserved for a name: unique per owner, compared case-insensitively."""
    return f"{owner_id}:{name.strip().casefold()}"


def check_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise Invalid("name must not be blank", {"name": "must not be blank"})
    if any(ord(c) < 32 for c in cleaned):
        raise Invalid("name has control characters", {"name": "must not contain control characters"})
    return cleaned


def check_branch(branch: str | None) -> str | None:
    """A git branch name, by git's own ref-name rules (refuses option-like names too)."""
    if branch is None:
        return None
    if not branch or len(branch) > MAX_BRANCH or _BAD_REF.search(branch):
        raise Invalid(
            "default_branch is not a valid git branch name", {"default_branch": "is not a valid branch"}
        )
    return branch


def check_rules_path(rules_path: str | None) -> str | None:
    """A folder or rule file of the scanned tree, relative to its root; None for no rules of its own."""
    if rules_path is None:
        return None

    def refuse(reason: str) -> Invalid:
        return Invalid(f"rules_path {reason}", {"rules_path": reason})

    if not rules_path.strip():
        raise refuse("must not be blank (use null for none)")
    if len(rules_path) > MAX_RULES_PATH:
        raise refuse(f"must be at most {MAX_RULES_PATH} characters")
    if any(ord(c) < 32 or c == "\x7f" for c in rules_path):
        raise refuse("must not contain control characters")
    if "\\" in rules_path:
        raise refuse("must use / as separator, not backslashes")
    if rules_path.startswith("/"):
        raise refuse("must be relative to the repository root")
    if ".." in rules_path.split("/"):
        raise refuse("must not contain a .. segment")
    cleaned = PurePosixPath(rules_path).as_posix()
    if cleaned == ".":
        raise refuse("must name a folder or rule file below the repository root")
    return cleaned


def check_disabled_rules(rule_ids: list[str]) -> list[str]:
    """Rule ids to switch off, each in the shape engines report, without repeats, in a stable order."""
    if len(rule_ids) > MAX_DISABLED_RULES:
        raise Invalid(
            f"at most {MAX_DISABLED_RULES} rules may be disabled",
            {"disabled_rules": f"must have at most {MAX_DISABLED_RULES} items"},
        )
    for index, rule_id in enumerate(rule_ids):
        if len(rule_id) > MAX_RULE_ID or not RULE_ID_SHAPE.match(rule_id):
            raise Invalid(
                "disabled_rules has an id that is not a rule id",
                {
                    "disabled_rules": f"item {index} is not a rule id such as python.flask.sqli-taint "
                    f"(letters, digits, '.', '_', '-'; at most {MAX_RULE_ID} characters)"
                },
            )
    return sorted(set(rule_ids))


class Project(Aggregate):
    @event("Created")
    def __init__(
        self,
        owner_id: uuid.UUID,
        name: str,
        repository_url: str | None,
        description: str,
        default_branch: str | None,
        actor: str,
        rules_path: str | None = None,
        disabled_rules: list[str] | None = None,
    ) -> None:
        self.owner_id = owner_id
        self.name = name
        self.repository_url = repository_url
        self.description = description
        self.default_branch = default_branch
        # Projects created before rule settings existed have neither in their Created event.
        self.rules_path = rules_path
        self.disabled_rules: list[str] = list(disabled_rules or [])
        self.deleted = False

    def ensure_visible_to(self, user_id: uuid.UUID) -> None:
        """Another user's project, or a deleted one, is simply not found (never 403)."""
        if self.deleted or self.owner_id != user_id:
            raise NotFound("project not found")

    def changes_from(self, requested: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in requested.items() if k in EDITABLE_FIELDS and getattr(self, k) != v}

    def rule_changes_from(self, requested: dict[str, Any]) -> dict[str, Any]:
        """The requested rule settings (already checked) that differ from the current ones."""
        return {k: v for k, v in requested.items() if k in RULE_FIELDS and getattr(self, k) != v}

    @event("Updated")
    def update(self, changes: dict[str, Any], actor: str) -> None:
        """Records only the fields that changed."""
        for field_name, value in changes.items():
            setattr(self, field_name, value)

    @event("RulesChanged")
    def change_rules(self, changes: dict[str, Any], actor: str) -> None:
        """A separate event from Updated: what a scan detects is a security decision worth auditing."""
        for field_name, value in changes.items():
            setattr(self, field_name, value)

    @event("Deleted")
    def delete(self, actor: str) -> None:
        self.deleted = True
