"""Taking and giving back UniqueClaims through the event store."""

from __future__ import annotations

import uuid

from eventsourcing.application import AggregateNotFoundError, Application

from domain.claim import UniqueClaim, claim_id
from domain.errors import Conflict


def take_claim(
    app: Application, kind: str, value: str, holder_id: uuid.UUID, conflict: Conflict
) -> UniqueClaim:
    """A claim on value for holder, new or re-taken; raises conflict when someone else holds it.

    The caller saves it together with the aggregate it protects, in one atomic save.
    """
    try:
        claim: UniqueClaim = app.repository.get(claim_id(kind, value))
    except AggregateNotFoundError:
        return UniqueClaim(kind=kind, value=value, holder_id=holder_id)
    claim.reclaim(holder_id, conflict)
    return claim


def holder_of(app: Application, kind: str, value: str) -> uuid.UUID | None:
    try:
        claim: UniqueClaim = app.repository.get(claim_id(kind, value))
    except AggregateNotFoundError:
        return None
    return claim.holder_id


def release_claim(app: Application, kind: str, value: str) -> UniqueClaim | None:
    try:
        claim: UniqueClaim = app.repository.get(claim_id(kind, value))
    except AggregateNotFoundError:
        return None
    claim.release()
    return claim
