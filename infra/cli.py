"""The `pairsec` command: every server process, the admin tasks, and the CI client.

Server commands import the server stack lazily, so the client commands start fast.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from infra.client.analytics import analytics as analytics_commands
from infra.client.commands import CLIENT_COMMANDS
from infra.client.errors import ClientError

if TYPE_CHECKING:
    from infra.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def _server_command(command: F) -> F:
    """Loads and validates Settings first: a bad PAIRSEC_* value is one line and exit 2."""

    @wraps(command)
    def wrapper(**kwargs: Any) -> int:
        from infra.kafka import BrokerUnavailable
        from infra.logs import configure_logging
        from infra.postgres import DatabaseUnavailable
        from infra.settings import SettingsError, load_settings

        try:
            settings = load_settings()
        except SettingsError as exc:
            click.echo(f"pairsec: configuration error: {exc}", err=True)
            return 2
        configure_logging(settings.log_level)
        try:
            return int(command(settings, **kwargs) or 0)
        except (DatabaseUnavailable, BrokerUnavailable) as exc:
            click.echo(f"pairsec: {exc}", err=True)
            return 2

    return wrapper  # type: ignore[return-value]


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    return stop


def _broker(settings: Settings) -> str:
    from infra.kafka import BrokerUnavailable

    if not settings.kafka_bootstrap:
        raise BrokerUnavailable(
            "PAIRSEC_KAFKA_BOOTSTRAP is not set (only `pairsec serve` starts a broker itself)"
        )
    return settings.kafka_bootstrap


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Pairsec security scanning service: the server processes and the CI client."""


@cli.command(help="run every part on this machine (embedded defaults)")
@_server_command
def serve(settings: Settings) -> int:
    from infra.supervisor import AlreadyRunning, Supervisor

    supervisor = Supervisor(settings)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    signal.signal(signal.SIGINT, supervisor.request_stop)
    try:
        return supervisor.run()
    except AlreadyRunning as exc:
        click.echo(f"pairsec: {exc}", err=True)
        return 1


@cli.command(help="run the HTTP API under gunicorn")
@click.option("--workers", type=int, help="gunicorn worker processes")
@click.option("--port", type=int, help="port to listen on")
@click.option("--no-migrate", is_flag=True, help="do not create the schema first")
@_server_command
def api(settings: Settings, workers: int | None, port: int | None, no_migrate: bool) -> int:
    from infra.bootstrap import migrate, resolve_database_url
    from infra.web import PairsecWebServer

    if workers:
        settings = settings.with_overrides(web_workers=workers)
    if port is not None:
        settings = settings.with_overrides(port=port)
    database_url = resolve_database_url(settings)
    if not no_migrate:
        migrate(database_url, settings)
    PairsecWebServer(settings, database_url).run()
    return 0


@cli.command(help="run the read-model projections")
@_server_command
def projector(settings: Settings) -> int:
    from infra.bootstrap import resolve_database_url
    from infra.projector import run_projector

    run_projector(resolve_database_url(settings), _stop_on_signals())
    return 0


@cli.command(help="publish scan jobs to Kafka and re-dispatch stuck scans")
@_server_command
def relay(settings: Settings) -> int:
    from infra.bootstrap import resolve_database_url
    from infra.relay import run_relay

    run_relay(settings, resolve_database_url(settings), _broker(settings), _stop_on_signals())
    return 0


@cli.command(help="deliver webhooks (follows the event store; retries with backoff)")
@_server_command
def webhooks(settings: Settings) -> int:
    from infra.bootstrap import resolve_database_url
    from infra.webhook_sender import run_webhooks

    run_webhooks(settings, resolve_database_url(settings), _stop_on_signals())
    return 0


@cli.command(help="run scan jobs from Kafka")
@click.option("--concurrency", type=int, help="scans at once in this process")
@_server_command
def worker(settings: Settings, concurrency: int | None) -> int:
    from infra.bootstrap import build_container, resolve_database_url
    from infra.scanning import build_scan_runner
    from infra.worker_process import run_worker

    container = build_container(settings, resolve_database_url(settings))
    runner = build_scan_runner(container)
    try:
        run_worker(
            settings,
            runner,
            _broker(settings),
            _stop_on_signals(),
            concurrency or settings.worker_concurrency,
        )
    finally:
        container.close()
    return 0


@cli.group(help="manage the advisory database")
def advisories() -> None:
    pass


@advisories.command("import", help="load OSV JSON files from a folder or zip")
@click.argument("path")
@_server_command
def import_advisories(settings: Settings, path: str) -> int:
    from infra.advisory_store import PostgresAdvisoryStore
    from infra.bootstrap import datastore_for, migrate, resolve_database_url

    source = Path(path)
    if not source.exists():
        click.echo(f"pairsec: {source} does not exist", err=True)
        return 2
    database_url = resolve_database_url(settings)
    migrate(database_url, settings)
    datastore = datastore_for(database_url, 1)
    try:
        report = PostgresAdvisoryStore(datastore).import_path(source)
    except ValueError as exc:
        click.echo(f"pairsec: {exc}", err=True)
        return 2
    finally:
        datastore.close()
    click.echo(f"pairsec: imported {report.advisories} advisories ({report.package_entries} package entries)")
    for line in report.skipped[:50]:
        click.echo(f"  skipped {line}")
    if len(report.skipped) > 50:
        click.echo(f"  ... and {len(report.skipped) - 50} more skipped")
    return 0 if report.advisories or not report.skipped else 1


@cli.command(help="rebuild read models from the event store, compare with the live ones, swap them in")
@click.option("--verify", is_flag=True, help="only compare; exit 1 with a diff when they differ")
@click.option("--view", "views", multiple=True, metavar="NAME", help="only this read model (repeatable)")
@_server_command
def replay(settings: Settings, verify: bool, views: tuple[str, ...]) -> int:
    from infra.bootstrap import resolve_database_url
    from infra.replay_command import run_replay

    return run_replay(resolve_database_url(settings), views, verify)


@cli.command("migrate", help="create or update the database schema")
@_server_command
def migrate_schema(settings: Settings) -> int:
    from infra.bootstrap import migrate, resolve_database_url

    migrate(resolve_database_url(settings), settings)
    click.echo("pairsec: schema is up to date")
    return 0


for _command in CLIENT_COMMANDS:
    cli.add_command(_command)
cli.add_command(analytics_commands)


def main(argv: list[str] | None = None) -> int:
    """Runs one command and returns its exit code: 2 for usage, network or server errors."""
    try:
        result = cli.main(args=argv, prog_name="pairsec", standalone_mode=False)
    except ClientError as exc:
        click.echo(f"pairsec: {exc}", err=True)
        return 2
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
