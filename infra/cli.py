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

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run_projector(resolve_database_url(settings), stop)
    return 0


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
