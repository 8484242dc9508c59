"""The OpenAPI document lists exactly the routes and methods the app serves."""

from __future__ import annotations

import re

import falcon
import falcon.testing
from jsonschema import Draft202012Validator

from api.openapi import API_PREFIX, OPERATIONS, repeatable_params


def _shape(template: str) -> str:
    """/projects/{project_id:uuid} and /projects/{id} are the same route."""
    return re.sub(r"\{[^}]*\}", "{}", template)


def _served_operations(app: falcon.App) -> set[tuple[str, str]]:
    operations: set[tuple[str, str]] = set()

    def walk(nodes: list) -> None:
        for node in nodes:
            if node.resource is not None:
                for method, responder in node.method_map.items():
                    if getattr(responder, "__name__", "").startswith("method_not_allowed"):
                        continue
                    if method in {"OPTIONS"}:
                        continue
                    operations.add((_shape(node.uri_template), method.lower()))
            walk(node.children)

    walk(app._router._roots)
    return operations


def test_openapi_paths_match_the_routes_the_app_serves(client: falcon.testing.TestClient) -> None:
    document = client.simulate_get("/api/v1/openapi.json").json
    documented = {
        (_shape(API_PREFIX + path), method)
        for path, methods in document["paths"].items()
        for method in methods
    }
    assert documented == _served_operations(client.app)


def test_openapi_document_is_3_1_with_valid_schemas(client: falcon.testing.TestClient) -> None:
    document = client.simulate_get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    for methods in document["paths"].values():
        for operation in methods.values():
            for response in operation["responses"].values():
                schema = response["content"]["application/json"]["schema"]
                if "$ref" not in schema:
                    Draft202012Validator.check_schema(schema)


def test_register_answer_matches_its_documented_schema(client: falcon.testing.TestClient) -> None:
    from tests.integration.conftest import unique_email

    document = client.simulate_get("/api/v1/openapi.json").json
    schema = document["paths"]["/auth/register"]["post"]["responses"]["201"]["content"]["application/json"][
        "schema"
    ]
    answer = client.simulate_post(
        "/api/v1/auth/register", json={"email": unique_email(), "password": "long enough pw"}
    )
    Draft202012Validator(schema).validate(answer.json)


def test_a_query_parameter_is_an_array_everywhere_or_nowhere() -> None:
    # The query-string guard lets a parameter repeat by name alone, which is sound only if so.
    kinds: dict[str, set[str]] = {}
    for op in OPERATIONS:
        for name, kind in op.params:
            kinds.setdefault(name, set()).add("array" if kind == "array" else "single")
    mixed = sorted(name for name, seen in kinds.items() if len(seen) > 1)
    assert mixed == []
    assert repeatable_params() == {name for name, seen in kinds.items() if seen == {"array"}}
