"""The projector process: one ProjectionRunner per read model, restarted from its tracked position."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import IntegrityError, Mapper, StoredEvent
from eventsourcing.projection import ProjectionRunner

from commands.application import PairsecApplication, ProvenanceMapper
from infra.postgres import eventsourcing_env
from projections.handled_events import HandledTopics, UnhandledEvent
from projections.registry import READ_MODELS

log = logging.getLogger("pairsec.projector")
_TRACKING_REFUSED = "Failed to record tracking"  # eventsourcing's words for a position already passed


def run_projector(database_url: str, stop: threading.Event, pool_size: int = 1) -> None:
    """Run every projection until stop is set; a failing one is logged and restarted.

    Each runner is one thread reading and writing in turn, so one connection per pool is its need;
    more would multiply by the number of read models and crowd the server's max_connections."""
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


class _SkippingMapper(ProvenanceMapper):
    """Decodes only the events its projection handles; the others arrive as UnhandledEvent."""

    handles: Callable[[str], bool] = staticmethod(lambda topic: True)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        if self.handles(stored_event.topic):
            return super().to_domain_event(stored_event)
        return UnhandledEvent(stored_event.originator_id, stored_event.originator_version, stored_event.topic)


def application_for(projection_class: type) -> type[PairsecApplication]:
    """The application a projection's runner reads through: same log, a mapper that skips decoding
    the events the projection ignores (positions still advance: it records them as ignored)."""
    handles = HandledTopics(projection_class)

    class ProjectionApplication(PairsecApplication):
        name = PairsecApplication.name  # the log's name: tracking records are kept under it

        def construct_mapper(self) -> Mapper:
            mapper = self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=_SkippingMapper)
            mapper.handles = handles  # type: ignore[attr-defined]
            return mapper

    return ProjectionApplication


def _run_one(projection_class: type, view_class: type, env: dict[str, str], stop: threading.Event) -> None:
    backoff = 0.5
    application_class = application_for(projection_class)
    while not stop.is_set():
        try:
            with ProjectionRunner(
                application_class=application_class,
                projection_class=projection_class,
                view_class=view_class,
                env=env,
            ) as runner:
                backoff = 0.5
                while not stop.is_set():
                    runner.run_forever(timeout=0.5)
                    if runner.is_interrupted.is_set():
                        break
        except IntegrityError as exc:
            if not str(exc).startswith(_TRACKING_REFUSED):
                log.exception("projection %s failed; restarting in %.1fs", projection_class.name, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            # `pairsec replay` swapped in a rebuilt read model that is already past this event: the
            # event's writes were rolled back with its tracking record; resume from the new position.
            log.info(
                "read model %s was replaced by a replay; resuming from its position", projection_class.name
            )
        except Exception:
            # Loud, then resume from the tracked position: nothing is skipped or applied twice.
            log.exception("projection %s failed; restarting in %.1fs", projection_class.name, backoff)
            stop.wait(backoff)
            backoff = min(backoff * 2, 30.0)
        else:
            if not stop.is_set():
                time.sleep(0.1)
