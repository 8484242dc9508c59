"""The one error the client shows: a single line on stderr, then exit 2."""

from __future__ import annotations

import json
from typing import Any


class ClientError(Exception):
    """Usage, network or server trouble; the message is the whole line the user sees."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _details(details: Any) -> str:
    if isinstance(details, dict):
        return "; ".join(f"{key}: {_details(value)}" for key, value in details.items())
    if isinstance(details, list):
        return "; ".join(_details(item) for item in details)
    return str(details)


def envelope_message(status: int, body: bytes) -> str:
    """The server's error envelope `{error, details?}` as one line; a bare status when it is not one."""
    try:
        envelope = json.loads(body)
    except ValueError:
        envelope = None
    if isinstance(envelope, dict) and envelope.get("error"):
        message = str(envelope["error"])
        if envelope.get("details") not in (None, "", {}, []):
            message = f"{message} ({_details(envelope['details'])})"
    else:
        message = f"the server answered HTTP {status}"
    if status == 401:
        message += " - check PAIRSEC_API_KEY or run `pairsec login`"
    return _one_line(message)


def unreachable(url: str, reason: str) -> ClientError:
    """`cannot reach URL: connection refused` from an exception text like `[Errno 111] Connection refused`."""
    text = reason.split("] ", 1)[1] if reason.startswith("[Errno") and "] " in reason else reason
    text = _one_line(text) or "no answer"
    return ClientError(f"cannot reach {url}: {text[0].lower()}{text[1:]}")
