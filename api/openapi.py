"""The OpenAPI 3.1 document, built from the same schemas the resources validate with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import falcon

from api import schemas

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    summary: str
    tag: str
    response: dict[str, Any] | None = None
    request: dict[str, Any] | None = None
    status: int = 200
    public: bool = False
    errors: tuple[int, ...] = ()
    params: tuple[tuple[str, str], ...] = ()


LIST_PARAMS: tuple[tuple[str, str], ...] = (
    ("page", "integer"),
    ("per_page", "integer"),
    ("sort", "string"),
    ("cursor", "string"),
)


def _param_schema(kind: str) -> dict[str, Any]:
    """A query parameter's schema; "array" is a filter that may be repeated (?severity=high&severity=low)."""
    if kind == "array":
        return {"type": "array", "items": {"type": "string"}}
    return {"type": kind}


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "/auth/register",
        "post",
        "Register new user account",
        "Authentication",
        schemas.USER,
        schemas.REGISTER,
        201,
        public=True,
        errors=(400, 409, 413, 415, 422),
    ),
    Operation(
        "/auth/login",
        "post",
        "Login with email and password",
        "Authentication",
        schemas.LOGIN_RESULT,
        schemas.LOGIN,
        public=True,
        errors=(400, 401, 413, 415, 429),
    ),
    Operation("/auth/me", "get", "Get current user information", "Authentication", schemas.USER),
    Operation(
        "/users/me/history",
        "get",
        "Your account's audit trail: registration, profile, password and API key events",
        "User Management",
        schemas.paginated(schemas.AUDIT_EVENT),
        errors=(400,),
        params=(("page", "integer"), ("per_page", "integer")),
    ),
    Operation("/users/profile", "get", "Get user profile information", "User Management", schemas.USER),
    Operation(
        "/users/profile",
        "put",
        "Update user profile",
        "User Management",
        schemas.USER,
        schemas.PROFILE_UPDATE,
        errors=(400, 409, 413, 415, 422),
    ),
    Operation(
        "/users/api-key",
        "post",
        "Generate new API key",
        "User Management",
        schemas.ISSUED_API_KEY,
        schemas.API_KEY_CREATE,
        201,
        errors=(400, 413, 415, 422),
    ),
    Operation(
        "/users/api-key",
        "delete",
        "Revoke current API key",
        "User Management",
        schemas.REVOKED_API_KEY,
        errors=(404,),
    ),
    Operation(
        "/projects",
        "get",
        "List all user projects (paginated)",
        "Projects",
        schemas.paginated(schemas.PROJECT),
        errors=(400,),
        params=(*LIST_PARAMS, ("q", "string")),
    ),
    Operation(
        "/projects",
        "post",
        "Create new project",
        "Projects",
        schemas.PROJECT,
        schemas.PROJECT_CREATE,
        201,
        errors=(400, 409, 413, 415, 422),
    ),
    Operation(
        "/projects/{id}",
        "get",
        "Get project details with statistics; with as_of, the project as it was then (from its events)",
        "Projects",
        schemas.PROJECT_WITH_STATISTICS,
        errors=(400, 404),
        params=(("as_of", "string"),),
    ),
    Operation(
        "/projects/{id}",
        "put",
        "Update project information",
        "Projects",
        schemas.PROJECT,
        schemas.PROJECT_UPDATE,
        errors=(400, 404, 409, 412, 413, 415, 422),
    ),
    Operation(
        "/projects/{id}",
        "delete",
        "Delete project and all associated scans",
        "Projects",
        {"type": "object"},
        errors=(404, 409, 412),
    ),
    Operation(
        "/projects/{id}/history",
        "get",
        "The project's audit trail, from the event store",
        "Projects",
        schemas.paginated(schemas.HISTORY_ENTRY),
        errors=(400, 404),
        params=(("page", "integer"), ("per_page", "integer")),
    ),
    Operation(
        "/projects/{id}/uploads",
        "post",
        "Upload a .tar.gz or .zip of source to scan (body: the archive, or multipart/form-data)",
        "Security Scans",
        schemas.UPLOAD,
        None,
        201,
        errors=(404, 413, 415, 422),
    ),
    Operation(
        "/projects/{id}/webhooks",
        "post",
        "Create a webhook (https URL, events); the answer holds its signing secret, shown only once",
        "Webhooks",
        schemas.WEBHOOK_CREATED,
        schemas.WEBHOOK_CREATE,
        201,
        errors=(400, 404, 409, 413, 415, 422),
    ),
    Operation(
        "/projects/{id}/webhooks",
        "get",
        "The project's webhooks",
        "Webhooks",
        schemas.paginated(schemas.WEBHOOK),
        errors=(400, 404),
    ),
    Operation(
        "/projects/{id}/webhooks/{webhook_id}",
        "get",
        "One webhook",
        "Webhooks",
        schemas.WEBHOOK,
        errors=(400, 404),
    ),
    Operation(
        "/projects/{id}/webhooks/{webhook_id}",
        "delete",
        "Delete a webhook; its pending deliveries are cancelled",
        "Webhooks",
        {"type": "object"},
        errors=(404, 409),
    ),
    Operation(
        "/projects/{id}/webhooks/{webhook_id}/deliveries",
        "get",
        "The webhook's delivery log: each delivery with every attempt (status code, duration, error)",
        "Webhooks",
        schemas.paginated(schemas.WEBHOOK_DELIVERY),
        errors=(400, 404),
        params=(("page", "integer"), ("per_page", "integer"), ("sort", "string"), ("cursor", "string")),
    ),
    Operation(
        "/scans",
        "post",
        "Create new security scan",
        "Security Scans",
        schemas.SCAN,
        schemas.SCAN_CREATE,
        202,
        errors=(400, 404, 413, 415, 422),
    ),
    Operation(
        "/scans",
        "get",
        "List all user scans with filtering",
        "Security Scans",
        schemas.paginated(schemas.SCAN),
        errors=(400,),
        params=(
            *LIST_PARAMS,
            ("project_id", "array"),
            ("status", "array"),
            ("scan_type", "array"),
            ("created_after", "string"),
            ("created_before", "string"),
        ),
    ),
    Operation(
        "/scans/{id}",
        "get",
        "Get detailed scan results; with as_of, the scan as it was then (from its events)",
        "Security Scans",
        schemas.SCAN,
        errors=(400, 404),
        params=(("as_of", "string"),),
    ),
    Operation(
        "/scans/{id}/events",
        "get",
        "The scan's audit trail: every event, who caused it, in which request",
        "Security Scans",
        schemas.paginated(schemas.AUDIT_EVENT),
        errors=(400, 404),
        params=(("page", "integer"), ("per_page", "integer")),
    ),
    Operation(
        "/scans/{id}/cancel",
        "post",
        "Cancel a queued or running scan",
        "Security Scans",
        schemas.SCAN,
        errors=(404, 409),
    ),
    Operation(
        "/scans/{id}/findings",
        "get",
        "Get security findings for a scan",
        "Security Scans",
        schemas.paginated(schemas.FINDING),
        errors=(400, 404),
        params=(
            *LIST_PARAMS,
            ("severity", "array"),
            ("engine", "array"),
            ("rule_id", "array"),
            ("cwe", "array"),
            ("path", "array"),
            ("status", "array"),
            ("new", "boolean"),
        ),
    ),
    Operation(
        "/scans/{id}/diff",
        "get",
        "New, fixed, removed and unchanged findings against a base scan",
        "Findings",
        schemas.SCAN_DIFF,
        errors=(400, 404),
        params=(("base", "string"),),
    ),
    Operation(
        "/projects/{id}/findings",
        "get",
        "The project's findings across scans (identities: open, fixed, removed, reopened) with triage",
        "Findings",
        schemas.paginated(schemas.FINDING_IDENTITY),
        errors=(400, 404),
        params=(
            *LIST_PARAMS,
            ("state", "array"),
            ("severity", "array"),
            ("engine", "array"),
            ("rule_id", "array"),
            ("ref", "array"),
            ("status", "array"),
        ),
    ),
    Operation(
        "/projects/{id}/findings/triage",
        "post",
        "Triage many findings at once, by ids or by a scan's filters",
        "Findings",
        {"type": "object"},
        schemas.BULK_TRIAGE,
        errors=(400, 404, 413, 415, 422),
    ),
    Operation(
        "/findings/{id}",
        "get",
        "One finding with its snippet and triage history",
        "Findings",
        schemas.FINDING_DETAIL,
        errors=(404,),
    ),
    Operation(
        "/findings/{id}/history",
        "get",
        "The finding's triage history (who, when, why)",
        "Findings",
        {"type": "object"},
        errors=(404,),
    ),
    Operation(
        "/findings/{id}/triage",
        "put",
        "Triage a finding; the decision sticks to it in later scans",
        "Findings",
        schemas.FINDING,
        schemas.TRIAGE,
        errors=(400, 404, 409, 413, 415, 422),
    ),
    Operation(
        "/scans/{id}/export",
        "get",
        "Export scan results (JSON/CSV/SARIF), streamed as a file",
        "Security Scans",
        {"type": "object"},
        errors=(400, 404),
        params=(
            ("format", "string"),
            ("severity", "array"),
            ("engine", "array"),
            ("rule_id", "array"),
            ("cwe", "array"),
            ("path", "array"),
        ),
    ),
    Operation(
        "/analytics/findings",
        "get",
        "Open, new, fixed and triaged findings over time, time to fix, top rules and CWEs (JSON/CSV/parquet)",
        "Analytics",
        schemas.ANALYTICS,
        errors=(400, 404),
        params=(
            ("group_by", "array"),
            ("interval", "string"),
            ("from", "string"),
            ("to", "string"),
            ("format", "string"),
            ("project_id", "array"),
            ("report", "string"),
            ("top", "integer"),
        ),
    ),
    Operation("/openapi.json", "get", "This OpenAPI document", "Meta", {"type": "object"}, public=True),
    Operation(
        "/health",
        "get",
        "Health of the database, broker and projections",
        "Meta",
        {"type": "object"},
        public=True,
        errors=(503,),
    ),
)

