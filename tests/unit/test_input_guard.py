"""NUL characters are refused at the door, naming the field: PostgreSQL text cannot hold them."""

from __future__ import annotations

import pytest

from api.input_guard import field_with_nul, refuse_nul_in_body
from domain.errors import BadRequest


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "a\x00b"}, "name"),
        ({"filters": {"severity": ["high", "lo\x00w"]}}, "filters.severity.1"),
        ({"k\x00": 1}, "k\\0"),
        ("\x00", "body"),
        ({"name": "plain", "tags": ["a", "b"], "n": 3, "ok": None}, None),
    ],
)
def test_the_first_string_holding_a_nul_is_named(body: object, field: str | None) -> None:
    assert field_with_nul(body) == field


def test_a_body_with_a_nul_is_a_bad_request_naming_the_field() -> None:
    with pytest.raises(BadRequest) as refused:
        refuse_nul_in_body({"description": "x\x00"})
    assert refused.value.details == {"description": "must not contain NUL characters"}
