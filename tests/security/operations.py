"""The served OpenAPI document as the battery's list of what to attack: every operation, the ids its path
takes and what kind of resource each id names, and a valid request body for it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.security.client import Api, Holdings, tar_gz

_PARAM = re.compile(r"\{([^}]+)\}")

# The collection a path parameter follows names the kind of resource its id is.
KIND_OF_COLLECTION = {
    "projects": "project",
    "scans": "scan",
    "findings": "finding",
    "uploads": "upload",
    "webhooks": "webhook",
}


class UnknownIdKind(AssertionError):
    """A documented path takes an id the battery cannot fill: teach it (KIND_OF_COLLECTION, CREATORS)."""


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def public(self) -> bool:
        return self.spec.get("security") == []

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def changes_the_caller(self) -> bool:
        """Whether it changes the calling account itself (profile, API key): shared users must not."""
        return self.path.startswith("/users/") and self.method != "get"

    @property
    def path_params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def query_params(self) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p.get("in") == "query"]

    @property
    def json_body_schema(self) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        return content.get("application/json", {}).get("schema")

    def id_kinds(self) -> list[tuple[str, str]]:
        """(parameter, kind) for every id in the path; UnknownIdKind for one nobody taught us."""
        kinds = []
        segments = self.path.strip("/").split("/")
        for index, segment in enumerate(segments):
            match = _PARAM.fullmatch(segment)
            if not match:
                continue
            collection = segments[index - 1] if index else ""
            kind = KIND_OF_COLLECTION.get(collection)
            if kind is None:
                raise UnknownIdKind(
                    f"{self.name}: the security battery does not know what resource '{{{match.group(1)}}}'"
                    f" after '/{collection}' is; add it to KIND_OF_COLLECTION and CREATORS in"
                    " tests/security/operations.py so cross-user access to it is tested"
                )
            kinds.append((match.group(1), kind))
        return kinds

    def fill(self, ids: dict[str, str]) -> str:
        """The concrete path with each id parameter replaced by the id of its kind."""
        path = self.path
        for param, kind in self.id_kinds():
            path = path.replace("{" + param + "}", ids[kind])
        return path


def operations(document: dict[str, Any]) -> list[Operation]:
    return [
        Operation(method, path, spec)
        for path, methods in document["paths"].items()
        for method, spec in methods.items()
        if method in {"get", "put", "post", "delete", "patch"}
    ]


def minimal_body(schema: dict[str, Any] | None, ids: dict[str, str]) -> Any:
    """A body the schema accepts: the required fields (or the first property) with plain values."""
    if schema is None:
        return None
    body = _value("", schema, ids)
    # A body that names no resource would be refused before any ownership check: name one.
    properties = schema.get("properties", {})
    if isinstance(body, dict) and not any(name in _KNOWN_FIELDS and name.endswith(_ID) for name in body):
        named = next((name for name in properties if name in _KNOWN_FIELDS and name.endswith(_ID)), None)
        if named:
            body[named] = _value(named, properties[named], ids)
    return body


_ID = ("_id", "_ids")

# Values that pass the domain's rules as well as the schema, by field name.
_KNOWN_FIELDS: dict[str, Callable[[dict[str, str]], Any]] = {
    "project_id": lambda ids: ids["project"],
    "scan_id": lambda ids: ids["scan"],
    "finding_id": lambda ids: ids["finding"],
    "upload_id": lambda ids: ids["upload"],
    "finding_ids": lambda ids: [ids["finding"]],
    "scan_type": lambda ids: "secrets",
    "status": lambda ids: "false_positive",
    "email": lambda ids: f"x-{uuid.uuid4().hex[:8]}@example.com",
    "name": lambda ids: f"name-{uuid.uuid4().hex[:8]}",
    "url": lambda ids: "https://hooks.example.com/pairsec",
    "events": lambda ids: ["scan.completed"],
}


def _value(name: str, schema: dict[str, Any], ids: dict[str, str]) -> Any:
    if name in _KNOWN_FIELDS:
        return _KNOWN_FIELDS[name](ids)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
    if kind == "object":
        properties = schema.get("properties", {})
        wanted = (
            list(schema.get("required", [])) or list(properties)[: max(1, schema.get("minProperties", 0))]
        )
        return {key: _value(key, properties.get(key, {}), ids) for key in wanted if key in properties}
    if kind == "array":
        return [_value(name, schema.get("items", {}), ids)] * max(1, schema.get("minItems", 0))
    if kind == "string":
        if schema.get("format") == "uuid":
            return str(uuid.uuid4())
        if schema.get("format") == "date-time":
            return "2030-01-01T00:00:00Z"
        return "x" * max(1, schema.get("minLength", 1))
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    return None


Creator = Callable[[Api, Holdings, dict[str, str], bool], str]


def _project(api: Api, owner: Holdings, ids: dict[str, str], fresh: bool) -> str:
    return api.create_project(owner.account)["id"] if fresh else owner.project["id"]


def _upload(api: Api, owner: Holdings, ids: dict[str, str], fresh: bool) -> str:
    if not fresh:
        return owner.upload_id
    return api.upload(owner.account, ids.get("project", owner.project["id"]), TINY_ARCHIVE)["upload_id"]


def _scan(api: Api, owner: Holdings, ids: dict[str, str], fresh: bool) -> str:
    if not fresh:
        return owner.scan["id"]
    project_id = ids.get("project", owner.project["id"])
    upload = api.upload(owner.account, project_id, TINY_ARCHIVE)
    return api.request_scan(owner.account, project_id, upload["upload_id"])["id"]


def _finding(api: Api, owner: Holdings, ids: dict[str, str], fresh: bool) -> str:
    if not fresh:
        return owner.finding_ids[0]
    raise UnknownIdKind("no creator for a fresh finding yet: an operation deletes findings")


def _webhook(api: Api, owner: Holdings, ids: dict[str, str], fresh: bool) -> str:
    project_id = ids.get("project", owner.project["id"])
    if not fresh and ("webhook", project_id) in owner.made:
        return owner.made["webhook", project_id]
    body = {"url": "https://hooks.example.com/pairsec", "events": ["scan.completed"]}
    answer = api.call("POST", f"/projects/{project_id}/webhooks", owner.account, json=body)
    if answer.status_code == 422 and "webhooks" in answer.json().get("details", {}):
        # A long fuzzing run of a destructive operation makes one fresh webhook per example and
        # reaches the per-project cap: clear the fresh ones (never the shared one) and make it again.
        shared = owner.made.get(("webhook", project_id))
        listed = api.call("GET", f"/projects/{project_id}/webhooks", owner.account)
        assert listed.status_code == 200, listed.text
        for hook in listed.json()["data"]["items"]:
            if hook["id"] != shared:
                api.call("DELETE", f"/projects/{project_id}/webhooks/{hook['id']}", owner.account)
        answer = api.call("POST", f"/projects/{project_id}/webhooks", owner.account, json=body)
    assert answer.status_code == 201, answer.text
    api.ledger.remember(answer.json()["data"]["secret"])
    webhook_id: str = answer.json()["data"]["id"]
    if not fresh:
        owner.made["webhook", project_id] = webhook_id
    return webhook_id


# How to make each kind of resource for its owner; every kind of KIND_OF_COLLECTION needs one.
CREATORS: dict[str, Creator] = {
    "project": _project,
    "upload": _upload,
    "scan": _scan,
    "finding": _finding,
    "webhook": _webhook,
}
TINY_ARCHIVE = tar_gz({"main.py": "print('hello')\n"})


def owner_ids(api: Api, owner: Holdings, operation: Operation) -> dict[str, str]:
    """Ids of the owner's resources for the operation's path (new ones for what a DELETE destroys),
    plus the owner's ids of every kind for request bodies."""
    ids: dict[str, str] = {}
    kinds = operation.id_kinds()
    for index, (_, kind) in enumerate(kinds):
        creator = CREATORS.get(kind)
        if creator is None:
            raise UnknownIdKind(f"{operation.name}: no creator for '{kind}' in CREATORS")
        destroyed = operation.method == "delete" and index == len(kinds) - 1
        ids[kind] = creator(api, owner, ids, destroyed)
    return {**owner.ids(), **ids}


def request_body(operation: Operation, ids: dict[str, str]) -> dict[str, Any]:
    """requests keyword arguments carrying a valid body for the operation (JSON, or an archive)."""
    schema = operation.json_body_schema
    if schema is not None:
        return {"json": minimal_body(schema, ids)}
    if operation.path.endswith("/uploads"):
        return {"data": TINY_ARCHIVE, "headers": {"Content-Type": "application/gzip"}}
    return {}
