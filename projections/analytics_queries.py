"""Loads the read models into `FindingAnalytics` chunk by chunk: one owner's transitions and triage log.

Rows come through server-side cursors, `chunk_rows` at a time, so an export of millions of finding
transitions holds one chunk and the aggregates in memory, never the whole history.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

import pandas as pd
from psycopg.rows import tuple_row

from projections.analytics import TRANSITION_COLUMNS, TRIAGE_COLUMNS, AnalyticsRequest, FindingAnalytics
from projections.read_model import ReadModelView

CHUNK_ROWS = 50_000
_TRANSITIONS_SQL = (
    "SELECT identity_id::text, project_id::text, extract(epoch FROM at)::float8, transition, "
    "coalesce(engine, ''), coalesce(rule_id, ''), coalesce(severity, ''), cwe "
    "FROM finding_transitions WHERE owner_id = %s AND at < %s{projects} ORDER BY identity_id, at"
)
_TRIAGE_SQL = (
    "SELECT l.identity_id::text, l.project_id::text, extract(epoch FROM l.decided_at)::float8, l.status, "
    "l.previous_status, i.engine, i.rule_id, i.severity, i.cwe FROM triage_log l "
    "LEFT JOIN finding_identities i ON i.identity_id = l.identity_id "
    "WHERE l.owner_id = %s AND l.decided_at >= %s AND l.decided_at < %s{projects}"
)


class AnalyticsQueries:
    """Reads finding_transitions, triage_log, finding_identities and projects; writes nothing."""

    def __init__(self, view: ReadModelView, chunk_rows: int = CHUNK_ROWS) -> None:
        self._view = view
        self._chunk_rows = chunk_rows

    def owns_projects(self, owner_id: uuid.UUID, project_ids: Sequence[uuid.UUID]) -> bool:
        """True when every id is one of the owner's projects (an unknown id and another's look alike)."""
        wanted = sorted(set(project_ids))
        row = self._view.fetch_one(
            "SELECT count(*) AS n FROM projects WHERE owner_id = %s AND id = ANY(%s)", (owner_id, wanted)
        )
        return row is not None and int(row["n"]) == len(wanted)

    def analyse(
        self, owner_id: uuid.UUID, project_ids: Sequence[uuid.UUID], request: AnalyticsRequest
    ) -> FindingAnalytics:
        analytics = FindingAnalytics(request)
        projects = " AND project_id = ANY(%s)" if project_ids else ""
        scope: list[object] = [list(project_ids)] if project_ids else []
        start = request.start.tz_localize("UTC").to_pydatetime()
        end = request.end.tz_localize("UTC").to_pydatetime()
        for chunk in self._chunks(
            _TRANSITIONS_SQL.format(projects=projects), [owner_id, end, *scope], TRANSITION_COLUMNS
        ):
            analytics.add_transitions(chunk)
        triage_sql = _TRIAGE_SQL.format(projects=projects.replace("project_id", "l.project_id"))
        for chunk in self._chunks(triage_sql, [owner_id, start, end, *scope], TRIAGE_COLUMNS):
            analytics.add_triage(chunk)
        return analytics

    def project_names(self, owner_id: uuid.UUID) -> dict[str, str]:
        rows = self._view.fetch_all("SELECT id::text, name FROM projects WHERE owner_id = %s", (owner_id,))
        return {row["id"]: row["name"] for row in rows}

    def _chunks(self, query: str, params: list[object], columns: tuple[str, ...]) -> Iterator[pd.DataFrame]:
        with self._view.datastore.get_connection() as conn, conn.transaction():
            name = f"analytics_{uuid.uuid4().hex}"
            cursor = conn.cursor(name=name, row_factory=tuple_row, binary=True)
            cursor.itersize = self._chunk_rows
            cursor.execute(query, params)
            while rows := cursor.fetchmany(self._chunk_rows):
                frame = pd.DataFrame.from_records(rows, columns=list(columns))
                # Times travel as epoch seconds: a float column parses far faster than datetimes.
                frame["at"] = pd.to_datetime(frame["at"], unit="s", utc=True).dt.round("us")
                yield frame
