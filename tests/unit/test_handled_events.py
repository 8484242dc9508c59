"""A projector runner decodes only the events its projection handles; the rest keep their place."""

from __future__ import annotations

import uuid

from eventsourcing.domain import DomainEvent
from eventsourcing.utils import get_topic

from domain.project import Project
from domain.scan import Scan
from infra.projector import application_for
from projections.handled_events import HandledTopics, UnhandledEvent, handled_event_classes
from projections.projects import ProjectsProjection
from projections.scans import ScansProjection
from projections.users import UsersProjection


def _scan_with_findings() -> Scan:
    scan = Scan(uuid.uuid4(), uuid.uuid4(), "sast", {"kind": "upload"}, "tester")
    scan.begin_attempt("worker-1")
    scan.record_findings(1, [{"rule_id": "r", "fingerprint": "f" * 40}])
    return scan


def test_the_handled_classes_are_the_singledispatch_registrations() -> None:
    assert Scan.FindingsRecorded in handled_event_classes(ScansProjection)
    assert Scan.FindingsRecorded not in handled_event_classes(ProjectsProjection)
    assert Project.Created in handled_event_classes(ProjectsProjection)
    assert object not in handled_event_classes(UsersProjection)


def test_topics_are_answered_by_class_including_subclasses() -> None:
    handles = HandledTopics(ProjectsProjection)
    assert handles(get_topic(Project.Created))
    assert not handles(get_topic(Scan.FindingsRecorded))
    assert not handles(get_topic(DomainEvent))

    class LaterCreated(Project.Created):  # an event class derived from a handled one is handled
        pass

    assert handles(get_topic(LaterCreated))
    assert handles("no.such.module:Event")  # unknown: left to the decoder to report


def test_a_runner_application_skips_decoding_events_its_projection_ignores() -> None:
    scan = _scan_with_findings()
    events = scan.collect_events()
    recorded = next(e for e in events if isinstance(e, Scan.FindingsRecorded))
    for projection, decoded in ((ProjectsProjection, False), (ScansProjection, True)):
        app = application_for(projection)()
        assert app.name == "pairsec"  # same log, same tracking records
        stored = app.mapper.to_stored_event(recorded)
        back = app.mapper.to_domain_event(stored)
        if decoded:
            assert isinstance(back, Scan.FindingsRecorded) and back.findings == recorded.findings
        else:
            assert back == UnhandledEvent(scan.id, recorded.originator_version, stored.topic)
        started = app.mapper.to_domain_event(app.mapper.to_stored_event(events[0]))
        assert isinstance(started, Scan.Requested) is (projection is not UsersProjection)
        app.close()
