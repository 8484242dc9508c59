"""How domain objects and read-model rows are shown in API answers."""

from __future__ import annotations

from typing import Any

from api.envelope import iso
from domain.user import User


def user_from_row(row: dict[str, Any]) -> dict[str, Any]:
    api_key = None
    if row.get("api_key_prefix"):
        api_key = {
            "prefix": row["api_key_prefix"],
            "scopes": list(row["api_key_scopes"]),
            "created_at": iso(row["api_key_created_at"]),
            "expires_at": iso(row["api_key_expires_at"]),
        }
    return {
        "id": str(row["id"]),
        "email": row["email"],
        "name": row["name"],
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
        "api_key": api_key,
    }


def user_from_aggregate(user: User) -> dict[str, Any]:
    api_key = None
    if user.api_key_prefix:
        api_key = {
            "prefix": user.api_key_prefix,
            "scopes": list(user.api_key_scopes),
            "created_at": None,
            "expires_at": iso(user.api_key_expires_at),
        }
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "created_at": iso(user.created_on),
        "updated_at": iso(user.modified_on),
        "api_key": api_key,
    }
