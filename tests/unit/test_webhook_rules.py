"""Webhook rules without servers: URL and egress checks, events, secrets, the cap, signing, pinning."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from domain.errors import Invalid
from domain.webhook import (
    MAX_WEBHOOKS_PER_PROJECT,
    WebhookRoster,
    check_events,
    check_secret,
    parse_webhook_url,
)
from infra.webhook_delivery import WebhookPoster, delivery_body, pin, signature


def _refusal(raw: str, allow_private: bool = False) -> str:
    with pytest.raises(Invalid) as refused:
        parse_webhook_url(raw, allow_private)
    assert set(refused.value.details) == {"url"}
    return refused.value.details["url"]


def test_public_https_url_is_accepted_and_normalised() -> None:
    endpoint = parse_webhook_url("https://Hooks.Example.com:443/in?team=a", False)
    assert endpoint.host == "hooks.example.com" and endpoint.port == 443
    assert endpoint.url == "https://hooks.example.com/in?team=a"
    assert parse_webhook_url("https://hooks.example.com:8443", False).url == "https://hooks.example.com:8443/"


@pytest.mark.parametrize(
    "raw",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://2130706433/hook",
        "https://0x7f.1/hook",
        "https://100.64.0.1/hook",
    ],
)
def test_non_public_hosts_are_refused(raw: str) -> None:
    reason = _refusal(raw)
    assert "host" in reason or "localhost" in reason
    assert "clones" not in reason


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("http://hooks.example.com/x", "https"),
        ("ftp://hooks.example.com/x", "https"),
        ("hooks.example.com/x", "https"),
        ("https://user:pw@hooks.example.com/x", "credentials"),
        ("https://hooks.example.com@10.0.0.1/x", "credentials"),
        ("https://hooks.example.com/x#frag", "fragment"),
        ("https://hooks.example.com:0/x", "port"),
        ("https://hooks.example.com:99999/x", "port"),
        ("https://hooks.example.com\\@evil/x", "backslash"),
        ("https://hooks.example.com/a b", "spaces"),
        ("https://hooks.exämple.com/", "non-ASCII"),
        ("https://" + "a" * 2050, "characters"),
        ("", "characters"),
    ],
)
def test_malformed_or_unsafe_urls_are_refused(raw: str, words: str) -> None:
    assert words in _refusal(raw)


def test_plain_http_and_loopback_only_where_private_networks_are_allowed() -> None:
    endpoint = parse_webhook_url("http://127.0.0.1:8080/hook", True)
    assert endpoint.url == "http://127.0.0.1:8080/hook"
    assert "https" in _refusal("http://127.0.0.1:8080/hook", False)


def test_events_must_come_from_the_fixed_list() -> None:
    assert check_events(["scan.completed", "finding.new"]) == ("scan.completed", "finding.new")
    for bad in ([], ["scan.started"], ["scan.completed", "scan.completed"]):
        with pytest.raises(Invalid) as refused:
            check_events(bad)
        assert set(refused.value.details) == {"events"}


def test_secret_rules() -> None:
    assert check_secret("s" * 16) == "s" * 16
    for bad in ("short", "x" * 257, "with space in it!!", "tab\tin-the-secret", "ünïcödé-secret-123"):
        with pytest.raises(Invalid) as refused:
            check_secret(bad)
        assert set(refused.value.details) == {"secret"}


def test_roster_refuses_more_webhooks_than_the_cap() -> None:
    roster = WebhookRoster(project_id=uuid.uuid4())
    for _ in range(MAX_WEBHOOKS_PER_PROJECT):
        roster.add(uuid.uuid4())
    with pytest.raises(Invalid) as refused:
        roster.add(uuid.uuid4())
    assert "webhooks" in refused.value.details
    roster.remove(roster.webhook_ids[0])
    roster.add(uuid.uuid4())


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    body = b'{"a":1}'
    expected = hmac.new(b"topsecret-topsecret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signature("topsecret-topsecret", 1700000000, body) == f"sha256={expected}"
    assert signature("another-secret-value", 1700000000, body) != f"sha256={expected}"
    assert signature("topsecret-topsecret", 1700000001, body) != f"sha256={expected}"


def _row(url: str = "https://hooks.example.com/in") -> dict:
    return {
        "id": uuid.uuid4(),
        "webhook_id": uuid.uuid4(),
        "project_id": uuid.uuid4(),
        "event": "scan.completed",
        "occurred_at": datetime(2026, 1, 15, 10, 30, tzinfo=UTC),
        "payload": {"scan": {"id": "x"}},
        "url": url,
    }


def test_body_is_the_same_bytes_for_every_attempt() -> None:
    row = _row()
    body = delivery_body(row)
    assert body == delivery_body(dict(row))
    parsed = json.loads(body)
    assert parsed["id"] == str(row["id"]) and parsed["created_at"] == "2026-01-15T10:30:00.000Z"
    assert parsed["data"] == {"scan": {"id": "x"}}


def test_request_is_pinned_to_the_checked_address_keeping_host_and_sni() -> None:
    endpoint = parse_webhook_url("https://hooks.example.com:8443/in?x=1", False)
    pinned = pin(endpoint, ("93.184.216.34",))
    assert pinned.url == "https://93.184.216.34:8443/in?x=1"
    assert pinned.headers == {"Host": "hooks.example.com:8443"}
    assert pinned.extensions == {"sni_hostname": "hooks.example.com"}
    six = pin(parse_webhook_url("https://hooks.example.com/in", False), ("2606:2800:220:1::1",))
    assert six.url == "https://[2606:2800:220:1::1]:443/in" and six.headers == {"Host": "hooks.example.com"}


def _resolver_to(address: str):
    def resolve(host: str, port: object, **kwargs: object) -> list[tuple]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]

    return resolve


def test_a_name_resolving_to_a_private_address_is_refused_at_send_time_without_connecting() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    poster = WebhookPoster(client, allow_private_networks=False, resolver=_resolver_to("10.0.0.5"))
    result = poster.post(_row(), "s" * 20)
    assert not result.delivered and result.status_code is None
    assert "non-public" in (result.error or "") and "clones" not in (result.error or "")
    assert requests == []


def test_send_connects_to_the_resolved_address_with_signed_headers() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    poster = WebhookPoster(
        client, allow_private_networks=False, resolver=_resolver_to("93.184.216.34"), clock=lambda: 1700000000
    )
    row = _row()
    result = poster.post(row, "s" * 20)
    assert result.delivered and result.status_code == 204
    (request,) = seen
    assert request.url.host == "93.184.216.34" and request.headers["Host"] == "hooks.example.com"
    assert request.extensions["sni_hostname"] == "hooks.example.com"
    assert request.headers["X-Pairsec-Delivery"] == str(row["id"])
    assert request.headers["X-Pairsec-Event"] == "scan.completed"
    assert request.headers["X-Pairsec-Signature"] == signature("s" * 20, 1700000000, request.content)


def test_redirect_answers_are_failures_and_not_followed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/"})

    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)
    poster = WebhookPoster(client, allow_private_networks=False, resolver=_resolver_to("93.184.216.34"))
    result = poster.post(_row(), "s" * 20)
    assert not result.delivered and result.status_code == 302 and "redirect" in (result.error or "")


def test_listed_findings_stay_within_the_body_budget() -> None:
    from infra.webhook_sender import MAX_FINDINGS_BYTES, _within_budget

    small = [{"file_path": "a.py"} for _ in range(5)]
    assert _within_budget(small) == small
    huge = [{"file_path": "x" * 5000} for _ in range(100)]
    kept = _within_budget(huge)
    assert 0 < len(kept) < 100 and len(json.dumps(kept)) <= MAX_FINDINGS_BYTES
