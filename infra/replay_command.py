"""What `pairsec replay` prints: a progress bar with events/s and ETA, then what differed or changed."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from infra.replay import Replay, ReplayError, select_read_models


class EventsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} events/s" if speed else "- events/s", style="progress.data.speed")


def run_replay(database_url: str, views: Sequence[str], verify: bool) -> int:
    """0 when done (or, verifying, when equal); 1 when verifying finds differences; 2 on a usage error."""
    console = Console(stderr=True)
    try:
        read_models = select_read_models(views)
    except ReplayError as exc:
        console.print(f"pairsec: {exc}")
        return 2
    replay = Replay(database_url, read_models)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        EventsPerSecond(),
        TimeRemainingColumn(),
    )
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("verifying" if verify else "replaying", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            report = replay.run(verify=verify, progress=advance)
    except ReplayError as exc:
        console.print(f"pairsec: {exc}")
        return 2
    finally:
        replay.close()
    out = sys.stdout
    print(
        f"pairsec: replayed {report.events:,} events into {', '.join(report.read_models)} "
        f"in {report.seconds:.1f} s ({report.rate:,.0f} events/s), up to position {report.position}",
        file=out,
    )
    for name in report.read_models:
        if name in report.differences:
            print(report.differences[name], file=out)
        else:
            print(f'read model "{name}": identical to the live one', file=out)
    if verify:
        return 1 if report.differences else 0
    if report.replaced:
        print(f"pairsec: swapped in the rebuilt {', '.join(report.replaced)}", file=out)
    return 0
