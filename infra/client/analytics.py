"""`pairsec analytics export`: the finding analytics of GET /analytics/findings, written to a file or stdout.

A client command like `pairsec export`: it takes the endpoint's options one for one and streams the
server's answer (JSON envelope, CSV or parquet) unchanged.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import click

from infra.client.commands import connection_options
from infra.client.errors import ClientError
from infra.client.http import PairsecApi
from infra.client.scan import project_named

GROUPS = ("project", "severity", "rule_id", "cwe", "engine")
INTERVALS = ("day", "week", "month")
FORMATS = ("json", "csv", "parquet")
REPORTS = ("timeseries", "time_to_fix", "top_rules", "top_cwes")


def _project_id(api: PairsecApi, project: str) -> str:
    """A project given by id or by exact name."""
    try:
        return str(uuid.UUID(project))
    except ValueError:
        found = project_named(api, project)
        if not found:
            raise ClientError(f"no project named {project!r}") from None
        return found


def _group_by(values: tuple[str, ...]) -> str | None:
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in GROUPS]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not one of {', '.join(GROUPS)}", param_hint="--group-by")
    return ",".join(dict.fromkeys(names)) or None


@click.group()
def analytics() -> None:
    """Finding analytics across your projects."""


@analytics.command("export")
@click.option("--group-by", multiple=True, help=f"Comma-separated or repeated: {', '.join(GROUPS)}.")
@click.option("--interval", type=click.Choice(INTERVALS), default="week", show_default=True)
@click.option("--from", "start", help="ISO-8601 time or date (default: 90 days before --to).")
@click.option("--to", "end", help="ISO-8601 time or date (default: now).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("--project", "projects", multiple=True, help="Only this project (id or name); repeatable.")
@click.option("--report", type=click.Choice(REPORTS), help="One table (CSV and parquet: default timeseries).")
@click.option("--top", type=click.IntRange(1, 100), help="How many top rules and CWEs (default 10).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@connection_options
def export_analytics(
    api: PairsecApi,
    group_by: tuple[str, ...],
    projects: tuple[str, ...],
    output: Path | None,
    **options: str | int | None,
) -> int:
    """Open, new, fixed and triaged findings over time, time to fix, top rules and CWEs."""
    params = {
        "group_by": _group_by(group_by),
        "interval": options["interval"],
        "from": options["start"],
        "to": options["end"],
        "format": options["fmt"],
        "report": options["report"],
        "top": options["top"],
        "project_id": ",".join(_project_id(api, project) for project in projects) or None,
    }
    if output is None:
        api.download("/analytics/findings", sys.stdout.buffer, **params)
        sys.stdout.buffer.flush()
        return 0
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("wb") as sink:
            api.download("/analytics/findings", sink, **params)
        partial.replace(output)
    except OSError as exc:
        raise ClientError(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return 0
