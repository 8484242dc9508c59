"""The audit trail's redaction: secrets and hashes never leave the event store, by field name."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from commands.audit import REDACTED, event_data, event_type, is_denied, redact
from domain.scan import Scan
from domain.user import User


@pytest.mark.parametrize(
    "name",
    ["password_hash", "key_hash", "api_key_hash", "password", "secret", "webhook_secret", "token",
     "access_token", "api_key", "signingSecret", "client_credentials", "authorization", "matched_code"],
)  # fmt: skip
def test_secret_and_hash_fields_are_denied(name: str) -> None:
    assert is_denied(name)


@pytest.mark.parametrize(
    "name", ["prefix", "api_key_prefix", "scopes", "fingerprint", "name", "email", "rule_id", "expires_at"]
)
def test_ordinary_fields_are_shown(name: str) -> None:
    assert not is_denied(name)


def test_redaction_reaches_nested_values_and_secret_findings() -> None:
    value = {
        "webhook": {"url": "https://example.com/hook", "secret": "s3cr3t-value"},
        "findings": [
            {"engine": "secrets", "snippet": "AKIA****", "rule_id": "aws-key"},
            {"engine": "sast", "snippet": "eval(x)", "rule_id": "eval"},
        ],
    }
    shown = redact(value)
    assert shown["webhook"] == {"url": "https://example.com/hook", "secret": REDACTED}
    assert shown["findings"][0] == {"engine": "secrets", "snippet": REDACTED, "rule_id": "aws-key"}
    assert shown["findings"][1]["snippet"] == "eval(x)"
    assert "s3cr3t-value" not in repr(shown)


def test_long_lists_are_summarised() -> None:
    assert redact({"files": [f"f{n}" for n in range(500)]}) == {"files": {"omitted_items": 500}}


def test_user_events_show_no_hash() -> None:
    user = User(email="a@example.com", name="A", password_hash="$argon2id$v=19$secret-material")
    user.issue_api_key("deadbeef" * 8, "psk_abcdefgh", ["read"], None)
    registered, issued = user.collect_events()
    assert event_data(registered) == {"email": "a@example.com", "name": "A", "password_hash": REDACTED}
    data = event_data(issued)
    assert data["key_hash"] == REDACTED and data["prefix"] == "psk_abcdefgh"
    assert event_type(issued) == "user.api_key_issued"


def test_recorded_findings_are_shown_as_counts_without_snippets() -> None:
    scan = Scan(
        project_id=uuid.uuid4(), owner_id=uuid.uuid4(), scan_type="secrets", source={"kind": "git"}, actor="x"
    )
    attempt = scan.begin_attempt("worker-1")
    scan.record_findings(
        attempt, [{"engine": "secrets", "severity": "critical", "snippet": "ghp_****", "fingerprint": "f"}]
    )
    recorded = scan.collect_events()[-1]
    data = event_data(recorded)
    assert event_type(recorded) == "scan.findings_recorded"
    assert data == {
        "attempt": 1,
        "findings": {"count": 1, "by_severity": {"critical": 1}, "by_engine": {"secrets": 1}},
    }
    assert datetime.now(UTC) >= recorded.timestamp
