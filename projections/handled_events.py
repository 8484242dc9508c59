"""Which stored events a projection has a handler for, told from the stored topic alone.

A scan's FindingsRecorded event holds up to a thousand findings; decoding it costs milliseconds.
Most read models ignore it, so their runners hand them an `UnhandledEvent` (the event's identity,
not its state): the projection records its position as it does for any event it ignores, and the
read models that do use findings are left the CPU.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import singledispatchmethod
from typing import Any

from eventsourcing.utils import resolve_topic


@dataclass(frozen=True)
class UnhandledEvent:
    """An event a projection has no handler for, not decoded."""

    originator_id: uuid.UUID | str
    originator_version: int
    topic: str


def handled_event_classes(projection_class: type) -> tuple[type, ...]:
    """The event classes registered on the projection's singledispatch `process_event`."""
    for klass in projection_class.__mro__:
        method = klass.__dict__.get("process_event")
        if isinstance(method, singledispatchmethod):
            return tuple(c for c in method.dispatcher.registry if c is not object)
    return ()


class HandledTopics:
    """Answers "does this projection handle events of this topic?", once per topic."""

    def __init__(self, projection_class: type) -> None:
        self._handled = handled_event_classes(projection_class)
        self._answers: dict[str, bool] = {}

    def __call__(self, topic: str) -> bool:
        answer = self._answers.get(topic)
        if answer is None:
            try:
                event_class: Any = resolve_topic(topic)
            except Exception:  # decoding will report an unknown topic properly
                answer = True
            else:
                # No singledispatch table means a projection of its own kind: it sees everything.
                answer = not self._handled or (
                    isinstance(event_class, type) and issubclass(event_class, self._handled)
                )
            self._answers[topic] = answer
        return answer
