"""The webhooks read model: each project's live webhooks (never their secrets), for the API."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.project import Project
from domain.webhook import Webhook
from projections.read_model import ReadModelProjection, ReadModelView

_COLUMNS = "id, project_id, url, events, created_at, created_by"


class WebhooksView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS webhooks (
            id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            owner_id uuid NOT NULL,
            url text NOT NULL,
            events text[] NOT NULL,
            created_at timestamptz NOT NULL,
            created_by text
        )""",
        "CREATE INDEX IF NOT EXISTS webhooks_project ON webhooks (project_id, created_at)",
    )

    def list_for_project(self, owner_id: uuid.UUID, project_id: uuid.UUID) -> list[dict[str, Any]]:
        return self.fetch_all(
            f"SELECT {_COLUMNS} FROM webhooks WHERE owner_id = %s AND project_id = %s "
            "ORDER BY created_at, id",
            (owner_id, project_id),
        )

    def get_for_project(
        self, owner_id: uuid.UUID, project_id: uuid.UUID, webhook_id: uuid.UUID
    ) -> dict[str, Any] | None:
        return self.fetch_one(
            f"SELECT {_COLUMNS} FROM webhooks WHERE owner_id = %s AND project_id = %s AND id = %s",
            (owner_id, project_id, webhook_id),
        )


class WebhooksProjection(ReadModelProjection[WebhooksView]):
    name = "webhooks"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.write(tracking)

    @process_event.register
    def _created(self, event: Webhook.Created, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO webhooks (id, project_id, owner_id, url, events, created_at, created_by) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (event.originator_id, event.project_id, event.owner_id, event.url, list(event.events),
                 event.timestamp, event.actor),
            ),
        )  # fmt: skip

    @process_event.register
    def _deleted(self, event: Webhook.Deleted, tracking: Tracking) -> None:
        self.write(tracking, ("DELETE FROM webhooks WHERE id = %s", (event.originator_id,)))

    @process_event.register
    def _project_deleted(self, event: Project.Deleted, tracking: Tracking) -> None:
        self.write(tracking, ("DELETE FROM webhooks WHERE project_id = %s", (event.originator_id,)))
