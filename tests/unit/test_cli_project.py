"""`pairsec scan --project NAME` finds the project by exact name, or creates it once."""

from __future__ import annotations

import json

import httpx

from infra.client.config import Credentials
from infra.client.http import PairsecApi
from infra.client.scan import find_or_create_project


def _api(projects: list[dict[str, str]], created: list[str], conflict: bool = False) -> PairsecApi:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            name = json.loads(request.content)["name"]
            created.append(name)
            if conflict:
                projects.append({"id": "raced", "name": name})
                return httpx.Response(409, json={"error": "Project name already exists"})
            return httpx.Response(201, json={"data": {"id": "new", "name": name}})
        query = request.url.params["q"].casefold()
        items = [p for p in projects if query in p["name"].casefold()]
        return httpx.Response(200, json={"data": {"items": items, "pagination": {"next_cursor": None}}})

    return PairsecApi(Credentials("http://h/api/v1", api_key="k"), transport=httpx.MockTransport(answer))


def test_exact_name_wins_over_names_that_only_contain_it() -> None:
    created: list[str] = []
    api = _api([{"id": "1", "name": "web-app"}, {"id": "2", "name": "Web"}], created)
    assert find_or_create_project(api, "web") == "2" and created == []


def test_missing_project_is_created() -> None:
    created: list[str] = []
    assert find_or_create_project(_api([{"id": "1", "name": "web-app"}], created), "web") == "new"
    assert created == ["web"]


def test_a_project_created_concurrently_is_found_after_the_conflict() -> None:
    created: list[str] = []
    assert find_or_create_project(_api([], created, conflict=True), "web") == "raced"
