"""Failures an engine reports to the worker, each with a message a user or operator can act on."""

from __future__ import annotations


class EngineError(Exception):
    """An engine could not produce findings for a scan.

    `retryable` tells the worker whether running the same job again may succeed (the engine is
    missing or crashed on this host) or not (the input itself is the problem: too big, too slow).
    """

    retryable = False


class EngineUnavailable(EngineError):
    """The engine's program is not installed or cannot be started on this worker."""

    retryable = True


class EngineTimeout(EngineError):
    """The engine ran longer than the scan's time budget and was stopped."""


class EngineCancelled(EngineError):
    """The scan was cancelled, superseded or ran out of time while the engine was working."""


class EngineFailed(EngineError):
    """The engine ran but reported a fatal error (bad rule, bad configuration, crash)."""


class EngineRulesRejected(EngineFailed):
    """semgrep refused the rules it was given (bad YAML, unknown keys, patterns that do not parse)."""

    def __init__(self, detail: str) -> None:
        super().__init__("semgrep rejected the scan: " + detail)
        self.detail = detail
