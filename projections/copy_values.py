"""Values written with COPY in the text format, made faster than psycopg adapts the general case.

A list bound for a text[] column costs psycopg several microseconds a row; the array literal is
cheap to make, and rows of one scan repeat the same few lists. A name-based (version 5) UUID made
from sha1 directly skips building a uuid.UUID only to print it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol


def text_array(values: Iterable[Any] | None) -> str:
    """The PostgreSQL array literal of `values` (None elements are NULL, others their str)."""
    return _text_array(tuple(values or ()))


@lru_cache(maxsize=4096)
def _text_array(values: tuple[Any, ...]) -> str:
    items = (
        "NULL" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values
    )
    return "{" + ",".join(items) + "}"


def uuid5_hex(namespace: uuid.UUID, name: str) -> str:
    """uuid.uuid5(namespace, name).hex, computed without the UUID object."""
    digest = bytearray(
        hashlib.sha1(namespace.bytes + name.encode("utf-8"), usedforsecurity=False).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return digest.hex()


def copy_line(values: Sequence[str | None]) -> str:
    """One line of COPY text format: values joined by tabs, None as NULL, special characters escaped.
    Joining strings is much cheaper than psycopg's write_row, so bulk loads build their big tables so."""
    try:
        line = "\t".join(values)  # type: ignore[arg-type]
    except TypeError:  # a None among them
        line = ""
    else:
        if line.count("\t") == len(values) - 1 and not ("\\" in line or "\n" in line or "\r" in line):
            return line + "\n"
    return "\t".join("\\N" if v is None else v.translate(_COPY_ESCAPES) for v in values) + "\n"


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_row(values: Sequence[Any]) -> str:
    """copy_line of any values: ids as hex, times in ISO 8601, lists as arrays, dicts as JSON."""
    return copy_line(tuple(v if v is None or type(v) is str else _text(v) for v in values))


def _text(value: Any) -> str:
    convert = _TEXT.get(type(value))
    if convert is None:
        raise TypeError(f"no COPY text for a {type(value).__name__}")
    return convert(value)


_TEXT: dict[type, Callable[[Any], str]] = {
    bool: lambda v: "t" if v else "f", int: str, uuid.UUID: lambda v: v.hex,
    datetime: datetime.isoformat, list: text_array, tuple: text_array, dict: json.dumps,
}  # fmt: skip


class RowSink(Protocol):
    """Where a bulk load's rows go (infra/replay_bulk.py writes them while the load goes on)."""

    def copy(self, table: str, columns: Sequence[str], lines: list[str]) -> None:
        """COPY these lines (copy_line's) into the table; the list is the sink's from now on."""

    def execute(self, statement: str, params: tuple[Any, ...]) -> None:
        """Run a statement after the rows handed over before it."""
