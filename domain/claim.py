"""UniqueClaim: reserves one value (an email, a project name per owner) for one holder.

Its id is derived from the value, so two commands racing for one value both try to create version 1
of the same aggregate and the event store lets exactly one of them win: uniqueness without a
check-then-write.
"""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

from domain.errors import Conflict

_NAMESPACE = uuid.UUID("6f1d8d0e-5a43-4c0c-9a55-0a3e4f1c2b7d")


def claim_id(kind: str, value: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{kind}:{value}")


class UniqueClaim(Aggregate):
    @staticmethod
    def create_id(kind: str, value: str, holder_id: uuid.UUID) -> uuid.UUID:
        return claim_id(kind, value)

    @event("Claimed")
    def __init__(self, kind: str, value: str, holder_id: uuid.UUID) -> None:
        self.kind = kind
        self.value = value
        self.holder_id: uuid.UUID | None = holder_id

    def reclaim(self, holder_id: uuid.UUID, conflict: Conflict) -> None:
        if self.holder_id is not None and self.holder_id != holder_id:
            raise conflict
        self._reclaim(holder_id)

    @event("Reclaimed")
    def _reclaim(self, holder_id: uuid.UUID) -> None:
        self.holder_id = holder_id

    @event("Released")
    def release(self) -> None:
        self.holder_id = None
