"""Webhook resources: a project's webhooks (create, list, read, delete) and each one's delivery log."""

from __future__ import annotations

import uuid
from typing import Any

import falcon

from api import schemas
from api.consistency import ReadYourWrites
from api.envelope import iso, ok
from api.query import page_request, reject_unknown_params
from api.request_body import read_json
from commands.webhooks import WebhookCommands
from domain.errors import NotFound
from projections.projects import ProjectsView
from projections.webhook_deliveries import DELIVERY_SORTS, WebhookOutboxView
from projections.webhooks import WebhooksView


def webhook_from_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "project_id": str(row["project_id"]),
        "url": row["url"],
        "events": list(row["events"]),
        "created_at": iso(row["created_at"]),
    }


def delivery_from_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "event": row["event"],
        "status": row["status"],
        "subject_id": str(row["subject_id"]),
        "attempts": row["attempts"],
        "occurred_at": iso(row["occurred_at"]),
        "created_at": iso(row["created_at"]),
        "next_attempt_at": iso(row["next_attempt_at"]) if row["status"] == "pending" else None,
        "delivered_at": iso(row["delivered_at"]),
        "last_status_code": row["last_status_code"],
        "last_error": row["last_error"],
        "attempt_log": [
            {
                "attempt": a["attempt"],
                "at": iso(a["at"]),
                "status_code": a["status_code"],
                "duration_ms": a["duration_ms"],
                "error": a["error"],
            }
            for a in row["attempt_log"]
        ],
    }


class _ProjectWebhooks:
    def __init__(self, projects_view: ProjectsView, view: WebhooksView) -> None:
        self._projects_view = projects_view
        self._view = view

    def _webhook(self, req: falcon.Request, project_id: uuid.UUID, webhook_id: uuid.UUID) -> dict[str, Any]:
        row = self._view.get_for_project(req.context.principal.user_id, project_id, webhook_id)
        if row is None:
            raise NotFound("webhook not found")
        return row


class WebhooksResource(_ProjectWebhooks):
    def __init__(
        self,
        commands: WebhookCommands,
        projects_view: ProjectsView,
        view: WebhooksView,
        consistency: ReadYourWrites,
        max_json: int,
    ) -> None:
        super().__init__(projects_view, view)
        self._commands = commands
        self._consistency = consistency
        self._max = max_json

    def on_get(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        reject_unknown_params(req, ())
        owner_id = req.context.principal.user_id
        if self._projects_view.get_for_owner(owner_id, project_id) is None:
            raise NotFound("project not found")
        items = [webhook_from_row(row) for row in self._view.list_for_project(owner_id, project_id)]
        pagination = {"page": 1, "per_page": max(1, len(items)), "total": len(items),
                      "total_pages": 1 if items else 0, "next_cursor": None}  # fmt: skip
        ok(resp, {"items": items, "pagination": pagination}, "Webhooks")

    def on_post(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        body = read_json(req, schemas.WEBHOOK_CREATE, self._max)
        principal = req.context.principal
        written = self._commands.create(
            principal.user_id, project_id, principal.actor, body["url"], body["events"], body.get("secret")
        )
        self._consistency.wait(written.position)
        webhook = written.value.webhook
        data = {
            "id": str(webhook.id),
            "project_id": str(webhook.project_id),
            "url": webhook.url,
            "events": list(webhook.events),
            "created_at": iso(webhook.created_on),
            "secret": written.value.secret,  # shown this once; never again
        }
        resp.location = f"{req.path}/{webhook.id}"
        resp.set_header("Cache-Control", "no-store")
        ok(resp, data, "Webhook created; keep the secret, it is not shown again", 201)


class WebhookResource(_ProjectWebhooks):
    def __init__(
        self,
        commands: WebhookCommands,
        projects_view: ProjectsView,
        view: WebhooksView,
        consistency: ReadYourWrites,
    ) -> None:
        super().__init__(projects_view, view)
        self._commands = commands
        self._consistency = consistency

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID, webhook_id: uuid.UUID
    ) -> None:
        reject_unknown_params(req, ())
        ok(resp, webhook_from_row(self._webhook(req, project_id, webhook_id)), "Webhook")

    def on_delete(
        self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID, webhook_id: uuid.UUID
    ) -> None:
        principal = req.context.principal
        written = self._commands.delete(principal.user_id, project_id, webhook_id, principal.actor)
        self._consistency.wait(written.position)
        ok(resp, {"id": str(webhook_id), "deleted": True}, "Webhook deleted")


class WebhookDeliveriesResource(_ProjectWebhooks):
    def __init__(self, projects_view: ProjectsView, view: WebhooksView, outbox: WebhookOutboxView) -> None:
        super().__init__(projects_view, view)
        self._outbox = outbox

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID, webhook_id: uuid.UUID
    ) -> None:
        request = page_request(req, DELIVERY_SORTS, "-created_at")
        self._webhook(req, project_id, webhook_id)
        page = self._outbox.deliveries_for(webhook_id, request)
        ok(resp, page.as_dict([delivery_from_row(row) for row in page.items]), "Webhook deliveries")
