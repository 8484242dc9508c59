"""The event-sourced application: the only door to the write side and its event store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from eventsourcing.application import Application
from eventsourcing.persistence import Recording

T = TypeVar("T")


class PairsecApplication(Application):
    """One application, one notification log: every aggregate's events in one total order.

    Its name is the table prefix (`pairsec_events`): never rename it without a migration.
    """

    name = "pairsec"


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a command produced, and the log position of its last event (for read-your-writes)."""

    value: T
    position: int | None


def last_position(recordings: Sequence[Recording]) -> int | None:
    ids = [r.notification.id for r in recordings if r.notification.id is not None]
    return max(ids) if ids else None
