"""Read-your-writes: before answering a write, wait until the read model has applied its events."""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger("pairsec.api")


class TrackedView(Protocol):
    def wait(self, application_name: str, notification_id: int | None, timeout: float = 1.0) -> None: ...


class ReadYourWrites:
    def __init__(self, view: TrackedView, application_name: str, timeout: float) -> None:
        self._view = view
        self._application_name = application_name
        self._timeout = timeout

    def wait(self, position: int | None) -> None:
        """Block until the projections reach position (or the timeout passes, which is logged)."""
        if position is None:
            return
        try:
            self._view.wait(self._application_name, position, timeout=self._timeout)
        except TimeoutError:
            log.warning("read models lag behind position %s; is the projector running?", position)
