"""JSON Schemas of request bodies and response data: validation and the OpenAPI document share them."""

from __future__ import annotations

from typing import Any

from domain.email import MAX_EMAIL_LENGTH
from domain.project import MAX_BRANCH, MAX_DESCRIPTION, MAX_PROJECT_NAME
from domain.scan import SCAN_TYPES
from domain.triage import MAX_COMMENT, MAX_REASON, TRIAGE_STATUSES
from domain.user import MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH

EMAIL = {"type": "string", "minLength": 3, "maxLength": MAX_EMAIL_LENGTH}
PASSWORD = {"type": "string", "minLength": 1, "maxLength": MAX_PASSWORD_LENGTH}
NAME = {"type": "string", "maxLength": MAX_NAME_LENGTH}


def _object(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": list(required),
        **extra,
    }


REGISTER = _object({"email": EMAIL, "password": PASSWORD, "name": NAME}, ("email", "password"))
LOGIN = _object({"email": EMAIL, "password": PASSWORD}, ("email", "password"))
PROFILE_UPDATE = _object(
    {"name": NAME, "email": EMAIL, "password": PASSWORD, "current_password": PASSWORD}, minProperties=1
)
API_KEY_CREATE = _object(
    {
        "scopes": {
            "type": "array",
            "items": {"type": "string", "enum": ["read", "write"]},
            "minItems": 1,
            "uniqueItems": True,
        },
        "expires_in_days": {"type": "integer", "minimum": 1, "maximum": 3650},
    }
)

TIMESTAMP = {"type": "string", "format": "date-time"}
NULLABLE_TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}

API_KEY_SUMMARY = {
    "type": ["object", "null"],
    "properties": {
        "prefix": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string"}},
        "created_at": NULLABLE_TIMESTAMP,
        "expires_at": NULLABLE_TIMESTAMP,
    },
}
USER = {
    "type": "object",
    "required": ["id", "email", "name", "created_at", "updated_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "email": {"type": "string"},
        "name": {"type": "string"},
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
        "api_key": API_KEY_SUMMARY,
    },
}
LOGIN_RESULT = {
    "type": "object",
    "required": ["token", "token_type", "expires_in", "user"],
    "properties": {
        "token": {"type": "string"},
        "token_type": {"type": "string", "enum": ["Bearer"]},
        "expires_in": {"type": "integer"},
        "user": USER,
    },
}
ISSUED_API_KEY = {
    "type": "object",
    "required": ["api_key", "prefix", "scopes", "created_at"],
    "properties": {
        "api_key": {"type": "string"},
        "prefix": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string"}},
        "created_at": TIMESTAMP,
        "expires_at": NULLABLE_TIMESTAMP,
    },
}
REVOKED_API_KEY = {
    "type": "object",
    "required": ["revoked", "prefix"],
    "properties": {"revoked": {"type": "boolean"}, "prefix": {"type": "string"}},
}

REPOSITORY_URL = {"type": ["string", "null"], "maxLength": 2048}
PROJECT_NAME = {"type": "string", "minLength": 1, "maxLength": MAX_PROJECT_NAME}
DESCRIPTION = {"type": "string", "maxLength": MAX_DESCRIPTION}
BRANCH = {"type": ["string", "null"], "minLength": 1, "maxLength": MAX_BRANCH}

PROJECT_CREATE = _object(
    {
        "name": PROJECT_NAME,
        "repository_url": REPOSITORY_URL,
        "description": DESCRIPTION,
        "default_branch": BRANCH,
    },
    ("name",),
)
PROJECT_UPDATE = _object(
    {
        "name": PROJECT_NAME,
        "repository_url": REPOSITORY_URL,
        "description": DESCRIPTION,
        "default_branch": BRANCH,
    },
    minProperties=1,
)

PROJECT = {
    "type": "object",
    "required": ["id", "name", "repository_url", "description", "default_branch", "created_at", "updated_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "repository_url": {"type": ["string", "null"]},
        "description": {"type": "string"},
        "default_branch": {"type": ["string", "null"]},
        "version": {"type": "integer"},
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
    },
}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
PROJECT_WITH_STATISTICS = {
    **PROJECT,
    "properties": {
        **PROJECT["properties"],
        "statistics": {
            "type": "object",
            "properties": {
                "scans": _COUNTS,
                "last_scan": {"type": ["object", "null"]},
                "open_findings": _COUNTS,
                "fixed_in_last_scan": {"type": "integer"},
            },
        },
    },
}


def paginated(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "pagination"],
        "properties": {
            "items": {"type": "array", "items": item},
            "pagination": {
                "type": "object",
                "required": ["page", "per_page", "total", "total_pages", "next_cursor"],
                "properties": {
                    "page": {"type": ["integer", "null"]},
                    "per_page": {"type": "integer"},
                    "total": {"type": "integer"},
                    "total_pages": {"type": "integer"},
                    "next_cursor": {"type": ["string", "null"]},
                },
            },
        },
    }


