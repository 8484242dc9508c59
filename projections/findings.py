"""Finding queries across read models: a scan's occurrences with their triage and novelty, and diffs.

A finding's identity is (project, ref, fingerprint). Whether an occurrence is new is decided against
the previous completed scan of the same project and ref; its status is the identity's triage.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from projections.pagination import Page, PageRequest, SortField, encode_cursor, fetch_page
from projections.read_model import ReadModelView, like_escape
from projections.scans import ANCHOR_EVERY, SEVERITY_RANK

FINDING_SORTS = {
    "severity": SortField("f.severity_rank", "int"),
    "path": SortField("f.file_path", "text"),
    "rule": SortField("f.rule_id", "text"),
}
STATUS_SQL = (
    "CASE WHEN t.status = 'accepted_risk' AND t.expires_at <= now() THEN 'open' "
    "ELSE coalesce(t.status, 'open') END"
)
EXPORT_ORDER = FINDING_SORTS["severity"].column + " DESC, f.file_path, f.start_line, f.id"  # worst first
_COMPACT = "f.id, f.fingerprint, f.rule_id, f.engine, f.severity, f.title, f.file_path, f.start_line"


@dataclass(frozen=True)
class ScanContext:
    scan_id: uuid.UUID
    project_id: uuid.UUID
    ref: str
    previous_scan_id: uuid.UUID | None


class FindingQueries:
    """Reads the scans, findings and triage tables; writes nothing."""

    def __init__(self, view: ReadModelView) -> None:
        self._view = view

    def context(self, owner_id: uuid.UUID, scan_id: uuid.UUID) -> ScanContext | None:
        row = self._view.fetch_one(
            "SELECT s.id, s.project_id, coalesce(s.ref, '') AS ref, ("
            "  SELECT p.id FROM scans p WHERE p.project_id = s.project_id AND coalesce(p.ref, '') = "
            "  coalesce(s.ref, '') AND p.status = 'completed' AND p.created_at < s.created_at "
            "  ORDER BY p.created_at DESC LIMIT 1) AS previous "
            "FROM scans s WHERE s.id = %s AND s.owner_id = %s",
            (scan_id, owner_id),
        )
        if row is None:
            return None
        return ScanContext(row["id"], row["project_id"], row["ref"], row["previous"])

    def _select(self, context: ScanContext) -> str:
        return f"f.*, {STATUS_SQL} AS status, {self._new_sql(context)} AS is_new"

    @staticmethod
    def _new_sql(context: ScanContext) -> str:
        if context.previous_scan_id is None:
            return "true"
        previous = uuid.UUID(str(context.previous_scan_id))  # a UUID: safe to write into the SQL
        return (
            f"NOT EXISTS (SELECT 1 FROM findings p WHERE p.scan_id = '{previous}' "
            "AND p.fingerprint = f.fingerprint)"
        )

    def _where(
        self, context: ScanContext, filters: dict[str, Any], join_triage: bool = True
    ) -> tuple[str, list[object]]:
        if join_triage or filters.get("status"):
            where = (
                "FROM findings f LEFT JOIN triage_decisions t ON t.project_id = %s AND t.ref = %s "
                "AND t.fingerprint = f.fingerprint WHERE f.scan_id = %s"
            )
            params: list[object] = [context.project_id, context.ref, context.scan_id]
        else:  # at most one decision per finding: counting needs no join
            where, params = "FROM findings f WHERE f.scan_id = %s", [context.scan_id]
        if filters.get("severity"):
            where += " AND f.severity_rank = ANY(%s)"
            params.append([SEVERITY_RANK[s] for s in filters["severity"]])
        for column in ("engine", "rule_id"):
            if filters.get(column):
                where += f" AND f.{column} = ANY(%s)"
                params.append(list(filters[column]))
        if filters.get("cwe"):
            where += " AND EXISTS (SELECT 1 FROM unnest(f.cwe) c WHERE split_part(c, ':', 1) = ANY(%s))"
            params.append([c.upper() if c.upper().startswith("CWE-") else f"CWE-{c}" for c in filters["cwe"]])
        if filters.get("path"):
            where += " AND f.file_path LIKE ANY(%s)"
            params.append([like_escape(prefix) + "%" for prefix in filters["path"]])
        if filters.get("status"):
            where += f" AND {STATUS_SQL} = ANY(%s)"
            params.append(list(filters["status"]))
        if filters.get("new") is not None:
            where += f" AND {'' if filters['new'] else 'NOT '}{self._new_sql(context)}"
        return where, params

    def list(self, context: ScanContext, request: PageRequest, filters: dict[str, Any]) -> Page:
        """A page in two steps: the ids by an index walk (no joins), then those rows in full."""
        where, params = self._where(context, filters, join_triage=False)
        counts = self._severity_counts(context, filters)
        total = None if counts is None else sum(counts.values())
        page = self._anchored_page(context, request, counts) if counts is not None else None
        if page is None:
            page = fetch_page(self._view, "f.id", where, params, request, FINDING_SORTS, "f.id", total)
        if not page.items:
            return page
        full_where, full_params = self._where(context, {})
        rows = self._view.fetch_all(
            f"SELECT {self._select(context)} {full_where} AND f.id = ANY(%s)",
            [*full_params, [item["id"] for item in page.items]],
        )
        by_id = {row["id"]: row for row in rows}
        return replace(page, items=[by_id[item["id"]] for item in page.items if item["id"] in by_id])

    def _severity_counts(self, context: ScanContext, filters: dict[str, Any]) -> dict[int, int] | None:
        """Matching findings per severity rank from the scan's counters, when only severity filters
        apply and the scan has ended (while it is recorded, rows are counted instead)."""
        if any(value not in (None, [], ()) for key, value in filters.items() if key != "severity"):
            return None
        row = self._view.fetch_one(
            "SELECT status, count_critical, count_high, count_medium, count_low, count_info "
            "FROM scans WHERE id = %s",
            (context.scan_id,),
        )
        if row is None or row["status"] not in ("completed", "failed", "cancelled"):
            return None
        wanted = set(filters.get("severity") or SEVERITY_RANK)
        return {SEVERITY_RANK[s]: int(row[f"count_{s}"]) for s in wanted}

    def _anchored_page(
        self, context: ScanContext, request: PageRequest, counts: dict[int, int]
    ) -> Page | None:
        """A deep page of the severity order, walked from the nearest anchor: at most ANCHOR_EVERY
        index entries are skipped, however deep the page. None when the plain walk is as cheap."""
        offset = (request.page - 1) * request.per_page
        if request.cursor or request.sort_field != "severity" or offset < ANCHOR_EVERY:
            return None
        total = sum(counts.values())
        if offset >= total:
            return Page([], request.page, request.per_page, total, None)
        descending = request.descending
        ranks = sorted((r for r, n in counts.items() if n), reverse=descending)
        local = offset
        for rank in ranks:  # the severity the page starts in, and how far into it
            if local < counts[rank]:
                break
            local -= counts[rank]
        position = local if not descending else counts[rank] - 1 - local  # in ascending id order
        anchor = (position // ANCHOR_EVERY if not descending else -(-position // ANCHOR_EVERY)) * ANCHOR_EVERY
        if descending and anchor > counts[rank] - 1:  # above the last anchor: start at the rank's top
            start, params, skip = "f.severity_rank <= %s", [rank], local
        else:
            row = self._view.fetch_one(
                "SELECT id FROM finding_anchors WHERE scan_id = %s AND severity_rank = %s AND position = %s",
                (context.scan_id, rank, anchor),
            )
            if row is None:
                return None  # ended before anchors were kept: walk the index
            start = f"(f.severity_rank, f.id) {'<=' if descending else '>='} (%s, %s)"
            params, skip = [rank, row["id"]], abs(position - anchor)
        direction = "DESC" if descending else "ASC"
        rows = self._view.fetch_all(
            f"SELECT f.id, f.severity_rank AS _sort FROM findings f WHERE f.scan_id = %s "
            f"AND f.severity_rank = ANY(%s) AND {start} "
            f"ORDER BY f.severity_rank {direction}, f.id {direction} LIMIT %s OFFSET %s",
            [context.scan_id, list(counts), *params, request.per_page + 1, skip],
        )
        more = len(rows) > request.per_page
        rows = rows[: request.per_page]
        cursor = encode_cursor(request.sort, rows[-1]["_sort"], rows[-1]["id"]) if more and rows else None
        return Page(rows, request.page, request.per_page, total, cursor)

    def iterate(
        self, context: ScanContext, filters: dict[str, Any], batch: int = 2000
    ) -> Iterator[dict[str, Any]]:
        """Every matching finding, worst first, through a server-side cursor (memory stays flat)."""
        where, params = self._where(context, filters)
        query = f"SELECT {self._select(context)} {where} ORDER BY {EXPORT_ORDER}"
        with self._view.datastore.get_connection() as conn, conn.transaction():
            cursor = conn.cursor(name=f"export_{uuid.uuid4().hex}")
            cursor.itersize = batch
            cursor.execute(query, params)
            yield from cursor

    def joined(
        self,
        context: ScanContext,
        filters: dict[str, Any],
        item: tuple[str, Sequence[object]],
        per_chunk: int = 500,
    ) -> Iterator[str]:
        """The matching findings, worst first, each made a text by item (SQL over `f` alone, written in
        code, never taken from a request, with its parameters), joined with commas by PostgreSQL into
        chunks of per_chunk: an export's Python only passes the chunks on."""
        where, params = self._where(context, filters, join_triage=False)
        item_sql, item_params = item
        query = (
            f"SELECT string_agg(item, ',' ORDER BY n) AS chunk FROM (SELECT {item_sql} AS item, "
            f"row_number() OVER (ORDER BY {EXPORT_ORDER}) AS n {where}) "
            f"numbered GROUP BY (n - 1) / {int(per_chunk)} ORDER BY (n - 1) / {int(per_chunk)}"
        )
        with self._view.datastore.get_connection() as conn, conn.transaction():
            cursor = conn.cursor(name=f"export_{uuid.uuid4().hex}")
            cursor.itersize = 4
            cursor.execute(query, [*item_params, *params])
            for row in cursor:
                yield row["chunk"]

    def csv_rows(self, context: ScanContext, filters: dict[str, Any], cells: str) -> Iterator[bytes]:
        """The matching findings as CSV lines (RFC 4180, CRLF), worst first, written by PostgreSQL's
        COPY in C and streamed in its chunks: a fraction of the time of formatting rows in Python.
        cells is the select list over `f` (SQL written in code, never taken from a request)."""
        where, params = self._where(context, filters)
        query = f"COPY (SELECT {cells} {where} ORDER BY {EXPORT_ORDER}) TO STDOUT WITH (FORMAT csv)"
        with (
            self._view.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor().copy(query, params) as copy,
        ):
            yield from crlf_records(bytes(block) for block in copy)

    def rules(self, context: ScanContext, filters: dict[str, Any]) -> list[dict[str, Any]]:
        """One row per (engine, rule) among the matching findings, for SARIF's rule tables: the one with
        the least id, picked by hashing the rows into groups (sorting them all took 4x as long)."""
        where, params = self._where(context, filters, join_triage=False)
        return self._view.fetch_all(
            "SELECT f.engine, f.rule_id, f.title, f.message, f.fix, f.cwe, f.owasp, f.severity "
            f"FROM findings f WHERE f.id IN (SELECT min(f.id::text)::uuid {where} "
            "GROUP BY f.engine, f.rule_id) ORDER BY f.engine, f.rule_id",
            params,
        )

    def occurrence(
        self, owner_id: uuid.UUID, finding_id: uuid.UUID
    ) -> tuple[dict[str, Any], ScanContext] | None:
        row = self._view.fetch_one(
            "SELECT f.scan_id FROM findings f JOIN scans s ON s.id = f.scan_id "
            "WHERE f.id = %s AND s.owner_id = %s",
            (finding_id, owner_id),
        )
        if row is None:
            return None
        context = self.context(owner_id, row["scan_id"])
        if context is None:
            return None
        where, params = self._where(context, {})
        found = self._view.fetch_one(
            f"SELECT {self._select(context)} {where} AND f.id = %s", [*params, finding_id]
        )
        return (found, context) if found else None

    def diff(self, context: ScanContext, base_scan_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
        """new, fixed, removed and unchanged findings of this scan against the base scan."""
        current = {r["fingerprint"]: r for r in self._compact(context.scan_id)}
        base = {r["fingerprint"]: r for r in self._compact(base_scan_id)}
        files_row = self._view.fetch_one(
            "SELECT paths FROM scan_files WHERE scan_id = %s", (context.scan_id,)
        )
        present = set(files_row["paths"]) if files_row else None
        gone = [row for fp, row in base.items() if fp not in current]
        return {
            "new": [row for fp, row in current.items() if fp not in base],
            "fixed": [row for row in gone if present is None or row["file_path"] in present],
            "removed": [row for row in gone if present is not None and row["file_path"] not in present],
            "unchanged": [row for fp, row in current.items() if fp in base],
        }

    def _compact(self, scan_id: uuid.UUID) -> list[dict[str, Any]]:
        return self._view.fetch_all(f"SELECT {_COMPACT} FROM findings f WHERE f.scan_id = %s", (scan_id,))


CHUNK_BYTES = 65536


def crlf_records(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """CSV from COPY (records end in LF) with CRLF record ends, as RFC 4180 has them. A line feed
    ends a record only outside quotes, i.e. where the quotes seen so far are even in number."""
    in_quotes = False
    out: list[bytes] = []
    size = 0
    for block in blocks:  # COPY sends a block a row: gathered into chunks of about 64 KB
        for index, piece in enumerate(block.split(b"\n")):
            if index:
                out.append(b"\n" if in_quotes else b"\r\n")
            out.append(piece)
            if piece.count(b'"') % 2:
                in_quotes = not in_quotes
        size += len(block)
        if size >= CHUNK_BYTES:
            yield b"".join(out)
            out, size = [], 0
    if out:
        yield b"".join(out)
