"""Webhook commands: create (with a secret shown once) and delete a project's webhooks."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Protocol

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from commands.application import PairsecApplication, Written, last_position
from commands.projects import Projects
from domain.errors import Conflict, NotFound
from domain.webhook import (
    Webhook,
    WebhookRoster,
    check_events,
    check_secret,
    parse_webhook_url,
    roster_id,
)

SAVE_ATTEMPTS = 3
SECRET_PREFIX = "whsec_"


class WebhookSecretStore(Protocol):
    """Where signing secrets live: outside the event store, so no event, history or replay holds one."""

    def put(self, webhook_id: uuid.UUID, secret: str) -> None: ...

    def discard(self, webhook_id: uuid.UUID) -> None: ...


@dataclass(frozen=True)
class CreatedWebhook:
    webhook: Webhook
    secret: str  # returned to the client once, in the answer to the create request


class WebhookCommands:
    def __init__(
        self,
        app: PairsecApplication,
        projects: Projects,
        secret_store: WebhookSecretStore,
        allow_private_networks: bool,
    ) -> None:
        self._app = app
        self._projects = projects
        self._secrets = secret_store
        self._allow_private = allow_private_networks

    def create(
        self,
        owner_id: uuid.UUID,
        project_id: uuid.UUID,
        actor: str,
        url: str,
        events: list[str],
        secret: str | None = None,
    ) -> Written[CreatedWebhook]:
        self._projects.get(owner_id, project_id)
        endpoint = parse_webhook_url(url, self._allow_private)
        chosen = check_events(events)
        secret = check_secret(secret) if secret is not None else SECRET_PREFIX + secrets.token_urlsafe(32)
        webhook_id = uuid.uuid4()
        # The secret is stored first, so a webhook whose events are saved always has its secret;
        # it is discarded again unless the webhook is saved.
        self._secrets.put(webhook_id, secret)
        saved = False
        try:
            for attempt in range(SAVE_ATTEMPTS):
                roster = self._roster(project_id) or WebhookRoster(project_id=project_id)
                roster.add(webhook_id)
                webhook = Webhook(
                    id=webhook_id,
                    project_id=project_id,
                    owner_id=owner_id,
                    url=endpoint.url,
                    events=list(chosen),
                    actor=actor,
                )
                try:
                    position = last_position(self._app.save(roster, webhook))
                except IntegrityError:
                    if attempt == SAVE_ATTEMPTS - 1:
                        raise Conflict(
                            "the project's webhooks were changed by another request; try again"
                        ) from None
                    continue
                saved = True
                return Written(CreatedWebhook(webhook, secret), position)
        finally:
            if not saved:
                self._secrets.discard(webhook_id)
        raise AssertionError("unreachable")

    def get(self, owner_id: uuid.UUID, project_id: uuid.UUID, webhook_id: uuid.UUID) -> Webhook:
        self._projects.get(owner_id, project_id)
        try:
            webhook = self._app.repository.get(webhook_id)
        except AggregateNotFoundError:
            raise NotFound("webhook not found") from None
        if not isinstance(webhook, Webhook):
            raise NotFound("webhook not found")
        webhook.ensure_in(project_id, owner_id)
        return webhook

    def delete(
        self, owner_id: uuid.UUID, project_id: uuid.UUID, webhook_id: uuid.UUID, actor: str
    ) -> Written[Webhook]:
        for attempt in range(SAVE_ATTEMPTS):
            webhook = self.get(owner_id, project_id, webhook_id)
            roster = self._roster(project_id)
            webhook.delete(actor)
            to_save: list[Webhook | WebhookRoster] = [webhook]
            if roster is not None:
                roster.remove(webhook_id)
                to_save.append(roster)
            try:
                position = last_position(self._app.save(*to_save))
            except IntegrityError:
                if attempt == SAVE_ATTEMPTS - 1:
                    raise Conflict("the webhook was changed by another request; try again") from None
                continue
            # After the event: a crash in between leaves a deleted webhook's secret, never a live
            # webhook without one. The sender sends nothing for a deleted webhook either way.
            self._secrets.discard(webhook_id)
            return Written(webhook, position)
        raise AssertionError("unreachable")

    def _roster(self, project_id: uuid.UUID) -> WebhookRoster | None:
        try:
            roster = self._app.repository.get(roster_id(project_id))
        except AggregateNotFoundError:
            return None
        return roster if isinstance(roster, WebhookRoster) else None
