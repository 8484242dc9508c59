"""Reading a JSON request body: content type, size, encoding, syntax, then its schema."""

from __future__ import annotations

import json
from typing import Any

import falcon
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from api.errors import PayloadTooLarge, UnsupportedMediaType
from api.input_guard import refuse_nul_in_body
from domain.errors import BadRequest

_VALIDATORS: dict[int, Draft202012Validator] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    key = id(schema)
    validator = _VALIDATORS.get(key)
    if validator is None:
        # Formats are checked too: a malformed "format": "uuid" id is a 400, not a crash further on.
        validator = _VALIDATORS[key] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    return validator


def read_raw_json(req: falcon.Request, max_bytes: int, *, optional: bool = False) -> Any:
    """The parsed JSON body, or a 4xx naming what is wrong with it."""
    length = req.content_length
    if length is None and req.get_header("Transfer-Encoding"):
        # A chunked body would otherwise be read as empty, and an optional one silently ignored.
        raise falcon.HTTPLengthRequired(
            title="request body needs a Content-Length",
            description="send the JSON body with a Content-Length header (chunked transfer is not accepted)",
        )
    if optional and not length:
        return {}
    content_type = (req.content_type or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType("request body must be JSON", {"content_type": "must be application/json"})
    if length is not None and length > max_bytes:
        raise PayloadTooLarge(f"request body is larger than {max_bytes} bytes")
    raw = req.bounded_stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise PayloadTooLarge(f"request body is larger than {max_bytes} bytes")
    if not raw.strip():
        if optional:
            return {}
        raise BadRequest("request body is empty", {"body": "must be a JSON object"})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("request body is not valid UTF-8", {"body": "must be UTF-8 encoded JSON"}) from None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequest(
            "request body is not valid JSON", {"body": f"{exc.msg} at line {exc.lineno} column {exc.colno}"}
        ) from None
    except RecursionError:
        raise BadRequest("request body is nested too deeply", {"body": "nesting is too deep"}) from None
    refuse_nul_in_body(parsed)
    return parsed


def read_json(req: falcon.Request, schema: dict[str, Any], max_bytes: int, *, optional: bool = False) -> dict:
    """The body parsed and validated against schema; errors name each offending field."""
    body = read_raw_json(req, max_bytes, optional=optional)
    errors = sorted(_validator(schema).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        details: dict[str, str] = {}
        for error in errors:
            for field, reason in _describe(error, schema):
                details.setdefault(field, reason)
        raise BadRequest("request body is invalid", details)
    return body


def _describe(error: ValidationError, schema: dict[str, Any]) -> list[tuple[str, str]]:
    path = ".".join(str(p) for p in error.absolute_path)
    kind = error.validator
    instance = error.instance
    if kind == "type" and not path:
        return [("body", "must be a JSON object")]
    if kind == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return [(_join(path, name), "is required") for name in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [(_join(path, name), "is not a known field") for name in instance if name not in known]
    reasons = {
        "type": lambda: f"must be {_type_words(error.validator_value)}",
        "maxLength": lambda: f"must be at most {error.validator_value} characters",
        "minLength": lambda: f"must be at least {error.validator_value} characters",
        "enum": lambda: "must be one of " + ", ".join(json.dumps(v) for v in error.validator_value),
        "minimum": lambda: f"must be at least {error.validator_value}",
        "maximum": lambda: f"must be at most {error.validator_value}",
        "minItems": lambda: f"must have at least {error.validator_value} items",
        "maxItems": lambda: f"must have at most {error.validator_value} items",
        "uniqueItems": lambda: "must not repeat items",
        "pattern": lambda: "has an invalid format",
        "format": lambda: f"must be a valid {error.validator_value}",
    }
    reason = reasons.get(str(kind), lambda: "is invalid")()
    return [(path or "body", reason)]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _type_words(expected: object) -> str:
    names = expected if isinstance(expected, list) else [expected]
    words = {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "a boolean",
        "object": "an object",
        "array": "an array",
        "null": "null",
    }
    return " or ".join(words.get(str(n), str(n)) for n in names)
