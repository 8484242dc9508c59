"""Triage: a person's decision about one finding identity, which sticks to it in every later scan."""

from __future__ import annotations

import uuid
from datetime import datetime

from eventsourcing.domain import Aggregate, event

from domain.errors import Invalid

TRIAGE_STATUSES = (
    "open", "false_positive", "accepted_risk", "used_in_tests", "mitigating_control", "not_applicable",
)  # fmt: skip
MAX_REASON = 200
MAX_COMMENT = 4000
_IDENTITY_NAMESPACE = uuid.UUID("c5d0b7e4-8f8e-4d0a-bb43-62f5d1f7a0a9")


def identity_id(project_id: uuid.UUID, ref: str, fingerprint: str) -> uuid.UUID:
    """A finding's identity across scans: the project, the branch (or ref) and the fingerprint."""
    return uuid.uuid5(_IDENTITY_NAMESPACE, f"{project_id}:{ref}:{fingerprint}")


def check_decision(status: str, expires_at: datetime | None, now: datetime) -> None:
    if status not in TRIAGE_STATUSES:
        raise Invalid("unknown triage status", {"status": "must be one of " + ", ".join(TRIAGE_STATUSES)})
    if expires_at is not None:
        if status != "accepted_risk":
            raise Invalid("only an accepted risk can expire", {"expires_at": "is only for accepted_risk"})
        if expires_at <= now:
            raise Invalid("expires_at is in the past", {"expires_at": "must be in the future"})


class Triage(Aggregate):
    """The triage history of one finding identity (its id is the identity id)."""

    @staticmethod
    def create_id(project_id: uuid.UUID, ref: str, fingerprint: str, owner_id: uuid.UUID) -> uuid.UUID:
        return identity_id(project_id, ref, fingerprint)

    @event("Opened")
    def __init__(self, project_id: uuid.UUID, ref: str, fingerprint: str, owner_id: uuid.UUID) -> None:
        self.project_id = project_id
        self.ref = ref
        self.fingerprint = fingerprint
        self.owner_id = owner_id
        self.status = "open"
        self.reason = ""
        self.comment = ""
        self.expires_at: datetime | None = None

    @event("Decided")
    def decide(self, status: str, reason: str, comment: str, expires_at: datetime | None, actor: str) -> None:
        self.status = status
        self.reason = reason
        self.comment = comment
        self.expires_at = expires_at
