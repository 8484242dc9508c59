"""The client commands of `pairsec`: login, scan, and reading projects, scans and findings."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from infra.client import config, output
from infra.client.errors import ClientError
from infra.client.gate import SEVERITIES, THRESHOLDS
from infra.client.http import PairsecApi
from infra.client.scan import ScanRequest, project_named, run_scan, write_export

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv", "sarif")
EXPORT_FORMATS = ("json", "csv", "sarif")
SCAN_TYPES = ("full", "sast", "secrets", "dependencies")
ENGINES = ("sast", "secrets", "dependencies")


def connection_options(command: F) -> F:
    """--server/--api-key (from PAIRSEC_SERVER/PAIRSEC_API_KEY in CI), turned into an `api` argument."""

    @click.option("--server", envvar="PAIRSEC_SERVER", show_envvar=True, help="Pairsec server URL.")
    @click.option("--api-key", envvar="PAIRSEC_API_KEY", show_envvar=True, help="API key (X-API-Key).")
    @click.option("--config-home", envvar="XDG_CONFIG_HOME", hidden=True)
    @wraps(command)
    def wrapper(server: str | None, api_key: str | None, config_home: str | None, **kwargs: Any) -> Any:
        with PairsecApi(config.resolve(server, api_key, config_home)) as api:
            return command(api=api, **kwargs)

    return wrapper  # type: ignore[return-value]


@click.command()
@click.option("--server", envvar="PAIRSEC_SERVER", required=True, help="Pairsec server URL.")
@click.option("--email", prompt=True)
@click.option("--password", prompt=True, hide_input=True)
@click.option("--config-home", envvar="XDG_CONFIG_HOME", hidden=True)
def login(server: str, email: str, password: str, config_home: str | None) -> int:
    """Log in and keep the token in ~/.config/pairsec/credentials (mode 0600)."""
    base = config.normalise_server(server)
    with PairsecApi(config.Credentials(base)) as api:
        token = api.post("/auth/login", {"email": email, "password": password})["token"]
    path = config.credentials_path(config_home)
    config.save_login(path, base, token)
    click.echo(f"pairsec: logged in to {base} as {email} (token in {path})")
    return 0


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--project", required=True, help="Project name; created when missing.")
@click.option("--type", "scan_type", type=click.Choice(SCAN_TYPES), default="full", show_default=True)
@click.option("--fail-on", type=click.Choice(THRESHOLDS), default="high", show_default=True)
@click.option("--new-only", is_flag=True, help="Only findings not in the previous scan count.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File for the export.")
@click.option("--timeout", type=click.FloatRange(min=1), default=900, show_default=True, help="Seconds.")
@connection_options
def scan(api: PairsecApi, **options: Any) -> int:
    """Scan a working tree and fail the build on findings at or above --fail-on."""
    request = ScanRequest(**options)
    # When the export goes to stdout, everything else goes to stderr.
    console = Console(stderr=request.fmt != "table" and request.output is None)
    return run_scan(api, request, console)


@click.group()
def projects() -> None:
    """Your projects."""


@projects.command("list")
@connection_options
def list_projects(api: PairsecApi) -> int:
    """List your projects."""
    output.rows(Console(), ("id", "name", "repository_url", "updated_at"), api.pages("/projects"))
    return 0


@click.group()
def scans() -> None:
    """Your scans."""


@scans.command("list")
@click.option("--project", help="Only this project's scans (exact name).")
@connection_options
def list_scans(api: PairsecApi, project: str | None) -> int:
    """List scans, newest first."""
    project_id = None
    if project:
        project_id = project_named(api, project)
        if not project_id:
            raise ClientError(f"no project named {project!r}")
    items = api.pages("/scans", project_id=project_id)
    output.rows(Console(), ("id", "project_id", "scan_type", "status", "created_at", "error"), items)
    return 0


@click.command()
@click.argument("scan_id")
@click.option("--severity", type=click.Choice(SEVERITIES), multiple=True, help="Repeatable.")
@click.option("--engine", type=click.Choice(ENGINES), multiple=True)
@click.option("--new-only", is_flag=True)
@connection_options
def findings(
    api: PairsecApi, scan_id: str, severity: tuple[str, ...], engine: tuple[str, ...], new_only: bool
) -> int:
    """Show a scan's findings grouped by severity."""
    items = api.pages(
        f"/scans/{scan_id}/findings",
        severity=",".join(severity) or None,
        engine=",".join(engine) or None,
        new="true" if new_only else None,
    )
    output.findings_table(Console(), list(items), f"findings of scan {scan_id}")
    return 0


@click.command()
@click.argument("scan_id")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@connection_options
def export(api: PairsecApi, scan_id: str, fmt: str, output: Path | None) -> int:
    """Write a scan's findings as JSON, CSV or SARIF 2.1.0."""
    write_export(api, scan_id, fmt, output)
    return 0


@click.group("api-key")
def api_key() -> None:
    """Your API key (one at a time; a new one replaces the old)."""


@api_key.command("create")
@click.option("--read-only", is_flag=True, help="Scope the key to reads.")
@click.option("--expires-in-days", type=click.IntRange(min=1))
@connection_options
def create_key(api: PairsecApi, read_only: bool, expires_in_days: int | None) -> int:
    """Create an API key and print it (shown once)."""
    body: dict[str, Any] = {"scopes": ["read"] if read_only else ["read", "write"]}
    if expires_in_days:
        body["expires_in_days"] = expires_in_days
    created = api.post("/users/api-key", body)
    click.echo(created["api_key"])
    click.echo("pairsec: store this key now; it is not shown again", err=True)
    return 0


@api_key.command("revoke")
@connection_options
def revoke_key(api: PairsecApi) -> int:
    """Revoke your API key."""
    api.request("DELETE", "/users/api-key")
    click.echo("pairsec: API key revoked")
    return 0


CLIENT_COMMANDS = (login, scan, projects, scans, findings, export, api_key)
