"""Triage commands: record a decision on a finding identity, and read its history from the event store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from commands.application import PairsecApplication, Written, last_position
from domain.errors import Conflict, NotFound
from domain.triage import Triage, check_decision, identity_id

SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class TriageEntry:
    status: str
    reason: str
    comment: str
    expires_at: datetime | None
    actor: str | None
    at: datetime


class TriageCommands:
    def __init__(self, app: PairsecApplication) -> None:
        self._app = app

    def decide(
        self,
        owner_id: uuid.UUID,
        project_id: uuid.UUID,
        ref: str,
        fingerprint: str,
        actor: str,
        status: str,
        reason: str = "",
        comment: str = "",
        expires_at: datetime | None = None,
    ) -> Written[Triage]:
        check_decision(status, expires_at, datetime.now(UTC))
        for attempt in range(SAVE_ATTEMPTS):
            triage = self._load(identity_id(project_id, ref, fingerprint))
            if triage is None:
                triage = Triage(project_id=project_id, ref=ref, fingerprint=fingerprint, owner_id=owner_id)
            elif triage.owner_id != owner_id:
                raise NotFound("finding not found")
            triage.decide(status, reason, comment, expires_at, actor)
            try:
                return Written(triage, last_position(self._app.save(triage)))
            except IntegrityError:
                if attempt == SAVE_ATTEMPTS - 1:
                    raise Conflict("the finding was triaged by another request; try again") from None
        raise AssertionError("unreachable")

    def history(
        self, owner_id: uuid.UUID, project_id: uuid.UUID, ref: str, fingerprint: str
    ) -> list[TriageEntry]:
        triage = self._load(identity_id(project_id, ref, fingerprint))
        if triage is None:
            return []
        if triage.owner_id != owner_id:
            raise NotFound("finding not found")
        return [
            TriageEntry(e.status, e.reason, e.comment, e.expires_at, e.actor, e.timestamp)
            for e in self._app.events.get(triage.id)
            if isinstance(e, Triage.Decided)
        ]

    def _load(self, triage_id: uuid.UUID) -> Triage | None:
        try:
            triage = self._app.repository.get(triage_id)
        except AggregateNotFoundError:
            return None
        return triage if isinstance(triage, Triage) else None
