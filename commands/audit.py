"""The audit trail of one aggregate, read from the event store: who did what, when, in which request.

Event data is shown with secrets and hashes redacted by field name, and bulk payloads (a scan's
findings, its file list) summarised, so an audit page never leaks what the read models hide.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from commands.application import METADATA_FIELDS, RECORDED_BY, REQUEST_ID, PairsecApplication

REDACTED = "[redacted]"
MAX_LIST_ITEMS = 50
# A field is redacted when one of the words of its name is one of these ("key_hash", "secret"...).
DENIED_WORDS = frozenset(
    {"password", "passwd", "secret", "secrets", "token", "tokens", "hash", "credential", "credentials",
     "cookie", "authorization", "signature", "ciphertext", "matched"}
)  # fmt: skip
# Or when its whole name is one of these.
DENIED_NAMES = frozenset({"api_key", "private_key", "key", "signing_key"})
_BASE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def is_denied(field_name: str) -> bool:
    name = _CAMEL_HUMP.sub("_", field_name).lower()
    if name in DENIED_NAMES:
        return True
    return any(word in DENIED_WORDS for word in re.split(r"[^a-z0-9]+", name))


def redact(value: Any) -> Any:
    """A copy of value with denied fields replaced by a marker, at any depth.

    A finding of the secrets engine also loses its snippet: the snippet is already masked by the
    engine, but the audit trail does not rely on that.
    """
    if isinstance(value, dict):
        secret_finding = value.get("engine") == "secrets"
        return {
            str(key): REDACTED
            if is_denied(str(key)) or (secret_finding and key in ("snippet", "extra"))
            else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        if len(value) > MAX_LIST_ITEMS:
            return {"omitted_items": len(value)}
        return [redact(item) for item in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _findings_summary(findings: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "count": len(findings),
        "by_severity": dict(Counter(str(f.get("severity")) for f in findings)),
        "by_engine": dict(Counter(str(f.get("engine")) for f in findings)),
    }


def event_data(event: object) -> dict[str, Any]:
    """The event's own fields, without the store's bookkeeping, redacted and summarised."""
    state = {k: v for k, v in vars(event).items() if k not in _BASE_FIELDS and k not in METADATA_FIELDS}
    findings = state.pop("findings", None)
    summary = state.get("summary")
    if isinstance(summary, dict) and isinstance(summary.get("files"), list):
        state["summary"] = {**summary, "files": {"count": len(summary["files"])}}
    shown = redact(state)
    if isinstance(findings, list):
        # Counts only (engine names such as "secrets" are values here, not secret fields).
        shown["findings"] = _findings_summary(findings)
    elif findings is not None:
        shown["findings"] = redact(findings)
    return shown


def event_type(event: object) -> str:
    """`Scan.FindingsRecorded` -> `scan.findings_recorded`."""
    return ".".join(_CAMEL_HUMP.sub("_", part).lower() for part in type(event).__qualname__.split("."))


def actor_of(event: object) -> str | None:
    """Who caused it: the store's stamp, else what older events carried themselves."""
    state = vars(event)
    recorded = state.get(RECORDED_BY)
    if recorded:
        return str(recorded)
    if state.get("actor"):
        return str(state["actor"])
    if state.get("worker"):
        return f"worker:{state['worker']}"
    return None


@dataclass(frozen=True)
class AuditEntry:
    version: int
    type: str
    at: datetime
    actor: str | None
    request_id: str | None
    data: dict[str, Any]

    @classmethod
    def of(cls, event: Any) -> AuditEntry:
        return cls(
            version=event.originator_version,
            type=event_type(event),
            at=event.timestamp,
            actor=actor_of(event),
            request_id=vars(event).get(REQUEST_ID),
            data=event_data(event),
        )


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int


class AuditTrail:
    """Pages of one aggregate's events, oldest first, for its owner only."""

    def __init__(self, app: PairsecApplication) -> None:
        self._app = app

    def first_event(self, aggregate_id: uuid.UUID) -> Any | None:
        events = list(self._app.events.get(aggregate_id, lte=1))
        return events[0] if events else None

    def page(
        self,
        aggregate_id: uuid.UUID,
        page: int,
        per_page: int,
        visible: Callable[[Any], bool],
    ) -> AuditPage | None:
        """Events page by page (read by version range, so a long stream is never read whole).

        None when the aggregate does not exist or `visible(first_event)` says it is not the caller's.
        """
        first = self.first_event(aggregate_id)
        if first is None or not visible(first):
            return None
        last = self._app.recorder.select_events(aggregate_id, desc=True, limit=1)
        total = last[0].originator_version if last else 0
        start = (page - 1) * per_page
        if start >= total:
            return AuditPage([], total)
        events = self._app.events.get(aggregate_id, gt=start, lte=start + per_page)
        return AuditPage([AuditEntry.of(event) for event in events], total)
