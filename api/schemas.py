"""JSON Schemas of request bodies and response data: validation and the OpenAPI document share them."""

from __future__ import annotations

from typing import Any

from domain.email import MAX_EMAIL_LENGTH
from domain.project import (
    MAX_BRANCH,
    MAX_DESCRIPTION,
    MAX_DISABLED_RULES,
    MAX_PROJECT_NAME,
    MAX_RULE_ID,
    MAX_RULES_PATH,
)
from domain.scan import SCAN_TYPES
from domain.triage import MAX_COMMENT, MAX_REASON, TRIAGE_STATUSES
from domain.user import MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH
from domain.webhook import WEBHOOK_EVENTS

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
# Only the types are checked here (400); the rules on the values are the domain's (422 naming the field).
RULES_PATH = {
    "type": ["string", "null"],
    "description": "A folder or .yml/.yaml semgrep rule file inside the scanned tree, relative to its "
    f"root (e.g. .pairsec/rules): no leading /, no .. segment, no backslash, at most {MAX_RULES_PATH} "
    "characters. Its rules run with the Pairsec pack; a missing or broken one is reported as a "
    "warning of the scan.",
}
DISABLED_RULES = {
    "type": "array",
    "items": {"type": "string"},
    "description": f"Rule ids (at most {MAX_DISABLED_RULES}, each letters, digits, '.', '_', '-', at most "
    f"{MAX_RULE_ID} characters) whose findings no engine reports for this project.",
}

PROJECT_CREATE = _object(
    {
        "name": PROJECT_NAME,
        "repository_url": REPOSITORY_URL,
        "description": DESCRIPTION,
        "default_branch": BRANCH,
        "rules_path": RULES_PATH,
        "disabled_rules": DISABLED_RULES,
    },
    ("name",),
)
PROJECT_UPDATE = _object(
    {
        "name": PROJECT_NAME,
        "repository_url": REPOSITORY_URL,
        "description": DESCRIPTION,
        "default_branch": BRANCH,
        "rules_path": RULES_PATH,
        "disabled_rules": DISABLED_RULES,
    },
    minProperties=1,
)

PROJECT = {
    "type": "object",
    "required": [
        "id",
        "name",
        "repository_url",
        "description",
        "default_branch",
        "rules_path",
        "disabled_rules",
        "created_at",
        "updated_at",
    ],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "repository_url": {"type": ["string", "null"]},
        "description": {"type": "string"},
        "default_branch": {"type": ["string", "null"]},
        "rules_path": {"type": ["string", "null"]},
        "disabled_rules": {"type": "array", "items": {"type": "string"}},
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

AUDIT_EVENT = {
    "type": "object",
    "required": ["version", "type", "at", "actor", "request_id", "data"],
    "properties": {
        "version": {"type": "integer"},
        "type": {"type": "string"},
        "at": TIMESTAMP,
        "actor": {"type": ["string", "null"]},
        "request_id": {"type": ["string", "null"]},
        "data": {"type": "object"},
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
        "rules": {
            "type": ["object", "null"],
            "description": "The project's rule settings captured when the scan was requested.",
            "properties": {
                "rules_path": {"type": ["string", "null"]},
                "disabled_rules": {"type": "array", "items": {"type": "string"}},
            },
        },
        "warnings": {"type": "array", "items": {"type": "string"}},
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
_NULLABLE_STRING = {"type": ["string", "null"]}
FINDING_IDENTITY = {
    "type": "object",
    "required": ["id", "fingerprint", "ref", "engine", "rule_id", "severity", "state", "status"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "fingerprint": {"type": "string"},
        "ref": {"type": "string"},
        "engine": _NULLABLE_STRING,
        "rule_id": _NULLABLE_STRING,
        "severity": _NULLABLE_STRING,
        "cwe": {"type": "array", "items": {"type": "string"}},
        "file_path": _NULLABLE_STRING,
        "title": _NULLABLE_STRING,
        "state": {"type": "string", "enum": ["open", "fixed", "removed", "reopened"]},
        "status": {"type": "string", "enum": list(TRIAGE_STATUSES)},
        "triage": {"type": ["object", "null"]},
        "first_seen_scan_id": _NULLABLE_STRING,
        "first_seen_at": NULLABLE_TIMESTAMP,
        "last_seen_scan_id": _NULLABLE_STRING,
        "last_seen_at": NULLABLE_TIMESTAMP,
        "closed_scan_id": _NULLABLE_STRING,
        "closed_at": NULLABLE_TIMESTAMP,
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

WEBHOOK_CREATE = _object(
    {
        "url": {"type": "string", "minLength": 1, "maxLength": 2048},
        "events": {
            "type": "array",
            "items": {"type": "string", "maxLength": 50},
            "minItems": 1,
            "maxItems": 10,
            "description": "some of: " + ", ".join(WEBHOOK_EVENTS),
        },
        "secret": {"type": "string", "minLength": 1, "maxLength": 1024},
    },
    ("url", "events"),
)
WEBHOOK = {
    "type": "object",
    "required": ["id", "project_id", "url", "events", "created_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "project_id": {"type": "string", "format": "uuid"},
        "url": {"type": "string"},
        "events": {"type": "array", "items": {"type": "string", "enum": list(WEBHOOK_EVENTS)}},
        "created_at": TIMESTAMP,
    },
}
WEBHOOK_CREATED = {
    **WEBHOOK,
    "required": [*WEBHOOK["required"], "secret"],
    "properties": {**WEBHOOK["properties"], "secret": {"type": "string"}},
}
WEBHOOK_DELIVERY = {
    "type": "object",
    "required": ["id", "event", "status", "attempts", "attempt_log"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "event": {"type": "string", "enum": list(WEBHOOK_EVENTS)},
        "status": {"type": "string", "enum": ["pending", "delivered", "failed", "cancelled"]},
        "subject_id": {"type": "string", "format": "uuid"},
        "attempts": {"type": "integer"},
        "occurred_at": TIMESTAMP,
        "created_at": TIMESTAMP,
        "next_attempt_at": NULLABLE_TIMESTAMP,
        "delivered_at": NULLABLE_TIMESTAMP,
        "last_status_code": {"type": ["integer", "null"]},
        "last_error": {"type": ["string", "null"]},
        "attempt_log": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "attempt": {"type": "integer"},
                    "at": TIMESTAMP,
                    "status_code": {"type": ["integer", "null"]},
                    "duration_ms": {"type": "integer"},
                    "error": {"type": ["string", "null"]},
                },
            },
        },
    },
}

_ANALYTICS_ROWS = {"type": "array", "items": {"type": "object"}}
ANALYTICS = {
    "type": "object",
    "required": ["interval", "from", "to", "group_by", "project_id"],
    "properties": {
        "interval": {"type": "string", "enum": ["day", "week", "month"]},
        "from": TIMESTAMP,
        "to": TIMESTAMP,
        "group_by": {"type": "array", "items": {"type": "string"}},
        "project_id": {"type": "array", "items": {"type": "string", "format": "uuid"}},
        "timeseries": _ANALYTICS_ROWS,
        "time_to_fix": _ANALYTICS_ROWS,
        "top_rules": _ANALYTICS_ROWS,
        "top_cwes": _ANALYTICS_ROWS,
    },
}