HISTORY_ENTRY = {
    "type": "object",
    "required": ["version", "type", "at", "actor", "changes"],
    "properties": {
        "version": {"type": "integer"},
        "type": {"type": "string"},
        "at": TIMESTAMP,
        "actor": {"type": ["string", "null"]},
        "changes": {"type": "object"},
    },
}

SCAN_CREATE = _object(
    {
        "project_id": {"type": ["string", "integer"], "maxLength": 64},
        "scan_type": {"type": "string", "enum": list(SCAN_TYPES)},
        "ref": BRANCH,
        "upload_id": {"type": ["string", "null"], "format": "uuid", "maxLength": 64},
    },
    ("project_id", "scan_type"),
)
_SEVERITY_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
SCAN = {
    "type": "object",
    "required": ["id", "project_id", "scan_type", "status", "created_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "project_id": {"type": "string", "format": "uuid"},
        "scan_type": {"type": "string"},
        "status": {"type": "string", "enum": ["queued", "running", "completed", "failed", "cancelled"]},
        "attempt": {"type": "integer"},
        "source": {"type": "object"},
        "commit": {"type": ["string", "null"]},
        "requested_by": {"type": ["string", "null"]},
        "created_at": TIMESTAMP,
        "started_at": NULLABLE_TIMESTAMP,
        "finished_at": NULLABLE_TIMESTAMP,
        "duration_ms": {"type": ["integer", "null"]},
        "fetch_ms": {"type": ["integer", "null"]},
        "findings": _SEVERITY_COUNTS,
        "engines": {"type": "object"},
        "error": {"type": ["string", "null"]},
    },
}
FINDING = {
    "type": "object",
    "required": ["id", "fingerprint", "rule_id", "engine", "severity", "file_path", "start_line"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "fingerprint": {"type": "string"},
        "rule_id": {"type": "string"},
        "engine": {"type": "string"},
        "severity": {"type": "string"},
        "confidence": {"type": "string"},
        "title": {"type": "string"},
        "message": {"type": "string"},
        "cwe": {"type": "array", "items": {"type": "string"}},
        "owasp": {"type": "array", "items": {"type": "string"}},
        "file_path": {"type": "string"},
        "start_line": {"type": "integer"},
        "end_line": {"type": "integer"},
        "snippet": {"type": "string"},
        "fix": {"type": "string"},
        "status": {"type": "string"},
        "first_seen_scan_id": {"type": ["string", "null"]},
        "is_new": {"type": ["boolean", "null"]},
        "extra": {"type": "object"},
    },
}
UPLOAD = {
    "type": "object",
    "required": ["upload_id", "project_id", "size", "sha256"],
    "properties": {
        "upload_id": {"type": "string", "format": "uuid"},
        "project_id": {"type": "string", "format": "uuid"},
        "filename": {"type": "string"},
        "size": {"type": "integer"},
        "sha256": {"type": "string"},
        "created_at": TIMESTAMP,
    },
}

TRIAGE = _object(
    {
        "status": {"type": "string", "enum": list(TRIAGE_STATUSES)},
        "reason": {"type": "string", "maxLength": MAX_REASON},
        "comment": {"type": "string", "maxLength": MAX_COMMENT},
        "expires_at": {"type": ["string", "null"], "maxLength": 40},
    },
    ("status",),
)
FINDING_DETAIL = {
    **FINDING,
    "properties": {
        **FINDING["properties"],
        "scan_id": {"type": "string"},
        "triage_history": {"type": "array"},
    },
}
SCAN_DIFF = {
    "type": "object",
    "required": ["base_scan_id", "counts", "new", "fixed", "removed", "unchanged"],
    "properties": {
        "base_scan_id": {"type": ["string", "null"]},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "new": {"type": "array"},
        "fixed": {"type": "array"},
        "removed": {"type": "array"},
        "unchanged": {"type": "array"},
    },
}

_UUID_STRING = {"type": "string", "format": "uuid", "maxLength": 64}
BULK_TRIAGE = _object(
    {
        **TRIAGE["properties"],
        "finding_ids": {"type": "array", "items": _UUID_STRING, "minItems": 1, "maxItems": 5000},
        "scan_id": _UUID_STRING,
        "filters": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "severity": {
                    "type": "array",
                    "items": {"enum": ["critical", "high", "medium", "low", "info"]},
                },
                "engine": {"type": "array", "items": {"enum": ["sast", "secrets", "dependencies"]}},
                "rule_id": {"type": "array", "items": {"type": "string", "maxLength": 200}},
                "cwe": {"type": "array", "items": {"type": "string", "maxLength": 20}},
                "path": {"type": "array", "items": {"type": "string", "maxLength": 1000}},
                "status": {"type": "array", "items": TRIAGE["properties"]["status"]},
                "new": {"type": "boolean"},
            },
        },
    },
    ("status",),
)
