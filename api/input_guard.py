"""Refuses NUL characters in query strings and JSON bodies: PostgreSQL text cannot hold them, so a NUL
would otherwise fail in the database (a 5xx) or, saved in an event, stop a projection that copies it
into a read model. A clear 400 naming the parameter or field instead."""

from __future__ import annotations

import falcon

from domain.errors import BadRequest

NUL = "\x00"
MUST_NOT = "must not contain NUL characters"


def field_with_nul(value: object, path: str = "") -> str | None:
    """The dotted path of the first string holding a NUL in a JSON value (keys included), or None."""
    pending: list[tuple[str, object]] = [(path, value)]
    while pending:
        at, item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return at or "body"
        elif isinstance(item, dict):
            for key, child in item.items():
                where = f"{at}.{key}" if at else str(key)
                if NUL in str(key):
                    return where.replace(NUL, "\\0")
                pending.append((where, child))
        elif isinstance(item, list):
            pending.extend((f"{at}.{index}" if at else str(index), child) for index, child in enumerate(item))
    return None


def refuse_nul_in_body(body: object) -> None:
    field = field_with_nul(body)
    if field is not None:
        raise BadRequest("request body holds a NUL character", {field: MUST_NOT})


class QueryStringGuard:
    """NUL characters anywhere and a single-valued parameter given twice (?per_page=5&per_page=500,
    which would otherwise be read as whichever copy the parser keeps) are 400s naming the parameter."""

    def __init__(self, repeatable: frozenset[str]) -> None:
        self._repeatable = repeatable

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        field = field_with_nul(req.params)
        if field is not None:
            name = field.split(".", 1)[0]
            raise BadRequest(f"query parameter {name} is invalid", {name: MUST_NOT})
        repeated = sorted(
            name
            for name, value in req.params.items()
            if isinstance(value, list) and name not in self._repeatable
        )
        if repeated:
            raise BadRequest(
                f"query parameter {repeated[0]} is given more than once",
                {name: "must be given once" for name in repeated},
            )
