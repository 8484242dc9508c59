"""Time the SAST engine against plain `semgrep scan` with the same rules on a large real codebase.

Target (issue 5): the engine, run exactly as the worker runs it (same --jobs, same options), takes
at most 1.1x the time of plain `semgrep scan --config scanners/rules --json` on the same tree.

    .venv/bin/python bench/sast_speed.py --runs 3

The Django 5.1.4 sdist is downloaded once into /tmp/pairsec-bench with
`pip download --no-deps --no-binary :all: django==5.1.4` and unpacked there: outside any git
work tree, since plain semgrep applies the .gitignore of a repository around the tree (a tree
under this repository's git-ignored folders would scan no file at all). Runs alternate
(plain, engine, plain, engine, ...) so load from other processes on the machine falls on both
sides alike; the figure reported is the ratio of the medians. On a shared machine wall time swings
with other jobs, so CPU time is reported too (semgrep's processes plus, for the engine, our own
parsing and fingerprinting in this process): the same work, far less dependent on the load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from scanners.engine import EngineOptions
from scanners.semgrep import OFFLINE_FLAGS, RULE_PACK_DIR, SemgrepEngine, find_semgrep, semgrep_env

DJANGO_VERSION = "5.1.4"
DEFAULT_CACHE = Path("/tmp/pairsec-bench")
# What the worker passes (infra/scanning.py and scanners/worker.py): all cores, the scan time limit.
WORKER_JOBS = os.cpu_count() or 1
WORKER_TIMEOUT_SECONDS = 900.0


def django_tree(cache: Path) -> Path:
    """The unpacked Django sdist, downloaded and unpacked on first use."""
    tree = cache / f"Django-{DJANGO_VERSION}"
    if tree.is_dir():
        return tree
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / f"Django-{DJANGO_VERSION}.tar.gz"
    if not archive.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             f"django=={DJANGO_VERSION}", "-d", str(cache)],
            check=True,
        )  # fmt: skip
    with tarfile.open(archive) as bundle:
        bundle.extractall(cache, filter="data")
    return tree


def inside_git_work_tree(tree: Path) -> bool:
    completed = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True
    )
    return completed.returncode == 0 and completed.stdout.strip() == "true"


def plain_command(jobs: int) -> list[str]:
    return [
        str(find_semgrep()), "scan", "--config", str(RULE_PACK_DIR.resolve()), *OFFLINE_FLAGS,
        "--json", "--jobs", str(jobs), ".",
    ]  # fmt: skip


def children_cpu() -> float:
    """CPU seconds of every finished child process (and their waited-for descendants) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    results: int
    scanned: int


def run_plain(tree: Path, jobs: int) -> Run:
    """One plain semgrep run (its JSON is read afterwards, outside the timing)."""
    started, cpu = time.perf_counter(), children_cpu()
    completed = subprocess.run(
        plain_command(jobs), cwd=tree, env=semgrep_env(), capture_output=True, text=True, check=False
    )
    wall, used = time.perf_counter() - started, children_cpu() - cpu
    if completed.returncode not in (0, 1):
        raise SystemExit(f"plain semgrep failed ({completed.returncode}): {completed.stderr[-2000:]}")
    report = json.loads(completed.stdout)
    return Run(wall, used, len(report.get("results", [])), len(report.get("paths", {}).get("scanned", [])))


def run_engine(engine: SemgrepEngine, tree: Path, options: EngineOptions) -> Run:
    """One engine run: exclusions, semgrep, parsing and fingerprinting."""
    started, cpu, own = time.perf_counter(), children_cpu(), time.process_time()
    report = engine.scan_report(tree, options)
    used = children_cpu() - cpu + time.process_time() - own
    return Run(time.perf_counter() - started, used, len(report.findings), report.scanned_files)


def median_of(runs: list[Run], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each side (default 3)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--tree", type=Path, help="scan this tree instead of the Django sdist")
    parser.add_argument("--jobs", type=int, default=WORKER_JOBS, help="semgrep --jobs for both sides")
    args = parser.parse_args()
    tree = (args.tree or django_tree(args.cache)).resolve()
    if inside_git_work_tree(tree):
        raise SystemExit(f"{tree} is inside a git work tree: plain semgrep would apply its .gitignore")
    engine = SemgrepEngine()
    options = EngineOptions(jobs=args.jobs, timeout_seconds=WORKER_TIMEOUT_SECONDS)
    print(f"tree: {tree}  semgrep {engine.version()}  --jobs {args.jobs}  load {os.getloadavg()}")
    print("plain:", " ".join(plain_command(args.jobs)))
    print("engine:", " ".join(engine.command(tree, options)[:12]), "... (exclusions) .")
    plain: list[Run] = []
    ours: list[Run] = []
    for number in range(1, args.runs + 1):
        for side, runs in (("plain ", plain), ("engine", ours)):
            runs.append(run_plain(tree, args.jobs) if runs is plain else run_engine(engine, tree, options))
            last = runs[-1]
            print(
                f"run {number} {side} wall {last.wall:7.2f} s  cpu {last.cpu:7.2f} s  {last.results} results,"
                f" {last.scanned} files scanned  load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    ratios = {what: median_of(ours, what) / median_of(plain, what) for what in ("wall", "cpu")}
    for what, ratio in ratios.items():
        print(
            f"median {what}: plain {median_of(plain, what):.2f} s, engine {median_of(ours, what):.2f} s, "
            f"ratio {ratio:.2f} (target <= 1.10)"
        )
    sys.exit(0 if ratios["wall"] <= 1.10 else 1)


if __name__ == "__main__":
    main()
