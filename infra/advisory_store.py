"""The advisory database: OSV records in PostgreSQL, imported from a folder or zip, looked up by package."""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventsourcing.postgres import PostgresDatastore

from domain.advisory import Advisory
from infra.postgres import create_tables
from scanners.lockfiles import normalise_name

log = logging.getLogger("pairsec.advisories")
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS advisories (
        id text NOT NULL,
        ecosystem text NOT NULL,
        package text NOT NULL,
        record jsonb NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ecosystem, package, id)
    )""",
)


@dataclass
class ImportReport:
    advisories: int = 0
    package_entries: int = 0
    skipped: list[str] = field(default_factory=list)


class PostgresAdvisoryStore:
    def __init__(self, datastore: PostgresDatastore) -> None:
        self._datastore = datastore

    def create_table(self) -> None:
        create_tables(self._datastore, SCHEMA)

    def lookup(self, ecosystem: str, name: str) -> list[Advisory]:
        with self._datastore.cursor() as curs:
            curs.execute(
                "SELECT record FROM advisories WHERE ecosystem = %s AND package = %s ORDER BY id",
                (ecosystem, name),
            )
            return [Advisory.from_osv(row["record"]) for row in curs.fetchall()]

    def import_path(self, path: Path) -> ImportReport:
        """Load every OSV JSON file in a folder (recursively) or a zip, replacing older copies."""
        report = ImportReport()
        batch: list[tuple[str, str, str, str]] = []
        for name, raw in _records(path, report):
            try:
                record = json.loads(raw)
                advisory = Advisory.from_osv(record)
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                report.skipped.append(f"{name}: not an OSV record ({type(error).__name__})")
                continue
            entries = {
                (p.ecosystem, normalise_name(p.ecosystem, p.name)) for p in advisory.affected if p.name
            }
            if not entries:
                report.skipped.append(f"{name}: names no affected package")
                continue
            report.advisories += 1
            for ecosystem, package in entries:
                batch.append((advisory.id, ecosystem, package, json.dumps(record)))
            if len(batch) >= 1000:
                report.package_entries += self._upsert(batch)
                batch = []
        report.package_entries += self._upsert(batch)
        return report

    def _upsert(self, batch: list[tuple[str, str, str, str]]) -> int:
        if not batch:
            return 0
        with self._datastore.transaction(commit=True) as curs:
            curs.executemany(
                "INSERT INTO advisories (id, ecosystem, package, record) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (ecosystem, package, id) "
                "DO UPDATE SET record = EXCLUDED.record, imported_at = now()",
                batch,
            )
        return len(batch)


def _records(path: Path, report: ImportReport) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        for file in sorted(path.rglob("*.json")):
            yield file.relative_to(path).as_posix(), file.read_bytes()
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.endswith(".json") and not info.is_dir():
                    if info.file_size > 10 * 1024 * 1024:
                        report.skipped.append(f"{info.filename}: larger than 10 MB")
                        continue
                    yield info.filename, archive.read(info)
    else:
        raise ValueError(f"{path.name} is neither a folder nor a zip of OSV JSON files")
