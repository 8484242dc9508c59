"""One webhook HTTP attempt: the signed request, the egress check at send time, and its outcome.

Signature scheme (documented in the README): `X-Pairsec-Timestamp` is the attempt's Unix time in
seconds, and `X-Pairsec-Signature` is `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>` keyed
with the webhook's secret. The body and `X-Pairsec-Delivery` stay the same across retries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from domain.errors import Invalid
from domain.webhook import WebhookUrl, parse_webhook_url
from projections.webhook_deliveries import AttemptResult, iso
from scanners.network_policy import Resolver, resolve_public_addresses
from scanners.source_errors import SourceError

USER_AGENT = "Pairsec-Webhooks/1"
MAX_ERROR = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def delivery_body(row: dict[str, Any]) -> bytes:
    """The exact bytes posted (and signed): the same for every attempt of one delivery."""
    envelope = {
        "id": str(row["id"]),
        "event": row["event"],
        "created_at": iso(row["occurred_at"]),
        "webhook_id": str(row["webhook_id"]),
        "project_id": str(row["project_id"]),
        "data": row["payload"],
    }
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


@dataclass(frozen=True)
class PinnedRequest:
    """Where to connect: a checked IP address when the host was resolved, with Host and SNI kept."""

    url: str
    headers: dict[str, str]
    extensions: dict[str, Any]


def pin(endpoint: WebhookUrl, addresses: tuple[str, ...]) -> PinnedRequest:
    """Connect to the address that was checked, so a second DNS answer cannot redirect the request."""
    if not addresses:
        return PinnedRequest(endpoint.url, {}, {})
    address = addresses[0]
    literal = f"[{address}]" if ":" in address else address
    host_header = endpoint.url.split("://", 1)[1].split("/", 1)[0]
    extensions = {"sni_hostname": endpoint.host} if endpoint.scheme == "https" else {}
    url = f"{endpoint.scheme}://{literal}:{endpoint.port}{endpoint.target}"
    return PinnedRequest(url, {"Host": host_header}, extensions)


class WebhookPoster:
    def __init__(
        self,
        client: httpx.Client,
        allow_private_networks: bool,
        resolver: Resolver = socket.getaddrinfo,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._allow_private = allow_private_networks
        self._resolver = resolver
        self._clock = clock

    def post(self, row: dict[str, Any], secret: str) -> AttemptResult:
        started = time.monotonic()
        try:
            request = self._checked_target(row["url"])
        except _Refused as refused:
            return AttemptResult(False, None, 0, refused.reason)
        body = delivery_body(row)
        timestamp = int(self._clock())
        headers = {
            **request.headers,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Pairsec-Event": row["event"],
            "X-Pairsec-Delivery": str(row["id"]),
            "X-Pairsec-Timestamp": str(timestamp),
            "X-Pairsec-Signature": signature(secret, timestamp, body),
        }
        try:
            # Streamed and closed unread: a receiver's answer body is never downloaded.
            with self._client.stream(
                "POST", request.url, content=body, headers=headers, extensions=request.extensions
            ) as response:
                code = response.status_code
        except httpx.TimeoutException:
            return AttemptResult(False, None, _ms(started), "timed out")
        except httpx.HTTPError as exc:
            reason = str(exc)[:MAX_ERROR] or type(exc).__name__
            return AttemptResult(False, None, _ms(started), f"could not deliver: {reason}")
        if 200 <= code < 300:
            return AttemptResult(True, code, _ms(started), None)
        if 300 <= code < 400:
            return AttemptResult(False, code, _ms(started), f"HTTP {code}: redirects are not followed")
        return AttemptResult(False, code, _ms(started), f"HTTP {code}")

    def _checked_target(self, url: str) -> PinnedRequest:
        """The URL is checked again at send time: settings and DNS answers may have changed."""
        try:
            endpoint = parse_webhook_url(url, self._allow_private)
        except Invalid as refused:
            why = refused.details.get("url", "") if isinstance(refused.details, dict) else ""
            raise _Refused(f"url is not allowed: {why}") from None
        try:
            addresses = resolve_public_addresses(endpoint.host, self._allow_private, self._resolver)
        except SourceError as refused:
            reason = refused.reason.split(": Pairsec clones", 1)[0]
            raise _Refused(reason.replace("the repository URL", "the webhook URL")) from None
        return pin(endpoint, addresses)


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def new_client(timeout_seconds: float) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, 5.0)),
        follow_redirects=False,
        trust_env=False,  # no proxy from the environment may route around the egress check
        headers={"Accept": "*/*"},
        limits=httpx.Limits(max_connections=32, max_keepalive_connections=8),
    )
