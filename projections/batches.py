"""Applying a batch of events set-based: rounds of events that commute, split by barriers.

Events of different aggregates that touch disjoint rows commute, so a batch can be regrouped into
rounds: round k holds the k-th event of each aggregate in the batch (their order kept within each
aggregate), and a round is written with one statement per event type instead of one per event.
An event that touches many aggregates' rows (a project deletion) is a barrier: the rounds before
it are written, then it alone, then the rounds after it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Tracking
from psycopg import Cursor

Item = tuple[Any, Tracking]


@dataclass(frozen=True)
class Barrier:
    """An event to apply on its own, after everything before it and before everything after it."""

    item: Item


def rounds(
    items: Sequence[Item], key: Callable[[Any], Hashable | None], is_barrier: Callable[[Any], bool]
) -> Iterator[list[Item] | Barrier]:
    """The batch as rounds (lists in which no two events share a key) and barriers, in an order
    that keeps every key's events in theirs. Events whose key is None write nothing and are left out."""
    pending: list[list[Item]] = []
    seen: dict[Hashable, int] = {}
    for item in items:
        event = item[0]
        if is_barrier(event):
            yield from pending
            pending, seen = [], {}
            yield Barrier(item)
            continue
        name = key(event)
        if name is None:
            continue
        index = seen.get(name, 0)
        seen[name] = index + 1
        if index == len(pending):
            pending.append([])
        pending[index].append(item)
    yield from pending


def by_type(round_items: list[Item]) -> dict[type, list[Any]]:
    """A round's events grouped by their class (a round's events commute, so any order will do)."""
    groups: dict[type, list[Any]] = {}
    for event, _ in round_items:
        groups.setdefault(type(event), []).append(event)
    return groups


def write_in_rounds(
    projection: Any,
    items: list[Item],
    key_for: Callable[[Cursor[Any], list[Item]], Callable[[Any], Hashable | None]],
    is_barrier: Callable[[Any], bool],
    write_round: Callable[[Cursor[Any], list[Item]], None],
) -> None:
    """Write a batch to a projection's read model in one transaction: its rounds by write_round, its
    barriers by the projection's per-event handler, and the batch's last position as tracked.
    key_for(cursor, items) gives the key of an event (it may read what the batch's events refer to)."""
    if not items:
        return
    with projection.view.transaction() as curs:
        for part in rounds(items, key_for(curs, items), is_barrier):
            if isinstance(part, Barrier):
                projection.process_event(*part.item)
            else:
                write_round(curs, part)
        projection.view._insert_tracking(curs, items[-1][1])
