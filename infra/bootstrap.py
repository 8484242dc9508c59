"""The composition root: builds the application, read models, services and the API from Settings."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import falcon
from eventsourcing.postgres import PostgresDatastore
from psycopg.conninfo import conninfo_to_dict

from api.app import ApiDependencies, create_app
from api.consistency import ReadYourWrites
from api.tokens import JwtTokens
from commands.accounts import Accounts
from commands.application import PairsecApplication
from commands.audit import AuditTrail
from commands.passwords import Argon2idPasswordHasher
from commands.projects import Projects
from commands.scans import Scans
from commands.time_travel import TimeTravel
from commands.triage import TriageCommands
from commands.webhooks import WebhookCommands
from domain.repository_url import parse_repository_url
from infra.advisory_store import PostgresAdvisoryStore
from infra.health import HealthCheck
from infra.leases import PostgresLeaseStore
from infra.login_throttle import PostgresLoginThrottle
from infra.postgres import EmbeddedPostgres, eventsourcing_env
from infra.settings import Settings
from infra.uploads import PostgresUploadStore
from infra.webhook_secrets import PostgresWebhookSecretStore, sealing_key
from projections.analytics_queries import AnalyticsQueries
from projections.dispatches import DispatchesProjection, DispatchesView
from projections.finding_identities import FindingIdentitiesProjection, FindingIdentitiesView
from projections.finding_identity_queries import FindingIdentityQueries
from projections.findings import FindingQueries
from projections.projects import ProjectsView
from projections.read_model import ReadModelView
from projections.registry import READ_MODELS, tracking_table
from projections.scans import ScansView
from projections.triage import TriageView
from projections.users import UsersView
from projections.webhook_deliveries import WebhookOutboxView
from projections.webhook_outbox import WebhookOutboxProjection
from projections.webhooks import WebhooksProjection, WebhooksView

log = logging.getLogger("pairsec")


def resolve_database_url(settings: Settings) -> str:
    """The configured database, or the embedded server under PAIRSEC_HOME (started if needed)."""
    if settings.database_url:
        return settings.database_url
    return EmbeddedPostgres(settings.home).start()


def jwt_secret(settings: Settings) -> str:
    """PAIRSEC_JWT_SECRET, or a secret generated once and kept in PAIRSEC_HOME with mode 0600."""
    if settings.jwt_secret:
        return settings.jwt_secret
    path = settings.home / "jwt-secret"
    settings.home.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    value = path.read_text().strip()
    if len(value) < 32:
        raise RuntimeError(f"{path} holds no usable JWT secret; delete it to generate a new one")
    return value


def repository_url_check(settings: Settings) -> Callable[[str], str]:
    def check(raw: str) -> str:
        parsed = parse_repository_url(
            raw, settings.local_repo_roots, allow_private_networks=settings.allow_private_networks
        )
        return parsed.url

    return check


def datastore_for(database_url: str, pool_size: int) -> PostgresDatastore:
    env = eventsourcing_env(database_url, pool_size=pool_size)
    parts = conninfo_to_dict(database_url)
    return PostgresDatastore(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=str(parts.get("password", "")),
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        connect_timeout=10,
        pre_ping=False,
    )


def view_for(view_class: type[ReadModelView], projection_name: str, datastore: PostgresDatastore) -> Any:
    return view_class(datastore=datastore, tracking_table_name=projection_name.lower() + "_tracking")


def migrate(database_url: str, settings: Settings) -> None:
    """Create every table Pairsec needs; safe to run again and from a fresh database."""
    app = PairsecApplication(env=eventsourcing_env(database_url, pool_size=1, create_table=True))
    app.close()
    datastore = datastore_for(database_url, pool_size=1)
    try:
        for projection_class, view_class in READ_MODELS:
            view_for(view_class, projection_class.name, datastore).create_table()
        PostgresLoginThrottle(datastore, 1, 1, 1).create_table()
        PostgresUploadStore(datastore).create_table()
        PostgresLeaseStore(datastore).create_table()
        create_relay_tables(datastore)
        PostgresAdvisoryStore(datastore).create_table()
        PostgresWebhookSecretStore(datastore, sealing_key(jwt_secret(settings))).create_table()
        view_for(WebhookOutboxView, WebhookOutboxProjection.name, datastore).create_table()
    finally:
        datastore.close()
    log.info("schema ready", extra={"tables": [tracking_table(p) for p, _ in READ_MODELS]})


def create_relay_tables(datastore: PostgresDatastore) -> None:
    view_for(DispatchesView, DispatchesProjection.name, datastore).create_table()


@dataclass
class Container:
    """Everything one API process needs, built once."""

    settings: Settings
    database_url: str
    app: PairsecApplication
    datastore: PostgresDatastore
    users: UsersView
    projects_view: ProjectsView
    scans_view: ScansView
    triage_view: TriageView
    accounts: Accounts
    projects: Projects
    scans: Scans
    uploads: PostgresUploadStore
    leases: PostgresLeaseStore
    triage: TriageCommands
    tokens: JwtTokens
    throttle: PostgresLoginThrottle

    def close(self) -> None:
        self.app.close()
        self.datastore.close()


def build_container(settings: Settings, database_url: str) -> Container:
    env = eventsourcing_env(database_url, pool_size=settings.db_pool_size)
    app = PairsecApplication(env=env)
    datastore = datastore_for(database_url, settings.db_pool_size)
    hasher = Argon2idPasswordHasher(settings.argon2_memory_kib, settings.argon2_time_cost)
    projects = Projects(app, repository_url_check(settings))
    uploads = PostgresUploadStore(datastore)
    return Container(
        settings=settings,
        database_url=database_url,
        app=app,
        datastore=datastore,
        users=view_for(UsersView, "users", datastore),
        projects_view=view_for(ProjectsView, "projects", datastore),
        scans_view=view_for(ScansView, "scans", datastore),
        triage_view=view_for(TriageView, "triage", datastore),
        accounts=Accounts(app, hasher),
        projects=projects,
        scans=Scans(app, projects, uploads),
        uploads=uploads,
        leases=PostgresLeaseStore(datastore, settings.lease_seconds),
        triage=TriageCommands(app),
        tokens=JwtTokens(jwt_secret(settings), settings.jwt_ttl_seconds),
        throttle=PostgresLoginThrottle(
            datastore,
            settings.login_max_failures,
            settings.login_max_failures_per_client,
            settings.login_window_seconds,
        ),
    )


def build_api(container: Container) -> falcon.App:
    settings = container.settings
    health = HealthCheck(container.datastore, settings.kafka_bootstrap, container.app.name)
    identities_view = view_for(FindingIdentitiesView, FindingIdentitiesProjection.name, container.datastore)
    webhooks_view = view_for(WebhooksView, WebhooksProjection.name, container.datastore)
    deps = ApiDependencies(
        accounts=container.accounts,
        projects=container.projects,
        users=container.users,
        projects_view=container.projects_view,
        scans=container.scans,
        scans_view=container.scans_view,
        uploads=container.uploads,
        max_upload_bytes=settings.max_upload_bytes,
        findings=FindingQueries(container.scans_view),
        identities=FindingIdentityQueries(identities_view),
        analytics=AnalyticsQueries(identities_view),
        triage=container.triage,
        tokens=container.tokens,
        throttle=container.throttle,
        consistency=ReadYourWrites(
            [container.users, container.projects_view, container.scans_view, container.triage_view,
             identities_view, webhooks_view],
            container.app.name,
            settings.read_your_writes_timeout,
        ),
        audit=AuditTrail(container.app),
        time_travel=TimeTravel(container.app),
        health=health,
        webhooks=WebhookCommands(
            container.app,
            container.projects,
            PostgresWebhookSecretStore(container.datastore, sealing_key(jwt_secret(settings))),
            settings.allow_private_networks,
        ),
        webhooks_view=webhooks_view,
        webhook_outbox=view_for(WebhookOutboxView, WebhookOutboxProjection.name, container.datastore),
        max_json_bytes=settings.max_json_bytes,
    )
    return create_app(deps)
