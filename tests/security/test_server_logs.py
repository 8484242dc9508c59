"""Runs last in the battery (see conftest): everything `pairsec serve` logged while the battery attacked
it holds no password, token, API key, webhook secret or found secret, and no stack trace of a 5xx."""

from __future__ import annotations

import json
import re

from tests.security.client import Api, World

TOKEN_SHAPES = {
    "a JWT": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    "an API key": re.compile(r"psk_[A-Za-z0-9_-]{16,}"),
    "a GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{30,}"),
}


def _log(api: Api) -> str:
    return api.server.log_path.read_text(errors="replace")


def test_the_log_holds_the_battery(api: Api, world: World) -> None:
    """The control: the scanned log is the real one, with the battery's requests and users in it."""
    text = _log(api)
    assert text.count('"logger": "pairsec.access"') > 100
    assert world.alice.account.user_id in text and world.bob.account.user_id in text
    assert len(api.ledger.values) > 10


def test_no_secret_the_battery_used_reaches_the_server_log(api: Api) -> None:
    text = _log(api)
    leaked = sorted(value[:12] + "..." for value in api.ledger.values if len(value) >= 8 and value in text)
    assert not leaked, f"secrets in the server log: {leaked}"


def test_nothing_shaped_like_a_credential_reaches_the_server_log(api: Api) -> None:
    text = _log(api)
    for what, shape in TOKEN_SHAPES.items():
        found = shape.findall(text)
        assert not found, f"{what} in the server log: {found[0][:16]}..."


def test_no_password_field_is_logged(api: Api) -> None:
    for line in _log(api).splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            assert not {"password", "current_password", "token", "api_key", "secret"} & set(entry), entry


def test_no_request_failed_with_an_unhandled_error(api: Api) -> None:
    crashes = [line[:300] for line in _log(api).splitlines() if "unhandled error" in line]
    assert not crashes, crashes
