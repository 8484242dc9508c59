"""GET /analytics/findings: finding counts over time, time to fix, top rules and CWEs (JSON, CSV, parquet).

Only the caller's projects count. JSON is the envelope with every table (or the one `report` names);
CSV and parquet are files holding one table, `report` (default: the time series).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import falcon
import pandas as pd

from api.envelope import iso, ok
from api.export_formats import neutralise_cell
from api.query import multi_values, reject_unknown_params, time_value, uuid_values
from domain.errors import BadRequest, NotFound
from projections.analytics import DIMENSIONS, AnalyticsRequest, FindingAnalytics, with_project_names
from projections.analytics_periods import INTERVALS, MAX_PERIODS, period_count
from projections.analytics_queries import AnalyticsQueries

PARAMS = ("group_by", "interval", "from", "to", "format", "project_id", "report", "top")
FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}
REPORTS = ("timeseries", "time_to_fix", "top_rules", "top_cwes")
DEFAULT_RANGE = timedelta(days=90)
MAX_TOP = 100
PARQUET_EXTRA = "pip install 'pairsec[analytics]'"
CSV_ROWS_PER_CHUNK = 5000


def _one(req: falcon.Request, name: str, allowed: tuple[str, ...], default: str) -> str:
    values = multi_values(req, name, allowed)
    if len(values) > 1:
        raise BadRequest(f"{name} takes one value", {name: "must be one of " + ", ".join(allowed)})
    return values[0] if values else default


def _top(req: falcon.Request) -> int:
    raw = req.get_param("top")
    if raw is None:
        return 10
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_TOP:
        raise BadRequest("top is out of range", {"top": f"must be a whole number from 1 to {MAX_TOP}"})
    return int(raw)


def analytics_request(req: falcon.Request, now: datetime) -> AnalyticsRequest:
    """The report asked for; every malformed parameter is a 400 that names it."""
    group_by = tuple(dict.fromkeys(multi_values(req, "group_by", DIMENSIONS)))
    interval = _one(req, "interval", INTERVALS, "week")
    end = time_value(req, "to") or now
    try:
        start = time_value(req, "from") or end - DEFAULT_RANGE
        request = AnalyticsRequest(interval, pd.Timestamp(start), pd.Timestamp(end), group_by, _top(req))
        periods = period_count(request.start, request.end, interval)
        if request.start.year < 1 or request.end.year > 9999:  # pandas goes beyond, Python does not
            raise ValueError("outside the years 1 to 9999 in UTC")
    except (OverflowError, ValueError):  # out of the calendar once in UTC, e.g. year 1 minus 90 days
        message = "must be a UTC time between the years 1 and 9999"
        raise BadRequest("from or to is out of range", {"from": message, "to": message}) from None
    if request.start >= request.end:
        raise BadRequest("from must be before to", {"from": "must be earlier than to"})
    if periods > MAX_PERIODS:
        raise BadRequest(
            "too many periods between from and to",
            {"interval": f"gives more than {MAX_PERIODS} periods over this range; use a longer one"},
        )
    return request


def require_pyarrow() -> None:
    """Parquet needs pyarrow, an optional dependency: without it the request is refused, not failed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise BadRequest(
            "parquet export is not available on this server: pyarrow is not installed",
            {"format": f"parquet needs the analytics extra ({PARQUET_EXTRA}); json and csv work without it"},
        ) from None


def _tables(analytics: FindingAnalytics, names: dict[str, str]) -> dict[str, Callable[[], pd.DataFrame]]:
    return {
        "timeseries": lambda: with_project_names(analytics.timeseries(), names),
        "time_to_fix": lambda: with_project_names(analytics.time_to_fix(), names),
        "top_rules": analytics.top_rules,
        "top_cwes": analytics.top_cwes,
    }


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as JSON-ready dicts: missing numbers (no fix in a period) become null."""
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def csv_chunks(frame: pd.DataFrame) -> Iterator[bytes]:
    """RFC 4180 CSV in chunks of rows, text cells neutralised against spreadsheet formulas."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    for first in range(0, max(len(safe), 1), CSV_ROWS_PER_CHUNK):
        part = safe.iloc[first : first + CSV_ROWS_PER_CHUNK]
        yield part.to_csv(index=False, header=first == 0, lineterminator="\r\n").encode()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow", index=False)
    return buffer.getvalue()


class FindingAnalyticsResource:
    def __init__(self, queries: AnalyticsQueries, clock: Callable[[], datetime] | None = None) -> None:
        self._queries = queries
        self._clock = clock or (lambda: datetime.now(UTC))

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        reject_unknown_params(req, PARAMS)
        export_format = _one(req, "format", tuple(FORMATS), "json")
        report = _one(req, "report", REPORTS, "") or None
        request = analytics_request(req, self._clock())
        project_ids = uuid_values(req, "project_id")
        if export_format == "parquet":
            require_pyarrow()
        owner = req.context.principal.user_id
        if project_ids and not self._queries.owns_projects(owner, project_ids):
            raise NotFound("project not found")
        analytics = self._queries.analyse(owner, project_ids, request)
        names = self._queries.project_names(owner) if "project" in request.group_by else {}
        tables = _tables(analytics, names)
        if export_format == "json":
            chosen = [report] if report else list(REPORTS)
            data: dict[str, object] = {
                "interval": request.interval,
                "from": iso(request.start.to_pydatetime()),
                "to": iso(request.end.to_pydatetime()),
                "group_by": list(request.group_by),
                "project_id": [str(p) for p in project_ids],
            }
            data.update({name: records(tables[name]()) for name in chosen})
            ok(resp, data, "Finding analytics")
            return
        report = report or "timeseries"
        frame = tables[report]()
        resp.content_type = FORMATS[export_format]
        resp.downloadable_as = (
            f"pairsec-analytics-{report}-{request.interval}-"
            f"{request.start:%Y%m%d}-{request.end:%Y%m%d}.{export_format}"
        )
        if export_format == "csv":
            resp.stream = csv_chunks(frame)
        else:
            resp.data = parquet_bytes(frame)
