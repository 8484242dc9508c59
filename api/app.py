"""The falcon application factory: takes its collaborators, wires routes, middleware and errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import falcon

from api.analytics import FindingAnalyticsResource
from api.auth import LoginResource, LoginThrottle, MeResource, RegisterResource
from api.auth_middleware import AuthMiddleware, UserDirectory
from api.consistency import ReadYourWrites
from api.dashboard import DashboardSite
from api.envelope import ok
from api.errors import register_error_handlers
from api.export import ScanExportResource
from api.findings import (
    BulkTriageResource,
    FindingHistoryResource,
    FindingResource,
    FindingTriageResource,
    ProjectFindingsResource,
    ScanDiffResource,
)
from api.history import MyHistoryResource, ScanEventsResource
from api.http_middleware import RequestContextMiddleware
from api.input_guard import QueryStringGuard
from api.openapi import API_PREFIX, OpenApiResource, repeatable_params
from api.projects import ProjectHistoryResource, ProjectResource, ProjectsResource
from api.scans import ScanCancelResource, ScanFindingsResource, ScanResource, ScansResource
from api.tokens import JwtTokens
from api.uploads import UploadSaver, UploadsResource
from api.users import ApiKeyResource, ProfileResource
from api.webhooks import WebhookDeliveriesResource, WebhookResource, WebhooksResource
from commands.accounts import Accounts
from commands.audit import AuditTrail
from commands.projects import Projects
from commands.scans import Scans
from commands.time_travel import TimeTravel
from commands.triage import TriageCommands
from commands.webhooks import WebhookCommands
from projections.analytics_queries import AnalyticsQueries
from projections.finding_identity_queries import FindingIdentityQueries
from projections.findings import FindingQueries
from projections.projects import ProjectsView
from projections.scans import ScansView
from projections.webhook_deliveries import WebhookOutboxView
from projections.webhooks import WebhooksView


@dataclass(frozen=True)
class ApiDependencies:
    accounts: Accounts
    projects: Projects
    users: UserDirectory
    projects_view: ProjectsView
    scans: Scans
    scans_view: ScansView
    uploads: UploadSaver
    findings: FindingQueries
    identities: FindingIdentityQueries
    analytics: AnalyticsQueries
    triage: TriageCommands
    tokens: JwtTokens
    throttle: LoginThrottle
    consistency: ReadYourWrites
    audit: AuditTrail
    time_travel: TimeTravel
    health: Callable[[], tuple[bool, dict[str, Any]]]
    webhooks: WebhookCommands
    webhooks_view: WebhooksView
    webhook_outbox: WebhookOutboxView
    max_json_bytes: int = 1024 * 1024
    max_upload_bytes: int = 100 * 1024 * 1024


class HealthResource:
    public = True

    def __init__(self, check: Callable[[], tuple[bool, dict[str, Any]]]) -> None:
        self._check = check

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        healthy, report = self._check()
        ok(resp, report, "healthy" if healthy else "unhealthy", 200 if healthy else 503)


def create_app(deps: ApiDependencies) -> falcon.App:
    app = falcon.App(
        middleware=[
            RequestContextMiddleware(),
            QueryStringGuard(repeatable_params()),
            AuthMiddleware(deps.tokens, deps.users),
        ],
        cors_enable=False,
    )
    app.req_options.strip_url_path_trailing_slash = True
    register_error_handlers(app)
    size = deps.max_json_bytes
    routes: dict[str, object] = {
        "/auth/register": RegisterResource(deps.accounts, deps.consistency, size),
        "/auth/login": LoginResource(deps.accounts, deps.tokens, deps.throttle, size),
        "/auth/me": MeResource(),
        "/users/profile": ProfileResource(deps.accounts, deps.consistency, size),
        "/users/api-key": ApiKeyResource(deps.accounts, deps.consistency, size),
        "/users/me/history": MyHistoryResource(deps.audit),
        "/projects": ProjectsResource(deps.projects, deps.projects_view, deps.consistency, size),
        "/projects/{project_id:uuid}": ProjectResource(
            deps.projects, deps.projects_view, deps.consistency, size, deps.time_travel
        ),
        "/projects/{project_id:uuid}/history": ProjectHistoryResource(deps.projects),
        "/projects/{project_id:uuid}/findings": ProjectFindingsResource(deps.identities),
        "/projects/{project_id:uuid}/findings/triage": BulkTriageResource(
            deps.findings, deps.triage, deps.consistency, size
        ),
        "/projects/{project_id:uuid}/uploads": UploadsResource(
            deps.projects, deps.uploads, deps.max_upload_bytes
        ),
        "/projects/{project_id:uuid}/webhooks": WebhooksResource(
            deps.webhooks, deps.projects_view, deps.webhooks_view, deps.consistency, size
        ),
        "/projects/{project_id:uuid}/webhooks/{webhook_id:uuid}": WebhookResource(
            deps.webhooks, deps.projects_view, deps.webhooks_view, deps.consistency
        ),
        "/projects/{project_id:uuid}/webhooks/{webhook_id:uuid}/deliveries": WebhookDeliveriesResource(
            deps.projects_view, deps.webhooks_view, deps.webhook_outbox
        ),
        "/scans": ScansResource(deps.scans, deps.scans_view, deps.consistency, size),
        "/scans/{scan_id:uuid}": ScanResource(deps.scans_view, deps.time_travel),
        "/scans/{scan_id:uuid}/events": ScanEventsResource(deps.audit),
        "/scans/{scan_id:uuid}/cancel": ScanCancelResource(deps.scans, deps.scans_view, deps.consistency),
        "/scans/{scan_id:uuid}/findings": ScanFindingsResource(deps.findings),
        "/scans/{scan_id:uuid}/export": ScanExportResource(
            deps.scans_view, deps.projects_view, deps.findings
        ),
        "/scans/{scan_id:uuid}/diff": ScanDiffResource(deps.findings),
        "/findings/{finding_id:uuid}": FindingResource(deps.findings, deps.triage),
        "/findings/{finding_id:uuid}/history": FindingHistoryResource(deps.findings, deps.triage),
        "/findings/{finding_id:uuid}/triage": FindingTriageResource(
            deps.findings, deps.triage, deps.consistency, size
        ),
        "/analytics/findings": FindingAnalyticsResource(deps.analytics),
        "/openapi.json": OpenApiResource(),
        "/health": HealthResource(deps.health),
    }
    for path, resource in routes.items():
        app.add_route(API_PREFIX + path, resource)
    app.add_sink(DashboardSite(), DashboardSite.route)  # `/` and `/assets/...`, outside the API
    return app
