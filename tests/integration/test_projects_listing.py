"""GET /projects: pagination, sorting, the name filter and cursors."""

from __future__ import annotations

import falcon.testing
import pytest

from tests.integration.conftest import Account, register_and_login

BASE = "/api/v1/projects"


@pytest.fixture(scope="module")
def owner(client: falcon.testing.TestClient) -> Account:
    account = register_and_login(client, "lister")
    for i in range(25):
        name = f"svc-{i:02d}" if i != 7 else "100%_literal"
        assert client.simulate_post(BASE, json={"name": name}, headers=account.auth).status_code == 201
    return account


def _list(client: falcon.testing.TestClient, owner: Account, **params: object) -> falcon.testing.Result:
    return client.simulate_get(BASE, params=params, headers=owner.auth)


def test_pages_report_totals(client: falcon.testing.TestClient, owner: Account) -> None:
    data = _list(client, owner, page=2, per_page=10).json["data"]
    assert len(data["items"]) == 10
    assert data["pagination"] | {"next_cursor": None} == {
        "page": 2,
        "per_page": 10,
        "total": 25,
        "total_pages": 3,
        "next_cursor": None,
    }
    assert data["pagination"]["next_cursor"]
    last = _list(client, owner, page=3, per_page=10).json["data"]
    assert len(last["items"]) == 5 and last["pagination"]["next_cursor"] is None


def test_default_order_is_newest_first(client: falcon.testing.TestClient, owner: Account) -> None:
    items = _list(client, owner, per_page=100).json["data"]["items"]
    created = [item["created_at"] for item in items]
    assert created == sorted(created, reverse=True)


def test_sort_by_name_both_ways(client: falcon.testing.TestClient, owner: Account) -> None:
    up = [i["name"] for i in _list(client, owner, sort="name", per_page=100).json["data"]["items"]]
    down = [i["name"] for i in _list(client, owner, sort="-name", per_page=100).json["data"]["items"]]
    assert up == sorted(up, key=str.lower) and down == list(reversed(up))


def test_q_matches_name_substrings_literally(client: falcon.testing.TestClient, owner: Account) -> None:
    assert [i["name"] for i in _list(client, owner, q="%_").json["data"]["items"]] == ["100%_literal"]
    assert _list(client, owner, q="svc-1").json["data"]["pagination"]["total"] == 10


def test_cursor_walk_visits_every_project_once_in_order(
    client: falcon.testing.TestClient, owner: Account
) -> None:
    seen, cursor = [], None
    while True:
        params = {"per_page": 7, "sort": "name"} | ({"cursor": cursor} if cursor else {})
        data = _list(client, owner, **params).json["data"]
        seen += [item["name"] for item in data["items"]]
        cursor = data["pagination"]["next_cursor"]
        if not cursor:
            break
    everything = [i["name"] for i in _list(client, owner, sort="name", per_page=100).json["data"]["items"]]
    assert seen == everything and len(seen) == 25


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "owner_id"}, "sort"),
        ({"per_page": 101}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"colour": "red"}, "colour"),
        ({"cursor": "garbage!!"}, "cursor"),
    ],
)
def test_bad_list_parameters_are_400_naming_them(
    client: falcon.testing.TestClient, owner: Account, params: dict, field: str
) -> None:
    result = _list(client, owner, **params)
    assert result.status_code == 400 and field in result.json["details"]


def test_cursor_for_another_sort_is_refused(client: falcon.testing.TestClient, owner: Account) -> None:
    cursor = _list(client, owner, per_page=5, sort="name").json["data"]["pagination"]["next_cursor"]
    result = _list(client, owner, per_page=5, sort="-created_at", cursor=cursor)
    assert result.status_code == 400 and "cursor" in result.json["details"]
