"""What bulk loads and the fast decoder write and read: the same values as the slow, general paths."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from commands.transcoder import FastDecodingTranscoder
from projections.copy_values import copy_line, copy_row, text_array, uuid5_hex
from projections.scans_bulk import _milliseconds


def _transcoders() -> tuple[JSONTranscoder, JSONTranscoder]:
    fast, standard = FastDecodingTranscoder(), JSONTranscoder()
    for transcoder in (fast, standard):
        Application.register_transcodings(None, transcoder)  # type: ignore[arg-type]
    return fast, standard


@pytest.mark.parametrize(
    "state",
    [
        {"timestamp": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "findings": [{"cwe": ["CWE-1"]}]},
        {"project_id": uuid.uuid4(), "nested": {"at": datetime(2026, 1, 1, tzinfo=UTC), "n": [uuid.uuid4()]}},
        {"amount": Decimal("1.50"), "text": 'a "_type_" in a string', "list": [1, 2.5, None, True]},
        {"_type_": "not a custom type", "extra": 1},
        {"ratio": math.inf, "big": 2**70},  # orjson refuses both: the standard decoder takes them
        {},
    ],
)
def test_fast_decoding_gives_what_the_standard_decoder_gives(state: dict) -> None:
    fast, standard = _transcoders()
    encoded = standard.encode(state)
    assert fast.decode(encoded) == standard.decode(encoded) == state


def test_uuid5_hex_is_uuid5() -> None:
    namespace = uuid.uuid4()
    for name in ("", "scan:fingerprint", "ünïcode ✓", "x" * 500):
        assert uuid5_hex(namespace, name) == uuid.uuid5(namespace, name).hex


def test_text_arrays_quote_and_escape_every_element() -> None:
    assert text_array(None) == text_array([]) == "{}"
    assert text_array(["CWE-89", 'a "quoted" one', "back\\slash", None, 7]) == (
        '{"CWE-89","a \\"quoted\\" one","back\\\\slash",NULL,"7"}'
    )


def test_copy_lines_escape_what_copy_text_format_needs() -> None:
    assert copy_line(("a", "b")) == "a\tb\n"
    assert copy_line(("tab\there", "new\nline", "cr\rx", "back\\slash", None)) == (
        "tab\\there\tnew\\nline\tcr\\rx\tback\\\\slash\t\\N\n"
    )
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert copy_row((None, 1, True, uuid.UUID(int=1), at, ["x"], {"k": "v"})) == (
        '\\N\t1\tt\t00000000000000000000000000000001\t2026-01-01T00:00:00+00:00\t{"x"}\t{"k": "v"}\n'
    )
    with pytest.raises(TypeError, match="no COPY text for a float"):
        copy_row((1.5,))


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        (timedelta(microseconds=1500), 2),  # half a millisecond rounds away from zero, as ::bigint does
        (timedelta(microseconds=1499), 1),
        (timedelta(microseconds=-1500), -2),
        (timedelta(days=1, seconds=3, microseconds=250), 86_403_000),
        (timedelta(0), 0),
    ],
)
def test_durations_round_like_postgresql(elapsed: timedelta, expected: int) -> None:
    assert _milliseconds(elapsed) == expected
