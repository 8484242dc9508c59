"""Log lines written while a request or job is in progress carry its request id and actor."""

from __future__ import annotations

import io
import json
import logging

from commands.provenance import acting_as
from infra.logs import JsonFormatter, ProvenanceFilter


def _logger() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ProvenanceFilter())
    logger = logging.getLogger("pairsec.test.provenance")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, stream


def test_a_line_logged_inside_a_job_names_its_request_and_actor() -> None:
    logger, stream = _logger()
    with acting_as("worker:host:1", request_id="job-42"):
        logger.info("cloning")
    logger.info("idle")
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (inside["request_id"], inside["actor"]) == ("job-42", "worker:host:1")
    assert "request_id" not in outside and "actor" not in outside


def test_a_line_that_names_its_own_request_id_keeps_it() -> None:
    logger, stream = _logger()
    with acting_as("user:u", request_id="req-1"):
        logger.info("request", extra={"request_id": "req-explicit"})
    assert json.loads(stream.getvalue())["request_id"] == "req-explicit"
