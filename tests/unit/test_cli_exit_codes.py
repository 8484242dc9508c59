"""How `pairsec scan` ends: the --fail-on threshold, and server or network errors as one line, exit 2."""

from __future__ import annotations

import json

import httpx
import pytest

from infra.cli import main
from infra.client.config import Credentials
from infra.client.errors import ClientError, envelope_message, unreachable
from infra.client.gate import EXIT_FINDINGS, EXIT_PASS, at_or_above, exit_code
from infra.client.http import PairsecApi


def _finding(severity: str, status: str = "open") -> dict[str, str]:
    return {"severity": severity, "status": status}


@pytest.mark.parametrize(
    ("severity", "threshold", "fails"),
    [
        ("critical", "high", True),
        ("high", "high", True),
        ("medium", "high", False),
        ("low", "low", True),
        ("info", "low", False),
        ("critical", "never", False),
        ("medium", "critical", False),
    ],
)
def test_threshold_counts_findings_at_or_above_it(severity: str, threshold: str, fails: bool) -> None:
    assert at_or_above(severity, threshold) is fails


def test_no_findings_pass() -> None:
    assert exit_code([], "low") == EXIT_PASS


def test_one_finding_at_the_threshold_fails_the_build() -> None:
    assert exit_code([_finding("info"), _finding("high")], "high") == EXIT_FINDINGS


def test_triaged_findings_do_not_fail_the_build() -> None:
    assert exit_code([_finding("critical", "false_positive")], "high") == EXIT_PASS


def test_error_envelope_is_one_line_with_details() -> None:
    body = json.dumps({"error": "Validation failed", "details": {"name": "is required\nreally"}}).encode()
    assert envelope_message(422, body) == "Validation failed (name: is required really)"


def test_non_envelope_answer_names_the_status() -> None:
    assert envelope_message(502, b"<html>Bad Gateway</html>") == "the server answered HTTP 502"


def test_unauthorised_answer_says_what_to_check() -> None:
    message = envelope_message(401, json.dumps({"error": "Invalid API key"}).encode())
    assert message.startswith("Invalid API key") and "PAIRSEC_API_KEY" in message


def test_connection_refused_reads_like_a_sentence() -> None:
    error = unreachable("http://h:1/api/v1", "[Errno 111] Connection refused")
    assert str(error) == "cannot reach http://h:1/api/v1: connection refused"


def test_server_error_becomes_a_client_error_with_the_envelope_message() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"error": "Project name already exists", "status": 409})

    api = PairsecApi(Credentials("http://h/api/v1", api_key="k"), transport=httpx.MockTransport(answer))
    with pytest.raises(ClientError, match=r"^Project name already exists$"):
        api.post("/projects", {"name": "x"})


def test_api_key_is_sent_as_x_api_key() -> None:
    seen: list[httpx.Headers] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json={"data": {"items": [], "pagination": {"next_cursor": None}}})

    api = PairsecApi(Credentials("http://h/api/v1", api_key="psk_1"), transport=httpx.MockTransport(answer))
    assert list(api.pages("/projects")) == []
    assert seen[0]["X-API-Key"] == "psk_1" and "Authorization" not in seen[0]


def test_pages_follow_next_cursor() -> None:
    cursors: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        cursors.append(cursor)
        page = {"items": [{"n": 1}], "pagination": {"next_cursor": None if cursor else "c2"}}
        return httpx.Response(200, json={"data": page})

    api = PairsecApi(Credentials("http://h/api/v1", token="t"), transport=httpx.MockTransport(answer))
    assert len(list(api.pages("/scans/s/findings", new="true"))) == 2
    assert cursors == [None, "c2"]


def test_cli_prints_one_line_and_exits_2_when_unconfigured(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.delenv("PAIRSEC_SERVER", raising=False)
    monkeypatch.delenv("PAIRSEC_API_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert main(["projects", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("pairsec: no server")


def test_usage_error_exits_2() -> None:
    assert main(["scan", "--project", "p", "--fail-on", "sometimes"]) == 2
