"""Webhooks: a project's subscription of an HTTPS endpoint to events, and the rules for its fields.

Pure: the URL check reuses the repository URL host rules (no DNS here; the sender resolves and checks
again at delivery time). The roster keeps a project's webhook ids so the per-project cap holds even
under concurrent creates (both writers save the roster's next version; one wins).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from eventsourcing.domain import Aggregate, event

from domain.errors import Invalid, NotFound
from domain.repository_url import FIELD as REPOSITORY_URL_FIELD
from domain.repository_url import MAX_URL_LENGTH, check_host

WEBHOOK_EVENTS = ("scan.completed", "scan.failed", "finding.new", "finding.fixed", "finding.triaged")
MAX_WEBHOOKS_PER_PROJECT = 20
MIN_SECRET_LENGTH = 16
MAX_SECRET_LENGTH = 256
_ROSTER_NAMESPACE = uuid.UUID("3e0f6a55-2f7c-4a7e-9d8b-5b1c0e6f4a21")


@dataclass(frozen=True)
class WebhookUrl:
    """A validated endpoint; `host` is what the sender resolves and `target` the path and query."""

    scheme: str
    host: str
    port: int
    target: str

    @property
    def url(self) -> str:
        default = 443 if self.scheme == "https" else 80
        port = "" if self.port == default else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}{self.target}"


def _refuse(reason: str) -> Invalid:
    return Invalid("url is not allowed", {"url": reason})


def parse_webhook_url(raw: str, allow_private_networks: bool) -> WebhookUrl:
    """An https URL of a public host (plain http only where private networks are allowed: local use)."""
    if not raw or len(raw) > MAX_URL_LENGTH:
        raise _refuse(f"must be a URL of 1 to {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in raw) or not raw.isascii():
        raise _refuse("must not contain spaces, control characters, backslashes or non-ASCII characters")
    scheme, sep, rest = raw.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in ("https", "http"):
        raise _refuse("must be an https:// URL")
    if scheme == "http" and not allow_private_networks:
        raise _refuse("must use https:// (plain http is allowed only on servers that allow private networks)")
    if "#" in rest:
        raise _refuse("must not have a fragment")
    cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    netloc, target = rest[:cut], rest[cut:]
    if "@" in netloc:
        raise _refuse("must not contain credentials; use the webhook secret to authenticate deliveries")
    host, port = _split_port(netloc, 443 if scheme == "https" else 80)
    try:
        check_host(host, allow_private_networks)
    except Invalid as refused:
        reason = refused.details.get(REPOSITORY_URL_FIELD, "") if isinstance(refused.details, dict) else ""
        # The shared host rules speak of cloning; keep their reason, drop that ending.
        raise _refuse(reason.split(": Pairsec clones", 1)[0] or "the host is not allowed") from None
    if not target.startswith("/"):
        target = "/" + target
    return WebhookUrl(scheme, host.lower(), port, target)


def _split_port(netloc: str, default: int) -> tuple[str, int]:
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            raise _refuse("the host is not a valid IPv6 address")
        host, after = netloc[: end + 1], netloc[end + 1 :]
    else:
        host, colon, port_text = netloc.partition(":")
        after = colon + port_text
    if not after:
        return host, default
    port_text = after[1:]
    if not after.startswith(":") or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise _refuse("the port must be a number between 1 and 65535")
    return host, int(port_text)


def check_events(events: Sequence[str]) -> tuple[str, ...]:
    unknown = [name for name in events if name not in WEBHOOK_EVENTS]
    if not events or unknown:
        raise Invalid(
            "events has unknown or no event names",
            {"events": "must list some of: " + ", ".join(WEBHOOK_EVENTS)},
        )
    if len(set(events)) != len(events):
        raise Invalid("events lists a name twice", {"events": "must not repeat an event name"})
    return tuple(events)


def check_secret(secret: str) -> str:
    if not MIN_SECRET_LENGTH <= len(secret) <= MAX_SECRET_LENGTH:
        raise Invalid(
            "secret has the wrong length",
            {"secret": f"must be {MIN_SECRET_LENGTH} to {MAX_SECRET_LENGTH} characters"},
        )
    if not secret.isascii() or not secret.isprintable() or " " in secret:
        raise Invalid("secret has characters that are not allowed", {"secret": "must be printable ASCII"})
    return secret


class Webhook(Aggregate):
    """An endpoint a project's events are posted to. Its secret is never part of an event."""

    @event("Created")
    def __init__(
        self,
        id: uuid.UUID,
        project_id: uuid.UUID,
        owner_id: uuid.UUID,
        url: str,
        events: list[str],
        actor: str,
    ) -> None:
        # The id is chosen by the command, so a retried save keeps the webhook (and its stored secret).
        self.project_id = project_id
        self.owner_id = owner_id
        self.url = url
        self.events = list(events)
        self.deleted = False

    def ensure_in(self, project_id: uuid.UUID, owner_id: uuid.UUID) -> None:
        if self.deleted or self.project_id != project_id or self.owner_id != owner_id:
            raise NotFound("webhook not found")

    @event("Deleted")
    def delete(self, actor: str) -> None:
        self.deleted = True


def roster_id(project_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_ROSTER_NAMESPACE, str(project_id))


class WebhookRoster(Aggregate):
    """The ids of a project's live webhooks: the one place the per-project cap is decided."""

    @staticmethod
    def create_id(project_id: uuid.UUID) -> uuid.UUID:
        return roster_id(project_id)

    @event("Opened")
    def __init__(self, project_id: uuid.UUID) -> None:
        self.project_id = project_id
        self.webhook_ids: list[uuid.UUID] = []

    def add(self, webhook_id: uuid.UUID) -> None:
        if len(self.webhook_ids) >= MAX_WEBHOOKS_PER_PROJECT:
            raise Invalid(
                "the project has the most webhooks allowed",
                {"webhooks": f"a project may have at most {MAX_WEBHOOKS_PER_PROJECT}; delete one first"},
            )
        self._add(webhook_id)

    @event("Added")
    def _add(self, webhook_id: uuid.UUID) -> None:
        self.webhook_ids.append(webhook_id)

    @event("Removed")
    def remove(self, webhook_id: uuid.UUID) -> None:
        self.webhook_ids = [w for w in self.webhook_ids if w != webhook_id]
