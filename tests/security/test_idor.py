"""Cross-user access (IDOR), driven by the OpenAPI document so a new endpoint is covered the day it lands:
Bob, with his JWT and with his API key, tries every id-taking operation on Alice's resources and gets 404
with no data, while Alice's same request goes through."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from api.openapi import build_document
from tests.security.client import Api, Holdings, World
from tests.security.operations import (
    KIND_OF_COLLECTION,
    Operation,
    UnknownIdKind,
    minimal_body,
    operations,
    owner_ids,
    request_body,
)

OPERATIONS = operations(build_document())
PATH_ID_OPERATIONS = [op for op in OPERATIONS if op.path_params]
KIND_OF_NAME = {f"{kind}_id": kind for kind in KIND_OF_COLLECTION.values()} | {"base": "scan"}
# Ids that name no user's resource (rules are the same for everyone).
NOT_OWNED = frozenset({"rule_id"})
VIAS = ("jwt", "api_key")


def _is_owned_id(name: str) -> bool:
    return name not in NOT_OWNED and (name.endswith(("_id", "_ids")) or name == "base")


def _leaks(answer: requests.Response, victim: Holdings, allowed: set[str]) -> list[str]:
    return sorted(marker for marker in victim.markers() - allowed if marker in answer.text)


def _kind_of(name: str, where: str) -> str:
    kind = KIND_OF_NAME.get(name.removesuffix("s") if name.endswith("_ids") else name)
    if kind is None:
        raise UnknownIdKind(
            f"{where}: the security battery does not know what kind of id '{name}' is;"
            " add it to KIND_OF_COLLECTION / KIND_OF_NAME in tests/security"
        )
    return kind


def _id_fields(schema: dict[str, Any] | None) -> list[str]:
    properties = (schema or {}).get("properties", {})
    return [name for name in properties if _is_owned_id(name)]


def test_the_battery_knows_every_id_the_document_takes() -> None:
    """Fails loudly for a path, query or body id of a kind the battery cannot create and attack."""
    for op in OPERATIONS:
        op.id_kinds()
        for param in op.query_params:
            if _is_owned_id(param["name"]):
                _kind_of(param["name"], op.name)
        for name in _id_fields(op.json_body_schema):
            _kind_of(name, op.name)
    assert PATH_ID_OPERATIONS, "the document has no id-taking path: the battery would prove nothing"


def test_the_served_document_is_the_one_the_battery_walks(api: Api) -> None:
    served = {op.name for op in operations(api.call("GET", "/openapi.json").json())}
    assert served == {op.name for op in OPERATIONS}


@pytest.mark.parametrize("operation", PATH_ID_OPERATIONS, ids=lambda op: op.name)
def test_another_users_path_id_answers_404_with_no_data(api: Api, world: World, operation: Operation) -> None:
    ids = owner_ids(api, world.alice, operation)
    path = operation.fill(ids)
    for via in VIAS:
        attack = api.call(operation.method, path, world.bob.account, via, **request_body(operation, ids))
        assert attack.status_code == 404, (
            f"{operation.name} as Bob ({via}): {attack.status_code} {attack.text}"
        )
        assert "data" not in attack.json()
        assert not _leaks(attack, world.alice, set(ids.values())), attack.text
    # The same request from the owner goes through: the 404 above was the ownership check, not bad input.
    control = api.call(operation.method, path, world.alice.account, **request_body(operation, ids))
    assert control.status_code < 400 or control.status_code == 409, (
        f"{operation.name} as the owner: {control.status_code} {control.text}"
    )


QUERY_ID_CASES = [
    (op, param["name"]) for op in OPERATIONS for param in op.query_params if _is_owned_id(param["name"])
]


@pytest.mark.parametrize(("operation", "param"), QUERY_ID_CASES, ids=lambda v: getattr(v, "name", v))
def test_another_users_id_in_a_query_filter_shows_nothing_of_theirs(
    api: Api, world: World, operation: Operation, param: str
) -> None:
    bob_ids = owner_ids(api, world.bob, operation)
    victim_id = world.alice.ids()[_kind_of(param, operation.name)]
    for via in VIAS:
        answer = api.call(
            operation.method, operation.fill(bob_ids), world.bob.account, via,
            params={param: victim_id}, **request_body(operation, bob_ids),
        )  # fmt: skip
        assert answer.status_code < 500, answer.text
        assert not _leaks(answer, world.alice, {victim_id}), f"{operation.name}?{param}=: {answer.text}"
        if answer.status_code == 200 and isinstance(answer.json().get("data"), dict):
            assert answer.json()["data"].get("items", []) == []


BODY_ID_CASES = [(op, name) for op in OPERATIONS for name in _id_fields(op.json_body_schema)]


@pytest.mark.parametrize(("operation", "field"), BODY_ID_CASES, ids=lambda v: getattr(v, "name", v))
def test_another_users_id_in_a_request_body_is_refused(
    api: Api, world: World, operation: Operation, field: str
) -> None:
    """Bob's own path and body, with one id field pointing at Alice's resource."""
    bob_ids = owner_ids(api, world.bob, operation)
    kind = _kind_of(field, operation.name)
    body = minimal_body(operation.json_body_schema, bob_ids)
    victim_id = world.alice.ids()[kind]
    body[field] = [victim_id] if field.endswith("_ids") else victim_id
    if field == "scan_id":
        body.pop("finding_ids", None)
    if field == "finding_ids":
        body.pop("scan_id", None)
    for via in VIAS:
        answer = api.call(operation.method, operation.fill(bob_ids), world.bob.account, via, json=body)
        assert answer.status_code in (400, 404, 422), f"{operation.name} {field}: {answer.text}"
        assert not _leaks(answer, world.alice, {victim_id}), answer.text


def test_alices_findings_keep_their_triage_after_bobs_attempts(api: Api, world: World) -> None:
    for finding_id in world.alice.finding_ids:
        finding = api.call("GET", f"/findings/{finding_id}", world.alice.account).json()["data"]
        actors = {entry.get("actor") or entry.get("by") for entry in finding.get("triage_history", [])}
        assert not any(world.bob.account.user_id in str(actor) for actor in actors), finding


def test_lists_show_only_the_callers_own_resources(api: Api, world: World) -> None:
    for path in ("/projects", "/scans"):
        for via in VIAS:
            answer = api.call("GET", path, world.bob.account, via, params={"per_page": 100})
            assert answer.status_code == 200
            assert not _leaks(answer, world.alice, set()), answer.text
