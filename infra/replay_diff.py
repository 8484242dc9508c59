"""Table-by-table comparison of a rebuilt read model with the live one, and a readable report of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

SAMPLE_ROWS = 5
# Types without equality operators are compared as text.
_AS_TEXT = frozenset({"json", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle"})


@dataclass
class TableDiff:
    table: str
    missing_in_live: bool = False
    only_in_rebuilt_columns: list[str] = field(default_factory=list)
    only_in_live_columns: list[str] = field(default_factory=list)
    only_in_live: int = 0
    only_in_rebuilt: int = 0
    changed: list[str] = field(default_factory=list)  # readable lines about sampled rows

    @property
    def differs(self) -> bool:
        return bool(
            self.missing_in_live
            or self.only_in_rebuilt_columns
            or self.only_in_live_columns
            or self.only_in_live
            or self.only_in_rebuilt
        )


def _columns(curs: Cursor[DictRow], schema: str, table: str) -> dict[str, str]:
    curs.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        (schema, table),
    )
    return {row["column_name"]: row["data_type"] for row in curs.fetchall()}


def _primary_key(curs: Cursor[DictRow], schema: str, table: str) -> list[str]:
    curs.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = (quote_ident(%s) || '.' || quote_ident(%s))::regclass "
        "AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)",
        (schema, table),
    )
    return [row["attname"] for row in curs.fetchall()]


def _select(schema: str, table: str, columns: list[str], types: dict[str, str]) -> Composed:
    parts = [
        SQL("{}::text").format(Identifier(c)) if types[c] in _AS_TEXT else SQL("{}").format(Identifier(c))
        for c in columns
    ]
    return SQL("SELECT {} FROM {}.{}").format(SQL(", ").join(parts), Identifier(schema), Identifier(table))


def _fingerprint(curs: Cursor[DictRow], rows: Composed) -> tuple[int, int]:
    """The rows' count and the sum of their 64-bit hashes: equal for equal multisets of rows, in one scan."""
    curs.execute(
        SQL("SELECT count(*) AS n, coalesce(sum(hashtextextended(r::text, 0)), 0) AS h FROM ({}) r").format(
            rows
        )
    )
    row = curs.fetchone()
    assert row is not None
    return int(row["n"]), int(row["h"])


def compare_table(curs: Cursor[DictRow], live_schema: str, rebuilt_schema: str, table: str) -> TableDiff:
    """Rows (on the columns both sides have) in one table and not the other, with a few samples."""
    diff = TableDiff(table)
    rebuilt = _columns(curs, rebuilt_schema, table)
    live = _columns(curs, live_schema, table)
    if not live:
        diff.missing_in_live = True
        return diff
    diff.only_in_rebuilt_columns = [c for c in rebuilt if c not in live]
    diff.only_in_live_columns = [c for c in live if c not in rebuilt]
    common = sorted(c for c in rebuilt if c in live)
    live_rows = _select(live_schema, table, common, live)
    rebuilt_rows = _select(rebuilt_schema, table, common, rebuilt)
    fingerprints = {"live": _fingerprint(curs, live_rows)}
    if fingerprints["live"][0] == 0:  # an empty live table (a first replay): counting is enough
        curs.execute(SQL("SELECT count(*) AS n FROM {}").format(Identifier(rebuilt_schema, table)))
        fingerprints["rebuilt"] = (int(curs.fetchone()["n"]), 0)  # type: ignore[index]
    else:
        fingerprints["rebuilt"] = _fingerprint(curs, rebuilt_rows)
    if fingerprints["live"] == fingerprints["rebuilt"]:
        return diff  # the same multiset of rows (unless 64-bit row hashes collide to the same sum)
    samples: dict[str, list[dict[str, Any]]] = {}
    for side, first, second in (("live", live_rows, rebuilt_rows), ("rebuilt", rebuilt_rows, live_rows)):
        other = "rebuilt" if side == "live" else "live"
        if fingerprints[other][0] == 0:  # nothing to subtract: every row of this side differs
            setattr(diff, f"only_in_{side}", fingerprints[side][0])
            curs.execute(SQL("{} LIMIT {}").format(first, SAMPLE_ROWS))
            samples[side] = list(curs.fetchall())
            continue
        difference = SQL("({} EXCEPT ALL {})").format(first, second)
        curs.execute(SQL("SELECT count(*) AS n FROM {} d").format(difference))
        count = int(curs.fetchone()["n"])  # type: ignore[index]
        setattr(diff, f"only_in_{side}", count)
        curs.execute(SQL("SELECT * FROM {} d LIMIT {}").format(difference, SAMPLE_ROWS))
        samples[side] = list(curs.fetchall())
    if diff.only_in_live or diff.only_in_rebuilt:
        diff.changed = _describe(samples, _primary_key(curs, rebuilt_schema, table))
    return diff


def _describe(samples: dict[str, list[dict[str, Any]]], key: list[str]) -> list[str]:
    lines = []
    if key:
        rebuilt_by_key = {tuple(row[k] for k in key): row for row in samples["rebuilt"]}
        for row in samples["live"]:
            ident = tuple(row[k] for k in key)
            label = ", ".join(f"{k}={v}" for k, v in zip(key, ident, strict=True))
            other = rebuilt_by_key.pop(ident, None)
            if other is None:
                lines.append(f"{label}: only in live")
                continue
            changes = [f"{c}: live {row[c]!r} != rebuilt {other[c]!r}" for c in row if row[c] != other[c]]
            lines.append(f"{label}: " + "; ".join(changes))
        for ident in rebuilt_by_key:
            lines.append(", ".join(f"{k}={v}" for k, v in zip(key, ident, strict=True)) + ": only in rebuilt")
        return lines
    lines.extend(f"only in live: {dict(row)}" for row in samples["live"])
    lines.extend(f"only in rebuilt: {dict(row)}" for row in samples["rebuilt"])
    return lines


def format_report(name: str, diffs: list[TableDiff]) -> str:
    """Readable lines about one read model's differing tables (empty when they are equal)."""
    differing = [d for d in diffs if d.differs]
    if not differing:
        return ""
    lines = [f'read model "{name}": {len(differing)} table(s) differ']
    for diff in differing:
        if diff.missing_in_live:
            lines.append(f"  table {diff.table}: not in the live database (new in this code)")
            continue
        if diff.only_in_rebuilt_columns:
            lines.append(f"  table {diff.table}: new columns {', '.join(diff.only_in_rebuilt_columns)}")
        if diff.only_in_live_columns:
            dropped = ", ".join(diff.only_in_live_columns)
            lines.append(f"  table {diff.table}: columns no longer built {dropped}")
        if diff.only_in_live or diff.only_in_rebuilt:
            lines.append(
                f"  table {diff.table}: {diff.only_in_live} row(s) only in live, "
                f"{diff.only_in_rebuilt} row(s) only in rebuilt"
            )
            lines.extend(f"    {line}" for line in diff.changed)
    return "\n".join(lines)
