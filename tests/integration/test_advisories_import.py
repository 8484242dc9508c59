"""`pairsec advisories import` loads OSV records into PostgreSQL; the dependency engine matches them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from infra.advisory_store import PostgresAdvisoryStore
from infra.bootstrap import Container
from scanners.dependencies import DependencyEngine
from scanners.engine import EngineOptions

OSV = Path(__file__).resolve().parents[1] / "fixtures" / "osv"
PAIRSEC = str(Path(sys.executable).with_name("pairsec"))


def _run(database_url: str, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update({"PAIRSEC_DATABASE_URL": database_url, "PAIRSEC_HOME": str(home)})
    return subprocess.run([PAIRSEC, *args], env=env, capture_output=True, text=True, timeout=120)


def test_import_of_a_folder_then_a_scan_finds_the_vulnerable_pin(
    database_url: str, container: Container, tmp_path: Path
) -> None:
    result = _run(database_url, tmp_path, "advisories", "import", str(OSV))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout
    store = PostgresAdvisoryStore(container.datastore)
    tree = tmp_path / "app"
    tree.mkdir()
    # requests 2.30.0 is inside GHSA-j8r2-6x86-q33q's range (introduced 2.3.0, fixed 2.31.0); 2.31.0 is not.
    (tree / "requirements.txt").write_text("requests==2.30.0\nPyYAML==6.0.1\n")
    findings = DependencyEngine(store.lookup).scan(tree, EngineOptions())
    assert [f.rule_id for f in findings] == ["GHSA-j8r2-6x86-q33q"]
    assert findings[0].file_path == "requirements.txt" and findings[0].start_line == 1
    (tree / "requirements.txt").write_text("requests==2.31.0\n")
    assert DependencyEngine(store.lookup).scan(tree, EngineOptions()) == []


def test_import_of_a_zip_and_of_a_bad_path(database_url: str, tmp_path: Path) -> None:
    archive = tmp_path / "osv.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in OSV.glob("*.json"):
            bundle.write(path, path.name)
        bundle.writestr("broken.json", "{not json")
    result = _run(database_url, tmp_path, "advisories", "import", str(archive))
    assert result.returncode == 0 and "skipped broken.json" in result.stdout
    missing = _run(database_url, tmp_path, "advisories", "import", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
