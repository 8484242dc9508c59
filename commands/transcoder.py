"""Event state to and from JSON: eventsourcing's format, decoded with orjson.

Encoding is eventsourcing's JSONTranscoder unchanged (custom types as {"_type_": name, "_data_": ...}).
Decoding gives the same objects, faster: orjson parses, and only the values that are custom types are
converted. Events keep their custom types (times, ids) at the top level, so the rest of the state,
a scan's findings above all, is not walked: a walk happens only when the bytes hold more "_type_"
keys than the top level had. Anything orjson refuses (NaN, integers beyond 64 bits) is decoded by
the standard library as before.
"""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder

_TYPE_KEY = b'"_type_"'


class FastDecodingTranscoder(JSONTranscoder):
    def decode(self, data: bytes) -> Any:
        try:
            state = orjson.loads(data)
        except orjson.JSONDecodeError:
            return super().decode(data)
        if type(state) is not dict:
            return self._walk(state)
        custom = [
            key
            for key, value in state.items()
            if type(value) is dict and len(value) == 2 and "_type_" in value and "_data_" in value
            and not isinstance(value["_data_"], (dict, list))
        ]
        if bytes(data).count(_TYPE_KEY) != len(custom):
            return self._walk(state)
        for key in custom:
            state[key] = self._decode_obj(state[key])
        return self._decode_obj(state)

    def _walk(self, value: Any) -> Any:
        """What the standard decoder's object hook makes of a parsed value: innermost objects first."""
        if type(value) is dict:
            return self._decode_obj({key: self._walk(item) for key, item in value.items()})
        if type(value) is list:
            return [self._walk(item) for item in value]
        return value
