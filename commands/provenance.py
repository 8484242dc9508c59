"""Who caused the events being saved, and in which request: set by the API, the worker and tools.

The event store stamps every event it writes with the current provenance (see application.py),
so no command needs an extra parameter for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

SYSTEM_ACTOR = "system"
ANONYMOUS_ACTOR = "anonymous"


class Provenance(Protocol):
    """Read when an event is stored, so an actor known only later in a request is still seen."""

    @property
    def actor(self) -> str | None: ...

    @property
    def request_id(self) -> str | None: ...


@dataclass(frozen=True)
class FixedProvenance:
    actor: str | None
    request_id: str | None = None


_current: ContextVar[Provenance | None] = ContextVar("pairsec_provenance", default=None)


def current_provenance() -> Provenance | None:
    return _current.get()


def set_provenance(provenance: Provenance | None) -> object:
    """Set the provenance for this thread or task; returns a token for reset_provenance."""
    return _current.set(provenance)


def reset_provenance(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


@contextmanager
def acting_as(actor: str, request_id: str | None = None) -> Iterator[Provenance]:
    """Events saved inside this block are recorded as done by actor, within request_id."""
    provenance = FixedProvenance(actor, request_id)
    token = _current.set(provenance)
    try:
        yield provenance
    finally:
        _current.reset(token)
