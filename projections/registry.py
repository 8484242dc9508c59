"""Every read model Pairsec maintains: its projection and its view, in one list."""

from __future__ import annotations

from eventsourcing.projection import Projection

from projections.finding_identities import FindingIdentitiesProjection, FindingIdentitiesView
from projections.projects import ProjectsProjection, ProjectsView
from projections.read_model import ReadModelView
from projections.scans import ScansProjection, ScansView
from projections.triage import TriageProjection, TriageView
from projections.users import UsersProjection, UsersView
from projections.webhooks import WebhooksProjection, WebhooksView

READ_MODELS: tuple[tuple[type[Projection], type[ReadModelView]], ...] = (
    (UsersProjection, UsersView),
    (ProjectsProjection, ProjectsView),
    (ScansProjection, ScansView),
    (TriageProjection, TriageView),
    (FindingIdentitiesProjection, FindingIdentitiesView),
    (WebhooksProjection, WebhooksView),
)


def tracking_table(projection_class: type[Projection]) -> str:
    """The tracking table name eventsourcing derives from a projection's name."""
    return projection_class.name.lower() + "_tracking"
