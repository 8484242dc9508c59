"""Query-string parsing for list endpoints: page, per_page, sort, cursor and declared filters only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

import falcon

from domain.errors import BadRequest
from projections.pagination import MAX_PER_PAGE, PageRequest

PAGING_PARAMS = frozenset({"page", "per_page", "sort", "cursor"})
MAX_PAGE = 10_000_000


def whole_number(req: falcon.Request, name: str, default: int, lo: int, hi: int) -> int:
    """An integer parameter; absent is the default, and empty (?page=) or not a number is a 400."""
    raw = req.get_param(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number", {name: "must be a whole number"}) from None
    if not lo <= value <= hi:
        raise BadRequest(f"{name} is out of range", {name: f"must be between {lo} and {hi}"})
    return value


def reject_unknown_params(req: falcon.Request, allowed: Iterable[str]) -> None:
    allowed_set = set(allowed)
    unknown = sorted(set(req.params) - allowed_set)
    if unknown:
        raise BadRequest("unknown query parameter", {name: "is not a known parameter" for name in unknown})


def page_and_size(req: falcon.Request) -> tuple[int, int]:
    """page and per_page for lists that take no other parameter."""
    reject_unknown_params(req, ("page", "per_page"))
    return whole_number(req, "page", 1, 1, MAX_PAGE), whole_number(req, "per_page", 20, 1, MAX_PER_PAGE)


def page_request(
    req: falcon.Request, sorts: Iterable[str], default_sort: str, filters: Iterable[str] = ()
) -> PageRequest:
    reject_unknown_params(req, PAGING_PARAMS | set(filters))
    sort = req.get_param("sort") or default_sort
    sort_names = set(sorts)
    if sort.lstrip("-") not in sort_names or sort.count("-") > 1:
        choices = ", ".join(sorted(sort_names))
        raise BadRequest(
            "sort is not a sortable field", {"sort": f"must be one of {choices}, optionally with -"}
        )
    return PageRequest(
        page=whole_number(req, "page", 1, 1, MAX_PAGE),
        per_page=whole_number(req, "per_page", 20, 1, MAX_PER_PAGE),
        sort=sort,
        cursor=req.get_param("cursor") or None,
    )


def text_filter(req: falcon.Request, name: str, max_length: int = 200) -> str | None:
    value = req.get_param(name)
    if value is None:
        return None
    if len(value) > max_length or any(ord(c) < 32 for c in value):
        raise BadRequest(f"{name} is invalid", {name: f"must be at most {max_length} printable characters"})
    return value


def multi_values(req: falcon.Request, name: str, allowed: Iterable[str] | None = None) -> list[str]:
    """A filter given repeated (?x=a&x=b) or comma-separated (?x=a,b); unknown values are 400."""
    raw = req.params.get(name)
    if raw is None:
        return []
    values = [
        v.strip() for item in (raw if isinstance(raw, list) else [raw]) for v in item.split(",") if v.strip()
    ]
    if allowed is not None:
        allowed_set = set(allowed)
        bad = [v for v in values if v not in allowed_set]
        if bad:
            raise BadRequest(
                f"unknown {name} value", {name: f"{bad[0]!r} is not one of " + ", ".join(sorted(allowed_set))}
            )
    return values


def uuid_values(req: falcon.Request, name: str) -> list[uuid.UUID]:
    values = []
    for value in multi_values(req, name):
        try:
            values.append(uuid.UUID(value))
        except ValueError:
            raise BadRequest(f"{name} must be an id", {name: f"{value!r} is not an id"}) from None
    return values


def parse_time(raw: str | None, name: str, *, zone_required: bool = False) -> datetime | None:
    """An ISO-8601 time from a parameter or body field; a bad one is 400 naming the field."""
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(
            f"{name} must be an ISO-8601 time", {name: "must look like 2026-01-15T10:30:00Z"}
        ) from None
    if moment.tzinfo is None:
        if zone_required:
            raise BadRequest(f"{name} needs a time zone", {name: "must include a time zone, e.g. Z"})
        moment = moment.replace(tzinfo=UTC)
    return moment


def time_value(req: falcon.Request, name: str) -> datetime | None:
    return parse_time(req.get_param(name), name)
