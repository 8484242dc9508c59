"""The triage read model: the current decision for each finding identity, joined into finding lists,
and the log of every decision with the status it replaced (analytics counts triage over time from it)."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.project import Project
from domain.triage import Triage
from projections.read_model import ReadModelProjection, ReadModelView


class TriageView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS triage_decisions (
            identity_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            ref text NOT NULL,
            fingerprint text NOT NULL,
            owner_id uuid NOT NULL,
            status text NOT NULL,
            reason text NOT NULL DEFAULT '',
            comment text NOT NULL DEFAULT '',
            expires_at timestamptz,
            decided_by text,
            decided_at timestamptz NOT NULL
        )""",
        "CREATE UNIQUE INDEX IF NOT EXISTS triage_identity "
        "ON triage_decisions (project_id, ref, fingerprint)",
        # previous_status is the effective one: an accepted risk past its expiry counts as open again.
        """CREATE TABLE IF NOT EXISTS triage_log (
            identity_id uuid NOT NULL,
            version integer NOT NULL,
            project_id uuid NOT NULL,
            owner_id uuid NOT NULL,
            status text NOT NULL,
            previous_status text NOT NULL,
            decided_by text,
            decided_at timestamptz NOT NULL,
            PRIMARY KEY (identity_id, version)
        )""",
        "CREATE INDEX IF NOT EXISTS triage_log_owner_decided ON triage_log (owner_id, decided_at)",
    )


class TriageProjection(ReadModelProjection[TriageView]):
    name = "triage"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.write(tracking)

    @process_event.register
    def _opened(self, event: Triage.Opened, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO triage_decisions (identity_id, project_id, ref, fingerprint, owner_id, status, "
                "decided_at) VALUES (%s, %s, %s, %s, %s, 'open', %s) ON CONFLICT DO NOTHING",
                (event.originator_id, event.project_id, event.ref, event.fingerprint, event.owner_id,
                 event.timestamp),
            ),
        )  # fmt: skip

    @process_event.register
    def _decided(self, event: Triage.Decided, tracking: Tracking) -> None:
        self.write(
            tracking,
            (  # read the replaced status before the update below changes it
                "INSERT INTO triage_log (identity_id, version, project_id, owner_id, status, "
                "previous_status, decided_by, decided_at) SELECT identity_id, %s, project_id, owner_id, %s, "
                "CASE WHEN status = 'accepted_risk' AND expires_at <= %s THEN 'open' ELSE status END, %s, %s "
                "FROM triage_decisions WHERE identity_id = %s ON CONFLICT DO NOTHING",
                (event.originator_version, event.status, event.timestamp, event.actor, event.timestamp,
                 event.originator_id),
            ),
            (
                "UPDATE triage_decisions SET status = %s, reason = %s, comment = %s, expires_at = %s, "
                "decided_by = %s, decided_at = %s WHERE identity_id = %s",
                (event.status, event.reason, event.comment, event.expires_at, event.actor, event.timestamp,
                 event.originator_id),
            ),
        )  # fmt: skip

    @process_event.register
    def _project_deleted(self, event: Project.Deleted, tracking: Tracking) -> None:
        self.write(
            tracking,
            ("DELETE FROM triage_log WHERE project_id = %s", (event.originator_id,)),
            ("DELETE FROM triage_decisions WHERE project_id = %s", (event.originator_id,)),
        )
