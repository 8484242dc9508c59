"""The projector process: one ProjectionRunner per read model, restarted from its tracked position."""

from __future__ import annotations

import logging
import threading
import time

from eventsourcing.projection import ProjectionRunner

from commands.application import PairsecApplication
from infra.postgres import eventsourcing_env
from projections.registry import READ_MODELS

log = logging.getLogger("pairsec.projector")


def run_projector(database_url: str, stop: threading.Event, pool_size: int = 2) -> None:
    """Run every projection until stop is set; a failing one is logged and restarted."""
    env = eventsourcing_env(database_url, pool_size=pool_size)
    threads = [
        threading.Thread(
            target=_run_one, args=(projection_class, view_class, env, stop), name=projection_class.name
        )
        for projection_class, view_class in READ_MODELS
    ]
    for thread in threads:
        thread.start()
    log.info("projector ready", extra={"read_models": [p.name for p, _ in READ_MODELS]})
    for thread in threads:
        thread.join()


def _run_one(projection_class: type, view_class: type, env: dict[str, str], stop: threading.Event) -> None:
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
                while not stop.is_set():
                    runner.run_forever(timeout=0.5)
                    if runner.is_interrupted.is_set():
                        break
        except Exception:
            # Loud, then resume from the tracked position: nothing is skipped or applied twice.
            log.exception("projection %s failed; restarting in %.1fs", projection_class.name, backoff)
            stop.wait(backoff)
            backoff = min(backoff * 2, 30.0)
        else:
            if not stop.is_set():
                time.sleep(0.1)
