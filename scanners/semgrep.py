"""The `sast` engine: runs the semgrep CLI offline with the Pairsec rule pack over a source tree."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from domain.finding import Finding
from scanners.engine import EngineOptions
from scanners.engine_errors import (
    EngineCancelled,
    EngineFailed,
    EngineRulesRejected,
    EngineTimeout,
    EngineUnavailable,
)
from scanners.ignore_files import exclude_patterns
from scanners.semgrep_results import ENGINE_NAME, SemgrepReport, parse_report

RULE_PACK_DIR = Path(__file__).parent / "rules"
# Without these semgrep phones home and each run stalls for about 95 s on an offline host.
OFFLINE_FLAGS = ("--metrics=off", "--disable-version-check")
OFFLINE_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
DEFAULT_PER_FILE_TIMEOUT = 30
_VERSION_TIMEOUT = 60.0


def find_semgrep() -> Path:
    """The semgrep program of this virtualenv if present, else the first one on PATH."""
    beside_python = Path(sys.executable).parent / "semgrep"
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return beside_python
    on_path = shutil.which("semgrep")
    if on_path:
        return Path(on_path)
    raise EngineUnavailable(
        "semgrep is not installed on this worker: install it with pip install 'semgrep>=1.90,<2'"
    )


def semgrep_env() -> dict[str, str]:
    """The child's environment: ours, forced offline."""
    return {**os.environ, **OFFLINE_ENV}


class SemgrepEngine:
    """Static analysis with semgrep and the Pairsec rule pack."""

    name = ENGINE_NAME

    def __init__(
        self,
        rules_dir: Path = RULE_PACK_DIR,
        semgrep_path: Path | None = None,
        per_file_timeout: int = DEFAULT_PER_FILE_TIMEOUT,
    ) -> None:
        self._rules_dir = rules_dir
        self._semgrep_path = semgrep_path
        self._per_file_timeout = per_file_timeout
        self._version: str | None = None

    @property
    def semgrep_path(self) -> Path:
        if self._semgrep_path is None:
            self._semgrep_path = find_semgrep()
        return self._semgrep_path

    def version(self) -> str:
        if self._version is None:
            completed = self._run(
                [str(self.semgrep_path), "--version", *OFFLINE_FLAGS], Path.cwd(), _VERSION_TIMEOUT
            )
            if completed.returncode != 0:
                raise EngineFailed(f"semgrep --version failed: {completed.stderr.strip()[-500:]}")
            self._version = completed.stdout.strip().splitlines()[-1].strip()
        return self._version

    def command(self, root: Path, options: EngineOptions) -> list[str]:
        """The semgrep command line for scanning root (run with root as working directory)."""
        jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
        per_file = max(1, min(self._per_file_timeout, int(options.timeout_seconds)))
        cmd = [
            str(self.semgrep_path),
            "scan",
            "--json",
            *OFFLINE_FLAGS,
            "--no-rewrite-rule-ids",
            # A fixed project root makes semgrep treat every tree alike (git checkout or archive):
            # it does not ask git, and our own exclusions below carry .gitignore/.pairsecignore.
            "--project-root",
            ".",
            "--jobs",
            str(jobs),
            "--timeout",
            str(per_file),
            "--max-target-bytes",
            str(options.max_file_bytes),
        ]
        for config in (self._rules_dir, *options.extra_rule_paths):
            cmd += ["--config", str(Path(config).resolve())]
        for rule_id in sorted(options.disabled_rules):
            cmd += ["--exclude-rule", rule_id]
        for pattern in exclude_patterns(root, options.excluded_globs):
            cmd.append(f"--exclude={pattern}")
        cmd.append(".")
        return cmd

    def scan(self, root: Path, options: EngineOptions) -> list[Finding]:
        return self.scan_report(root, options).findings

    def scan_report(self, root: Path, options: EngineOptions) -> SemgrepReport:
        """Findings plus the count of files semgrep could not analyse (tolerated, reported).

        Rules of the project's own (options.extra_rule_paths) that semgrep rejects do not fail the
        scan: it runs again with the pack alone and says why in options.warnings.
        """
        try:
            return self._scan_once(root, options)
        except EngineRulesRejected as rejected:
            if not options.extra_rule_paths:
                raise
            pack_only = dataclasses.replace(options, extra_rule_paths=())
            report = self._scan_once(root, pack_only)
            message = rejected.detail.replace(str(root.resolve()), ".").replace(str(root), ".")
            options.warnings.append(
                "the project's rules were not used: semgrep rejected them: "
                f"{message[:1000]}; the scan ran with the Pairsec rule pack only"
            )
            return report

    def _scan_once(self, root: Path, options: EngineOptions) -> SemgrepReport:
        completed = self._run(self.command(root, options), root, options.timeout_seconds, options.cancel)
        try:
            report = json.loads(completed.stdout)
        except json.JSONDecodeError:
            raise EngineFailed(
                f"semgrep exited with status {completed.returncode} without a report: "
                f"{completed.stderr.strip()[-1000:]}"
            ) from None
        parsed = parse_report(report, root, options.disabled_rules)
        if self._version is None and isinstance(report, dict) and isinstance(report.get("version"), str):
            # The report names its version: no second semgrep start (~1.5 s) just to ask for it.
            self._version = report["version"]
        if completed.returncode not in (0, 1):
            raise EngineFailed(
                f"semgrep exited with status {completed.returncode}: {completed.stderr.strip()[-1000:]}"
            )
        return parsed

    def _run(
        self, cmd: list[str], cwd: Path, timeout: float, cancel: threading.Event | None = None
    ) -> subprocess.CompletedProcess[str]:
        try:
            # Own session, so a timeout can kill semgrep and its semgrep-core workers together.
            process = subprocess.Popen(
                cmd,
                cwd=cwd,
                env=semgrep_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
            )
        except OSError as error:
            raise EngineUnavailable(f"cannot start semgrep at {cmd[0]}: {error}") from error
        deadline = time.monotonic() + timeout
        while True:
            try:
                # Short waits, so a cancelled scan stops semgrep within a fraction of a second.
                stdout, stderr = process.communicate(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.is_set():
                    _kill_group(process)
                    raise EngineCancelled("the scan was stopped") from None
                if time.monotonic() > deadline:
                    _kill_group(process)
                    raise EngineTimeout(
                        f"semgrep did not finish within {timeout:g} s and was stopped; raise the scan "
                        "timeout or list large generated folders in a .pairsecignore file at the "
                        "repository root"
                    ) from None
        return subprocess.CompletedProcess(cmd, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