_ERROR = {
    "type": "object",
    "required": ["error", "status", "timestamp"],
    "properties": {
        "error": {"type": "string"},
        "status": {"type": "integer"},
        "timestamp": {"type": "string", "format": "date-time"},
        "code": {"type": "string"},
        "details": {},
    },
}
_REASONS = {
    400: "Malformed request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    412: "Version mismatch (If-Match)",
    413: "Body too large",
    415: "Wrong content type",
    422: "Breaks a rule",
    429: "Too many attempts",
    503: "Unavailable",
}


def _envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data", "message", "status", "timestamp"],
        "properties": {
            "data": data,
            "message": {"type": "string"},
            "status": {"type": "integer"},
            "timestamp": {"type": "string", "format": "date-time"},
        },
    }


# Answers that are files or documents, not envelopes: their content as served.
_NOT_ENVELOPED: dict[str, dict[str, Any]] = {
    "/openapi.json": {"application/json": {"schema": {"type": "object"}}},
    "/scans/{id}/export": {
        "application/json": {"schema": _envelope({"type": "object"})},
        "text/csv": {"schema": {"type": "string"}},
        "application/sarif+json": {"schema": {"type": "object"}},
    },
    "/analytics/findings": {
        "application/json": {"schema": _envelope(schemas.ANALYTICS)},
        "text/csv": {"schema": {"type": "string"}},
        "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
    },
}


