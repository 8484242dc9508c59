"""The event-sourced application: the only door to the write side and its event store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, Recording, StoredEvent, Transcoder
from eventsourcing.utils import get_topic

from commands.provenance import SYSTEM_ACTOR, current_provenance
from commands.transcoder import FastDecodingTranscoder

T = TypeVar("T")
# Metadata the event store adds to every event's stored state; old events simply lack them.
RECORDED_BY = "recorded_by"
REQUEST_ID = "request_id"
SCHEMA_VERSION = "class_version"
METADATA_FIELDS = (RECORDED_BY, REQUEST_ID)


class ProvenanceMapper(Mapper):
    """Stores who caused each event and in which request, and always the event's schema version.

    The version is eventsourcing's `class_version` (the library omits it for version 1), so an
    event class that evolves declares `class_version = 2` and `upcast_v1_v2(state)`, and reading
    an old event upcasts it. The metadata stays in the loaded event's attributes, where the
    aggregates' `@event` methods ignore it and the audit history reads it.
    """

    def to_stored_event(self, domain_event: DomainEventProtocol) -> StoredEvent:
        event_state = dict(vars(domain_event))
        originator_id = event_state.pop("originator_id")
        originator_version = event_state.pop("originator_version")
        event_state[SCHEMA_VERSION] = getattr(type(domain_event), "class_version", 1)
        if RECORDED_BY not in event_state:
            provenance = current_provenance()
            event_state[RECORDED_BY] = (provenance.actor if provenance else None) or SYSTEM_ACTOR
            event_state[REQUEST_ID] = provenance.request_id if provenance else None
        stored_state = self.transcoder.encode(event_state)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=stored_state,
        )


class PairsecApplication(Application):
    """One application, one notification log: every aggregate's events in one total order.

    Its name is the table prefix (`pairsec_events`): never rename it without a migration.
    """

    name = "pairsec"

    def construct_mapper(self) -> Mapper:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=ProvenanceMapper)

    def construct_transcoder(self) -> Transcoder:
        """eventsourcing's JSON format, decoded with orjson (commands/transcoder.py)."""
        transcoder = FastDecodingTranscoder()
        self.register_transcodings(transcoder)
        return transcoder


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a command produced, and the log position of its last event (for read-your-writes)."""

    value: T
    position: int | None


def last_position(recordings: Sequence[Recording]) -> int | None:
    ids = [r.notification.id for r in recordings if r.notification.id is not None]
    return max(ids) if ids else None
