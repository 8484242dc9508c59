"""The Project aggregate: code a team wants scanned, owned by one user."""

from __future__ import annotations

import re
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import Invalid, NotFound

PROJECT_NAME_CLAIM = "project-name"
MAX_PROJECT_NAME = 200
MAX_DESCRIPTION = 2000
MAX_BRANCH = 255
EDITABLE_FIELDS = ("name", "repository_url", "description", "default_branch")

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
    ) -> None:
        self.owner_id = owner_id
        self.name = name
        self.repository_url = repository_url
        self.description = description
        self.default_branch = default_branch
        self.deleted = False

    def ensure_visible_to(self, user_id: uuid.UUID) -> None:
        """Another user's project, or a deleted one, is simply not found (never 403)."""
        if self.deleted or self.owner_id != user_id:
            raise NotFound("project not found")

    def changes_from(self, requested: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in requested.items() if k in EDITABLE_FIELDS and getattr(self, k) != v}

    @event("Updated")
    def update(self, changes: dict[str, Any], actor: str) -> None:
        """Records only the fields that changed."""
        for field_name, value in changes.items():
            setattr(self, field_name, value)

    @event("Deleted")
    def delete(self, actor: str) -> None:
        self.deleted = True