def _operation(op: Operation) -> dict[str, Any]:
    content = _NOT_ENVELOPED.get(op.path) if op.method == "get" else None
    responses: dict[str, Any] = {
        str(op.status): {
            "description": op.summary,
            "content": content
            or {"application/json": {"schema": _envelope(op.response or {"type": "object"})}},
        }
    }
    error_codes = set(op.errors) | ({401} if not op.public else set())
    for code in sorted(error_codes):
        responses[str(code)] = {
            "description": _REASONS.get(code, "Error"),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    spec: dict[str, Any] = {
        "summary": op.summary,
        "tags": [op.tag],
        "operationId": op.method + "_" + re.sub(r"[^a-z0-9]+", "_", op.path.lower()).strip("_"),
        "responses": responses,
    }
    if op.request is not None:
        spec["requestBody"] = {
            "required": op.method != "post" or op.path != "/users/api-key",
            "content": {"application/json": {"schema": op.request}},
        }
    parameters = [
        {"name": name, "in": "query", "required": False, "schema": _param_schema(kind)}
        for name, kind in op.params
    ]
    for index, name in enumerate(re.findall(r"\{(\w+)\}", op.path)):
        parameters.insert(
            index,
            {"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}},
        )
    if parameters:
        spec["parameters"] = parameters
    spec["security"] = [] if op.public else [{"bearerAuth": []}, {"apiKeyAuth": []}]
    return spec


def build_document(operations: tuple[Operation, ...] = OPERATIONS) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pairsec API",
            "version": "1.0.0",
            "description": "Security scanning: projects, scans, findings, triage and export.",
        },
        "servers": [{"url": API_PREFIX}],
        "paths": paths,
        "components": {
            "schemas": {"Error": _ERROR},
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
    }


def repeatable_params(operations: tuple[Operation, ...] = OPERATIONS) -> frozenset[str]:
    """Query parameters documented as arrays somewhere; every other one may be given once only.
    A name is an array everywhere or nowhere (tests hold the document to that)."""
    return frozenset(name for op in operations for name, kind in op.params if kind == "array")


class OpenApiResource:
    public = True

    def __init__(self) -> None:
        self._document = build_document()

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = self._document
