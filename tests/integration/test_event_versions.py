"""Event schema evolution: stored events carry their class version; old versions are upcast on read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from commands.application import RECORDED_BY, REQUEST_ID, SCHEMA_VERSION
from commands.audit import AuditTrail
from commands.provenance import acting_as
from infra.bootstrap import Container


class Probe(Aggregate):
    """A stand-in aggregate whose Renamed event gained a `reason` field in version 2."""

    @event("Created")
    def __init__(self, name: str) -> None:
        self.name = name
        self.reason = ""

    class Renamed(Aggregate.Event):
        class_version = 2
        name: str
        reason: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["reason"] = "not recorded before version 2"

        def apply(self, aggregate: Any) -> None:
            aggregate.name = self.name
            aggregate.reason = self.reason

    def rename(self, name: str, reason: str) -> None:
        self.trigger_event(self.Renamed, name=name, reason=reason)


def _stored_state(container: Container, aggregate_id: uuid.UUID, version: int) -> dict[str, Any]:
    (stored,) = container.app.recorder.select_events(aggregate_id, gt=version - 1, lte=version)
    return container.app.mapper.transcoder.decode(stored.state)


def test_a_version_1_event_written_before_the_change_is_read_as_version_2(container: Container) -> None:
    probe = Probe(name="first")
    container.app.save(probe)
    # What an older release stored: no class_version, no reason, no recorded_by or request_id.
    old_state = {"timestamp": datetime.now(UTC), "name": "second"}
    container.app.recorder.insert_events([
        StoredEvent(
            originator_id=probe.id,
            originator_version=2,
            topic=get_topic(Probe.Renamed),
            state=container.app.mapper.transcoder.encode(old_state),
        )
    ])  # fmt: skip

    loaded = container.app.repository.get(probe.id)
    assert (loaded.name, loaded.reason, loaded.version) == ("second", "not recorded before version 2", 2)
    entries = AuditTrail(container.app).page(probe.id, 1, 10, lambda first: True)
    assert entries is not None
    renamed = entries.entries[1]
    assert (renamed.actor, renamed.request_id) == (None, None)
    assert renamed.data == {"name": "second", "reason": "not recorded before version 2"}


def test_new_events_are_stored_with_their_version_actor_and_request(container: Container) -> None:
    probe = Probe(name="first")
    with acting_as("user:someone", request_id="req-123456"):
        probe.rename("third", "typo")
        container.app.save(probe)
    created = _stored_state(container, probe.id, 1)
    renamed = _stored_state(container, probe.id, 2)
    assert created[SCHEMA_VERSION] == 1 and renamed[SCHEMA_VERSION] == 2
    assert (renamed[RECORDED_BY], renamed[REQUEST_ID]) == ("user:someone", "req-123456")
    loaded = container.app.repository.get(probe.id)
    assert (loaded.name, loaded.reason) == ("third", "typo")


def test_events_saved_outside_any_request_are_recorded_as_the_system(container: Container) -> None:
    probe = Probe(name="quiet")
    container.app.save(probe)
    state = _stored_state(container, probe.id, 1)
    assert (state[RECORDED_BY], state[REQUEST_ID]) == ("system", None)
