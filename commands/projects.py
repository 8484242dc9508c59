"""Project commands (create, update, delete) and the project's audit history from the event store."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from commands.application import PairsecApplication, Written, last_position
from commands.claims import release_claim, take_claim
from domain.errors import Conflict, NotFound, PreconditionFailed
from domain.project import (
    PROJECT_NAME_CLAIM,
    RULE_FIELDS,
    Project,
    check_branch,
    check_disabled_rules,
    check_name,
    check_rules_path,
    project_name_key,
)

UPDATE_ATTEMPTS = 3
RepositoryUrlCheck = Callable[[str], str]


def _name_taken() -> Conflict:
    return Conflict(
        "you already have a project with this name", {"name": "is already used by another project"}
    )


def _changed() -> Conflict:
    return Conflict("the project was changed by another request; try again")


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    type: str
    at: datetime
    actor: str | None
    changes: dict[str, Any]


class Projects:
    def __init__(self, app: PairsecApplication, check_repository_url: RepositoryUrlCheck) -> None:
        self._app = app
        self._check_url = check_repository_url

    def get(self, owner_id: uuid.UUID, project_id: uuid.UUID, version: int | None = None) -> Project:
        try:
            project: Project = self._app.repository.get(project_id, version=version)
        except AggregateNotFoundError:
            raise NotFound("project not found") from None
        if not isinstance(project, Project):
            raise NotFound("project not found")
        project.ensure_visible_to(owner_id)
        return project

    def create(
        self,
        owner_id: uuid.UUID,
        actor: str,
        name: str,
        repository_url: str | None = None,
        description: str = "",
        default_branch: str | None = None,
        rules_path: str | None = None,
        disabled_rules: list[str] | None = None,
    ) -> Written[Project]:
        name = check_name(name)
        url = self._check_url(repository_url) if repository_url is not None else None
        project = Project(
            owner_id=owner_id,
            name=name,
            repository_url=url,
            description=description,
            default_branch=check_branch(default_branch),
            actor=actor,
            rules_path=check_rules_path(rules_path),
            disabled_rules=check_disabled_rules(disabled_rules or []),
        )
        claim = take_claim(
            self._app, PROJECT_NAME_CLAIM, project_name_key(owner_id, name), project.id, _name_taken()
        )
        # A new project's id cannot clash: a conflict here is another request taking the name first.
        return Written(project, self._save(project, claim, conflict=_name_taken()))

    def update(
        self,
        owner_id: uuid.UUID,
        project_id: uuid.UUID,
        actor: str,
        requested: dict[str, Any],
        expected_version: int | None = None,
    ) -> Written[Project]:
        """Apply a partial update; a concurrent change is retried (or 412 with If-Match), never lost."""
        cleaned = dict(requested)
        if "name" in cleaned:
            cleaned["name"] = check_name(cleaned["name"])
        if cleaned.get("repository_url") is not None:
            cleaned["repository_url"] = self._check_url(cleaned["repository_url"])
        if "default_branch" in cleaned:
            cleaned["default_branch"] = check_branch(cleaned["default_branch"])
        if "rules_path" in cleaned:
            cleaned["rules_path"] = check_rules_path(cleaned["rules_path"])
        if "disabled_rules" in cleaned:
            cleaned["disabled_rules"] = check_disabled_rules(cleaned["disabled_rules"])
        for attempt in range(UPDATE_ATTEMPTS):
            project = self._current(owner_id, project_id, expected_version)
            changes = project.changes_from(cleaned)
            rule_changes = project.rule_changes_from(cleaned)
            if not changes and not rule_changes:
                return Written(project, None)
            to_save: list[Aggregate] = [project]
            if "name" in changes and project_name_key(owner_id, changes["name"]) != project_name_key(
                owner_id, project.name
            ):
                key = project_name_key(owner_id, changes["name"])
                to_save.append(take_claim(self._app, PROJECT_NAME_CLAIM, key, project.id, _name_taken()))
                released = release_claim(
                    self._app, PROJECT_NAME_CLAIM, project_name_key(owner_id, project.name)
                )
                if released is not None:
                    to_save.append(released)
            if changes:
                project.update(changes, actor)
            if rule_changes:
                project.change_rules(rule_changes, actor)
            try:
                return Written(project, last_position(self._app.save(*to_save)))
            except IntegrityError:
                if expected_version is not None or attempt == UPDATE_ATTEMPTS - 1:
                    raise _changed() from None
        raise AssertionError("unreachable")

    def delete(
        self, owner_id: uuid.UUID, project_id: uuid.UUID, actor: str, expected_version: int | None = None
    ) -> Written[Project]:
        project = self._current(owner_id, project_id, expected_version)
        project.delete(actor)
        to_save: list[Aggregate] = [project]
        released = release_claim(self._app, PROJECT_NAME_CLAIM, project_name_key(owner_id, project.name))
        if released is not None:
            to_save.append(released)
        return Written(project, self._save(*to_save, conflict=_changed()))

    def history(self, owner_id: uuid.UUID, project_id: uuid.UUID) -> list[HistoryEntry]:
        self.get(owner_id, project_id)
        entries = []
        for stored in self._app.events.get(project_id):
            kind = type(stored).__name__
            if kind == "Created":
                fields = ("name", "repository_url", "description", "default_branch", *RULE_FIELDS)
                changes = {k: getattr(stored, k, None) for k in fields}
                changes["disabled_rules"] = list(changes["disabled_rules"] or [])
            else:
                changes = dict(getattr(stored, "changes", {}))
            entries.append(
                HistoryEntry(
                    version=stored.originator_version,
                    type="project." + re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower(),
                    at=stored.timestamp,
                    actor=getattr(stored, "actor", None),
                    changes=changes,
                )
            )
        return entries

    def _current(self, owner_id: uuid.UUID, project_id: uuid.UUID, expected_version: int | None) -> Project:
        project = self.get(owner_id, project_id)
        if expected_version is not None and project.version != expected_version:
            raise PreconditionFailed(
                f"the project is at version {project.version}, not {expected_version}",
                {"If-Match": "is not the current version; fetch the project again"},
            )
        return project

    def _save(self, *aggregates: Aggregate, conflict: Conflict) -> int | None:
        try:
            return last_position(self._app.save(*aggregates))
        except IntegrityError:
            raise conflict from None
