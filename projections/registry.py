"""Every read model Pairsec maintains: its projection and its view, in one list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.projection import Projection

from projections.batches import Item
from projections.finding_identities import FindingIdentitiesProjection, FindingIdentitiesView
from projections.finding_identities_batch import apply_identities_batch, settle_identity_counts
from projections.finding_identities_bulk import IdentitiesBulkLoad
from projections.projects import ProjectsProjection, ProjectsView
from projections.projects_batch import apply_projects_batch
from projections.projects_bulk import ProjectsBulkLoad
from projections.read_model import ReadModelView
from projections.scans import ScansProjection, ScansView
from projections.scans_batch import apply_scans_batch
from projections.scans_bulk import ScansBulkLoad
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

# Read models that can also be written a batch of events at a time (set-based), as a replay does;
# the others are fed their batch one event at a time.
BATCH_WRITERS: dict[type[Projection], Callable[[Any, list[Item]], None]] = {
    ScansProjection: apply_scans_batch,
    ProjectsProjection: apply_projects_batch,
    FindingIdentitiesProjection: apply_identities_batch,
}
# What a batch writer leaves to be done once its events are applied, before its tables are read.
BATCH_SETTLERS: dict[type[Projection], Callable[[Any], None]] = {
    FindingIdentitiesProjection: settle_identity_counts,
}
# Read models a replay builds in one pass into empty tables (projections/bulk_load.py), then by batches.
BULK_LOADS: dict[type[Projection], Callable[[], Any]] = {
    ScansProjection: ScansBulkLoad,
    ProjectsProjection: ProjectsBulkLoad,
    FindingIdentitiesProjection: IdentitiesBulkLoad,
}


def tracking_table(projection_class: type[Projection]) -> str:
    """The tracking table name eventsourcing derives from a projection's name."""
    return projection_class.name.lower() + "_tracking"
