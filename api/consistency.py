"""Read-your-writes: before answering a write, wait until the read model has applied its events."""

from __future__ import annotations

import logging
import time
from typing import Protocol

log = logging.getLogger("pairsec.api")


class TrackedView(Protocol):
    def wait(self, application_name: str, notification_id: int | None, timeout: float = 1.0) -> None: ...


class ReadYourWrites:
    def __init__(self, views: list[TrackedView], application_name: str, timeout: float) -> None:
        self._views = views
        self._application_name = application_name
        self._timeout = timeout

    def wait(self, position: int | None) -> None:
        """Block until every read model the API reads has reached position (or the timeout passes).

        Each read model follows the log on its own, so all of them are waited for; usually they
        are there already and each check is one indexed read.
        """
        if position is None:
            return
        deadline = time.monotonic() + self._timeout
        for view in self._views:
            try:
                view.wait(self._application_name, position, timeout=max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                log.warning("read models lag behind position %s; is the projector running?", position)
                return
