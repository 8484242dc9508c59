"""The `pairsec` command: every server process, and the admin tasks."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from infra.bootstrap import migrate, resolve_database_url
from infra.kafka import BrokerUnavailable
from infra.logs import configure_logging
from infra.postgres import DatabaseUnavailable
from infra.settings import Settings, SettingsError, load_settings

log = logging.getLogger("pairsec")


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from infra.supervisor import AlreadyRunning, Supervisor

    supervisor = Supervisor(settings)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    signal.signal(signal.SIGINT, supervisor.request_stop)
    try:
        return supervisor.run()
    except AlreadyRunning as exc:
        print(f"pairsec: {exc}", file=sys.stderr)
        return 1


def _api(settings: Settings, args: argparse.Namespace) -> int:
    from infra.web import PairsecWebServer

    if args.workers:
        settings = settings.with_overrides(web_workers=args.workers)
    if args.port is not None:
        settings = settings.with_overrides(port=args.port)
    database_url = resolve_database_url(settings)
    if not args.no_migrate:
        migrate(database_url, settings)
    PairsecWebServer(settings, database_url).run()
    return 0


def _projector(settings: Settings, args: argparse.Namespace) -> int:
    from infra.projector import run_projector

    run_projector(resolve_database_url(settings), _stop_on_signals())
    return 0


def _broker(settings: Settings) -> str:
    if not settings.kafka_bootstrap:
        raise BrokerUnavailable(
            "PAIRSEC_KAFKA_BOOTSTRAP is not set (only `pairsec serve` starts a broker itself)"
        )
    return settings.kafka_bootstrap


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    return stop


def _relay(settings: Settings, args: argparse.Namespace) -> int:
    from infra.relay import run_relay

    run_relay(settings, resolve_database_url(settings), _broker(settings), _stop_on_signals())
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from infra.bootstrap import build_container
    from infra.scanning import build_scan_runner
    from infra.worker_process import run_worker

    container = build_container(settings, resolve_database_url(settings))
    runner = build_scan_runner(container)
    concurrency = args.concurrency or settings.worker_concurrency
    try:
        run_worker(settings, runner, _broker(settings), _stop_on_signals(), concurrency)
    finally:
        container.close()
    return 0


def _advisories(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from infra.advisory_store import PostgresAdvisoryStore
    from infra.bootstrap import datastore_for

    path = Path(args.path)
    if not path.exists():
        print(f"pairsec: {path} does not exist", file=sys.stderr)
        return 2
    database_url = resolve_database_url(settings)
    migrate(database_url, settings)
    datastore = datastore_for(database_url, 1)
    try:
        report = PostgresAdvisoryStore(datastore).import_path(path)
    except ValueError as exc:
        print(f"pairsec: {exc}", file=sys.stderr)
        return 2
    finally:
        datastore.close()
    print(f"pairsec: imported {report.advisories} advisories ({report.package_entries} package entries)")
    for line in report.skipped[:50]:
        print(f"  skipped {line}")
    if len(report.skipped) > 50:
        print(f"  ... and {len(report.skipped) - 50} more skipped")
    return 0 if report.advisories or not report.skipped else 1


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    migrate(resolve_database_url(settings), settings)
    print("pairsec: schema is up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pairsec", description="Pairsec security scanning service")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="run every part on this machine (embedded defaults)").set_defaults(
        run=_serve
    )
    api = commands.add_parser("api", help="run the HTTP API under gunicorn")
    api.add_argument("--workers", type=int, help="gunicorn worker processes")
    api.add_argument("--port", type=int, help="port to listen on")
    api.add_argument("--no-migrate", action="store_true", help="do not create the schema first")
    api.set_defaults(run=_api)
    commands.add_parser("projector", help="run the read-model projections").set_defaults(run=_projector)
    commands.add_parser("relay", help="publish scan jobs to Kafka and re-dispatch stuck scans").set_defaults(
        run=_relay
    )
    worker = commands.add_parser("worker", help="run scan jobs from Kafka")
    worker.add_argument("--concurrency", type=int, help="scans at once in this process")
    worker.set_defaults(run=_worker)
    advisories = commands.add_parser("advisories", help="manage the advisory database")
    advisory_commands = advisories.add_subparsers(dest="advisories_command", required=True, metavar="COMMAND")
    importer = advisory_commands.add_parser("import", help="load OSV JSON files from a folder or zip")
    importer.add_argument("path", help="folder or .zip of OSV JSON records (as osv.dev publishes them)")
    importer.set_defaults(run=_advisories)
    commands.add_parser("migrate", help="create or update the database schema").set_defaults(run=_migrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"pairsec: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        return int(args.run(settings, args) or 0)
    except (DatabaseUnavailable, BrokerUnavailable) as exc:
        print(f"pairsec: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
