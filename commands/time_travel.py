"""An aggregate as it was at a past moment, rebuilt from its events up to that time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from commands.application import PairsecApplication


@dataclass(frozen=True)
class PastState:
    """The aggregate at the moment (None when it did not exist yet), and its first event."""

    aggregate: Any | None
    first_event: Any


class TimeTravel:
    def __init__(self, app: PairsecApplication) -> None:
        self._app = app

    def at(self, aggregate_id: uuid.UUID, moment: datetime) -> PastState | None:
        """None when no such aggregate exists at all.

        Events are applied in order while their time is not after the moment, so the result is the
        aggregate at the version it had then (events of one aggregate are recorded in time order).
        """
        aggregate = None
        first = None
        for event in self._app.events.get(aggregate_id):
            if first is None:
                first = event
            if event.timestamp > moment:
                break
            aggregate = event.mutate(aggregate)
        if first is None:
            return None
        return PastState(aggregate, first)
