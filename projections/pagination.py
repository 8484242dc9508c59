"""Page and cursor pagination over read-model tables: stable order, keyset cursors, no depth ceiling."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from typing import Any

from domain.errors import BadRequest

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SortField:
    column: str  # SQL expression, trusted (from our own tables)
    cast: str  # SQL type the cursor value is cast to


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = 20
    sort: str = "-created_at"
    cursor: str | None = None

    @property
    def sort_field(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    page: int | None
    per_page: int
    total: int
    next_cursor: str | None

    def as_dict(self, items: list[Any]) -> dict[str, Any]:
        return {
            "items": items,
            "pagination": {
                "page": self.page,
                "per_page": self.per_page,
                "total": self.total,
                "total_pages": math.ceil(self.total / self.per_page) if self.total else 0,
                "next_cursor": self.next_cursor,
            },
        }


def encode_cursor(sort: str, value: object, row_id: object) -> str:
    raw = json.dumps({"s": sort, "v": None if value is None else str(value), "id": str(row_id)})
    return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()


def decode_cursor(cursor: str, sort: str) -> tuple[str | None, str]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        value, row_id = raw["v"], str(raw["id"])
        if raw["s"] != sort:
            raise BadRequest(
                "cursor belongs to another sort order", {"cursor": f"was made for sort={raw['s']}"}
            )
    except BadRequest:
        raise
    except Exception:
        raise BadRequest("cursor is invalid", {"cursor": "is not a cursor this API returned"}) from None
    return value, row_id


def fetch_page(
    view: Any,
    select: str,
    from_where: str,
    params: list[object],
    request: PageRequest,
    sort_fields: dict[str, SortField],
    id_column: str,
    known_total: int | None = None,
) -> Page:
    """Run a listing: `select` columns must include the sort expression aliased `_sort` and the id."""
    field = sort_fields[request.sort_field]
    direction = "DESC" if request.descending else "ASC"
    comparator = "<" if request.descending else ">"
    if known_total is None:
        total_row = view.fetch_one(f"SELECT count(*) AS n {from_where}", params)
        total = int(total_row["n"]) if total_row else 0
    else:
        total = known_total
    query_params = list(params)
    keyset = ""
    if request.cursor:
        value, row_id = decode_cursor(request.cursor, request.sort)
        keyset = f" AND ({field.column}, {id_column}) {comparator} (%s::{field.cast}, %s::uuid)"
        query_params += [value, row_id]
        offset = 0
    else:
        offset = (request.page - 1) * request.per_page
    query = (
        f"SELECT {select}, {field.column} AS _sort {from_where}{keyset} "
        f"ORDER BY {field.column} {direction}, {id_column} {direction} LIMIT %s OFFSET %s"
    )
    rows = view.fetch_all(query, [*query_params, request.per_page + 1, offset])
    more = len(rows) > request.per_page
    rows = rows[: request.per_page]
    next_cursor = encode_cursor(request.sort, rows[-1]["_sort"], rows[-1]["id"]) if more and rows else None
    return Page(rows, None if request.cursor else request.page, request.per_page, total, next_cursor)
