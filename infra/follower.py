"""A long-running follower of the event store (relay, webhook sender): one projection runner, restarted
from its tracked position with backoff whenever the database goes away or the projection fails."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from eventsourcing.projection import ProjectionRunner

from commands.application import PairsecApplication


def follow_with_restarts(
    projection_class: type,
    view_class: type,
    env: dict[str, str],
    stop: threading.Event,
    work: Callable[[ProjectionRunner], None],
    log: logging.Logger,
    name: str,
) -> None:
    """Run work(runner) until stop is set; nothing is skipped or applied twice across restarts."""
    backoff = 0.5
    while not stop.is_set():
        try:
            with ProjectionRunner(
                application_class=PairsecApplication,
                projection_class=projection_class,
                view_class=view_class,
                env=env,
            ) as runner:
                backoff = 0.5
                work(runner)
        except Exception:
            # The database went away (or the projection failed): resume from the tracked position.
            log.exception("%s interrupted; resuming in %.1fs", name, backoff)
            stop.wait(backoff)
            backoff = min(backoff * 2, 10.0)
