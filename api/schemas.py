"""JSON Schemas of request bodies and response data: validation and the OpenAPI document share them."""

from __future__ import annotations

from typing import Any

EMAIL = {"type": "string", "minLength": 3, "maxLength": 254}
PASSWORD = {"type": "string", "minLength": 1, "maxLength": 1024}
NAME = {"type": "string", "maxLength": 200}


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
