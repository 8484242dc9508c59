"""SemgrepEngine against a real semgrep run over a small tree of vulnerable and safe code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from domain.finding import Confidence, Finding, Severity
from scanners.engine import EngineOptions
from scanners.engine_errors import EngineFailed, EngineTimeout
from scanners.semgrep import SemgrepEngine

FIXTURE_TREE = Path(__file__).resolve().parents[1] / "fixtures" / "sast_tree"
VULNERABLE_PY = 'import os\nfrom flask import request\n\n\ndef f():\n    os.system(request.args["cmd"])\n'
ONE_JOB = EngineOptions(jobs=1, timeout_seconds=300)


def build_tree(root: Path) -> Path:
    """The fixture tree plus the files git cannot carry: ignored, vendored and oversized ones."""
    shutil.copytree(FIXTURE_TREE, root)
    (root / "local_settings.py").write_text(VULNERABLE_PY)
    (root / "generated").mkdir()
    (root / "generated" / "client.py").write_text(VULNERABLE_PY)
    (root / "node_modules" / "left-pad").mkdir(parents=True)
    (root / "node_modules" / "left-pad" / "index.js").write_text(
        'const cp = require("child_process");\nmodule.exports = (req) => cp.exec("ls " + req.query.dir);\n'
    )
    (root / "web" / "bundle.min.js").write_text("eval(req.query.code);\n")
    padding = "# padding to push this file over the size limit\n" * 25_000
    (root / "web" / "huge.py").write_text(VULNERABLE_PY + padding)
    return root


@pytest.fixture(scope="module")
def engine() -> SemgrepEngine:
    return SemgrepEngine()


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("sast") / "repo")


@pytest.fixture(scope="module")
def findings(engine: SemgrepEngine, tree: Path) -> list[Finding]:
    return engine.scan(tree, ONE_JOB)


def rules_in(findings: list[Finding], path: str) -> set[str]:
    return {f.rule_id for f in findings if f.file_path == path}


def test_vulnerable_flask_app_is_reported_with_stable_rule_ids(findings: list[Finding]) -> None:
    assert {"python.flask.sqli-taint", "python.web.command-injection-taint"} <= rules_in(
        findings, "web/app.py"
    )


def test_vulnerable_express_app_is_reported(findings: list[Finding]) -> None:
    assert {"javascript.express.sqli-taint", "javascript.express.xss-taint"} <= rules_in(
        findings, "web/server.js"
    )


def test_parameterised_code_has_no_findings(findings: list[Finding]) -> None:
    assert rules_in(findings, "web/safe.py") == set()


def test_paths_are_relative_to_root_with_forward_slashes(findings: list[Finding], tree: Path) -> None:
    assert findings
    for finding in findings:
        assert not finding.file_path.startswith(("/", "./"))
        assert "\\" not in finding.file_path
        assert (tree / finding.file_path).is_file()


def test_vendored_ignored_minified_and_oversized_files_are_skipped(findings: list[Finding]) -> None:
    scanned = {f.file_path for f in findings}
    assert scanned <= {"web/app.py", "web/server.js"}


def test_finding_carries_rule_metadata_snippet_and_lines(findings: list[Finding]) -> None:
    sqli = next(f for f in findings if f.rule_id == "python.flask.sqli-taint")
    assert sqli.engine == "sast"
    assert sqli.severity is Severity.CRITICAL
    assert sqli.confidence is Confidence.HIGH
    assert sqli.cwe and sqli.cwe[0].startswith("CWE-89")
    assert sqli.owasp == ("A03:2021 - Injection",)
    assert sqli.title and sqli.fix and sqli.message
    assert sqli.start_line == sqli.end_line == 15
    assert "cur.execute" in sqli.snippet
    assert "name" in sqli.matched_code


def test_fingerprints_survive_code_moving_down(
    engine: SemgrepEngine, tmp_path: Path, findings: list[Finding]
) -> None:
    moved = build_tree(tmp_path / "repo")
    app = moved / "web" / "app.py"
    app.write_text("\n\n\n# a new comment block pushes every line down\n" + app.read_text())
    rescanned = engine.scan(moved, ONE_JOB)
    assert all(re.fullmatch(r"[0-9a-f]{40}", f.fingerprint) for f in rescanned)
    assert {f.fingerprint for f in rescanned} == {f.fingerprint for f in findings}
    assert {f.start_line for f in rescanned if f.file_path == "web/app.py"} != {
        f.start_line for f in findings if f.file_path == "web/app.py"
    }


def test_disabled_rule_is_not_reported(engine: SemgrepEngine, tree: Path) -> None:
    options = EngineOptions(jobs=1, disabled_rules=frozenset({"python.flask.sqli-taint"}))
    rule_ids = {f.rule_id for f in engine.scan(tree, options)}
    assert "python.flask.sqli-taint" not in rule_ids
    assert "python.web.command-injection-taint" in rule_ids


def test_excluded_globs_from_options_are_skipped(engine: SemgrepEngine, tree: Path) -> None:
    options = EngineOptions(jobs=1, excluded_globs=("*.js",))
    assert {f.file_path for f in engine.scan(tree, options)} == {"web/app.py"}


def test_scan_over_time_budget_raises_actionable_timeout(engine: SemgrepEngine, tree: Path) -> None:
    with pytest.raises(EngineTimeout, match=r"\.pairsecignore"):
        engine.scan(tree, EngineOptions(jobs=1, timeout_seconds=0.05))


def test_broken_project_rules_leave_the_pack_running_with_a_warning(
    engine: SemgrepEngine, tree: Path, findings: list[Finding], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "rules:\n  - id: custom.broken\n    languages: [python]\n    severity: ERROR\n"
        "    message: x\n    pattern: eval(\n"
    )
    options = EngineOptions(jobs=1, extra_rule_paths=(broken,))
    found = engine.scan(tree, options)
    assert {f.fingerprint for f in found} == {f.fingerprint for f in findings}
    assert len(options.warnings) == 1 and "custom.broken" in options.warnings[0], options.warnings
    assert "Pairsec rule pack only" in options.warnings[0]


def test_rules_the_pack_itself_cannot_load_still_fail_the_scan(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "bad.yaml").write_text("rules:\n  - id: pack.bad\n    languages: [python]\n")
    with pytest.raises(EngineFailed, match=r"pack\.bad|rejected|invalid"):
        SemgrepEngine(rules_dir=tmp_path / "pack").scan(tree, EngineOptions(jobs=1))


def test_extra_rules_run_beside_the_pack_and_keep_their_ids(
    engine: SemgrepEngine, tree: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "own"
    extra.mkdir()
    (extra / "own.yml").write_text(
        "rules:\n  - id: acme.no-os-system\n    languages: [python]\n    severity: WARNING\n"
        "    message: our own rule\n    pattern: os.system(...)\n"
    )
    options = EngineOptions(jobs=1, extra_rule_paths=(extra,))
    rule_ids = {f.rule_id for f in engine.scan(tree, options)}
    assert {"acme.no-os-system", "python.flask.sqli-taint"} <= rule_ids
    assert options.warnings == []


def test_version_is_semgrep_release_number(engine: SemgrepEngine) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", engine.version())
    assert engine.version() is engine.version()
