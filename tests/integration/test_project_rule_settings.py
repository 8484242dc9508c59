"""Per-project rule settings over HTTP: set on create and update, shown everywhere, audited, versioned."""

from __future__ import annotations

import uuid

import falcon.testing

from infra.bootstrap import Container
from tests.integration.conftest import Account, count_events

BASE = "/api/v1/projects"
DISABLED = ["python.flask.sqli-taint", "secrets.aws-access-key", "GHSA-jf85-cpcp-j695"]


def _create(client: falcon.testing.TestClient, account: Account, **fields: object) -> falcon.testing.Result:
    return client.simulate_post(
        BASE, json={"name": f"p-{uuid.uuid4().hex[:8]}", **fields}, headers=account.auth
    )


def test_rule_settings_default_to_none_in_every_representation(
    client: falcon.testing.TestClient, account: Account
) -> None:
    created = _create(client, account).json["data"]
    assert created["rules_path"] is None and created["disabled_rules"] == []
    got = client.simulate_get(f"{BASE}/{created['id']}", headers=account.auth).json["data"]
    listed = client.simulate_get(BASE, headers=account.auth).json["data"]["items"]
    for shown in (got, next(item for item in listed if item["id"] == created["id"])):
        assert shown["rules_path"] is None and shown["disabled_rules"] == []


def test_rule_settings_given_on_create_are_stored_normalised(
    client: falcon.testing.TestClient, account: Account
) -> None:
    answer = _create(client, account, rules_path="./.pairsec/rules/", disabled_rules=[*DISABLED, DISABLED[0]])
    assert answer.status_code == 201, answer.text
    created = answer.json["data"]
    assert created["rules_path"] == ".pairsec/rules" and created["disabled_rules"] == sorted(DISABLED)
    got = client.simulate_get(f"{BASE}/{created['id']}", headers=account.auth).json["data"]
    assert got["rules_path"] == ".pairsec/rules" and got["disabled_rules"] == sorted(DISABLED)
    history = client.simulate_get(f"{BASE}/{created['id']}/history", headers=account.auth).json["data"]
    assert history["items"][0]["changes"]["disabled_rules"] == sorted(DISABLED)


def test_put_changes_rule_settings_as_an_audited_event_with_etag_and_if_match(
    client: falcon.testing.TestClient, account: Account, container: Container
) -> None:
    project_id = _create(client, account).json["data"]["id"]
    url = f"{BASE}/{project_id}"
    changed = client.simulate_put(
        url,
        json={"description": "d", "rules_path": "semgrep", "disabled_rules": DISABLED[:1]},
        headers={**account.auth, "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] == '"3"'  # one Updated and one RulesChanged event
    assert changed.json["data"]["rules_path"] == "semgrep"
    assert changed.json["data"]["disabled_rules"] == DISABLED[:1]
    stale = client.simulate_put(url, json={"disabled_rules": []}, headers={**account.auth, "If-Match": '"1"'})
    assert stale.status_code == 412
    before = count_events(container)
    same = client.simulate_put(url, json={"disabled_rules": DISABLED[:1]}, headers=account.auth)
    assert same.status_code == 200 and count_events(container) == before
    cleared = client.simulate_put(
        url, json={"rules_path": None, "disabled_rules": []}, headers={**account.auth, "If-Match": '"3"'}
    )
    assert cleared.status_code == 200 and cleared.headers["ETag"] == '"4"'
    got = client.simulate_get(url, headers=account.auth)
    assert got.json["data"]["rules_path"] is None and got.json["data"]["disabled_rules"] == []
    assert got.headers["ETag"] == '"4"'
    history = client.simulate_get(f"{url}/history", headers=account.auth).json["data"]["items"]
    assert [h["type"] for h in history] == [
        "project.created",
        "project.updated",
        "project.rules_changed",
        "project.rules_changed",
    ]
    assert history[2]["changes"] == {"rules_path": "semgrep", "disabled_rules": DISABLED[:1]}
    assert history[3]["changes"] == {"rules_path": None, "disabled_rules": []}


def test_scan_captures_the_rule_settings_in_force_when_it_was_requested(
    client: falcon.testing.TestClient, account: Account, container: Container
) -> None:
    project_id = _create(client, account, repository_url="https://github.com/acme/app",
                         rules_path="rules", disabled_rules=DISABLED[:1]).json["data"]["id"]  # fmt: skip
    answer = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "sast"}, headers=account.auth
    )
    assert answer.status_code == 202, answer.text
    assert answer.json["data"]["rules"] == {"rules_path": "rules", "disabled_rules": DISABLED[:1]}
    client.simulate_put(
        f"{BASE}/{project_id}", json={"rules_path": None, "disabled_rules": []}, headers=account.auth
    )
    scan = container.scans.get(uuid.UUID(account.user_id), uuid.UUID(answer.json["data"]["id"]))
    assert scan.rules_path == "rules" and scan.disabled_rules == DISABLED[:1]
