"""Precision and recall of the three engines on the labelled corpus in tests/corpus.

.venv/bin/python bench/accuracy.py                 # table; exit 1 below 85% precision or recall
.venv/bin/python bench/accuracy.py --markdown      # the same as a markdown table (bench/RESULTS.md)
.venv/bin/python bench/accuracy.py --bandit /tmp/bandit-venv/bin/bandit   # plus bandit on Python

The corpus is copied to a temporary folder first: semgrep's default ignores skip folders named
tests/, and the secrets cases are only written there (see tests/corpus/secret_cases.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bandit_reference import bandit_hits, bandit_version
from corpus_scoring import Case, Hit, Scores, cwes_of, load_cases, score, table

from domain.advisory import Advisory
from domain.finding import Finding, Severity
from scanners.dependencies import DependencyEngine
from scanners.engine import EngineOptions
from scanners.lockfiles import normalise_name
from scanners.secrets import SecretsEngine
from scanners.semgrep import SemgrepEngine

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
OSV_FIXTURES = REPO / "tests" / "fixtures" / "osv"
THRESHOLD = 0.85


def fixture_advisories() -> DependencyEngine:
    """The dependencies engine answering from the hand-written OSV fixtures (offline, fixed)."""
    by_package: dict[tuple[str, str], list[Advisory]] = defaultdict(list)
    for path in sorted(OSV_FIXTURES.glob("*.json")):
        advisory = Advisory.from_osv(json.loads(path.read_text()))
        for package in advisory.affected:
            by_package[(package.ecosystem, normalise_name(package.ecosystem, package.name))].append(advisory)
    return DependencyEngine(lambda ecosystem, name: list(by_package.get((ecosystem, name), [])))


def materialise(cases: list[Case], root: Path) -> None:
    """Copy the labelled files into root and write the generated secrets cases there."""
    spec = importlib.util.spec_from_file_location("secret_cases", CORPUS / "secret_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_secret_cases(root)
    for case in cases:
        source = CORPUS / case.path
        if source.is_file():
            (root / case.path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / case.path)
    missing = [c.path for c in cases if not (root / c.path).is_file()]
    if missing:
        raise SystemExit(f"labelled files missing from the corpus: {missing[:5]}")


def as_hits(findings: list[Finding]) -> list[Hit]:
    return [Hit(f.engine, f.file_path, cwes_of(f.cwe)) for f in findings if f.severity is not Severity.INFO]


def run_engines(root: Path, sast_files: int) -> list[Hit]:
    options = EngineOptions(jobs=1, timeout_seconds=1800.0)
    report = SemgrepEngine().scan_report(root, options)
    if report.scanned_files < sast_files:
        raise SystemExit(f"semgrep scanned {report.scanned_files} files, fewer than the {sast_files} cases")
    hits = as_hits(report.findings)
    hits += as_hits(SecretsEngine().scan(root, options))
    hits += as_hits(fixture_advisories().scan(root, options))
    return hits


def passed(scores: Scores) -> bool:
    return scores.overall.precision >= THRESHOLD and scores.overall.recall >= THRESHOLD


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--markdown", action="store_true", help="print markdown tables")
    parser.add_argument("--bandit", type=Path, help="path to a bandit executable: adds a Python reference")
    parser.add_argument("--details", action="store_true", help="list every missed case and false alarm")
    args = parser.parse_args(argv)

    cases = load_cases(CORPUS / "labels.json")
    with tempfile.TemporaryDirectory(prefix="pairsec-corpus-") as tmp:
        root = Path(tmp)
        materialise(cases, root)
        hits = run_engines(root, sum(c.engine == "sast" for c in cases))
        scores = score(cases, hits)
        print(table(scores, markdown=args.markdown))
        if args.details:
            for kind, case in sorted(scores.wrong, key=lambda w: (w[1].engine, w[1].path)):
                print(f"{kind:12} {case.engine:12} {case.cwe:9} {case.path}")
        if args.bandit:
            python = [c for c in cases if c.engine == "sast" and c.language == "python"]
            ours = score(python, hits)
            theirs = score(python, bandit_hits(args.bandit, root, [c.path for c in python]))
            print(f"\nPython SAST cases: {bandit_version(args.bandit)} (reference) vs the sast engine")
            print(table(theirs, markdown=args.markdown, with_languages=False).replace("sast", "bandit"))
            print(
                f"sast engine on the same cases: precision {ours.overall.precision:.1%}, "
                f"recall {ours.overall.recall:.1%}"
            )
    overall = scores.overall
    print(
        f"\n{'PASS' if passed(scores) else 'FAIL'}: overall precision {overall.precision:.1%}, "
        f"recall {overall.recall:.1%} (threshold {THRESHOLD:.0%} each)",
        file=sys.stderr,
    )
    return 0 if passed(scores) else 1


if __name__ == "__main__":
    sys.exit(main())
