"""Fingerprints identify a finding across scans: stable under moves, distinct for distinct matches."""

from __future__ import annotations

from domain.finding import Confidence, Finding, Severity, fingerprint, with_fingerprints


def _finding(path: str, line: int, code: str, rule: str = "python.sqli") -> Finding:
    return Finding(
        rule, "sast", Severity.HIGH, Confidence.HIGH, "t", "m", path, line, line, matched_code=code
    )


def test_moving_code_down_the_file_keeps_the_fingerprint() -> None:
    assert fingerprint("r", "app/db.py", "cursor.execute(q)") == fingerprint(
        "r", "app/db.py", "cursor.execute(q)"
    )
    a = list(with_fingerprints([_finding("app/db.py", 10, "cursor.execute(q)")]))
    b = list(with_fingerprints([_finding("app/db.py", 42, "cursor.execute(q)")]))
    assert a[0].fingerprint == b[0].fingerprint


def test_reindenting_keeps_the_fingerprint() -> None:
    assert fingerprint("r", "a.py", "x = f(a,\n    b)") == fingerprint("r", "a.py", "  x = f(a, b)")


def test_two_identical_lines_in_one_file_stay_two_findings() -> None:
    found = list(with_fingerprints([_finding("a.py", 3, "eval(x)"), _finding("a.py", 9, "eval(x)")]))
    assert len({f.fingerprint for f in found}) == 2


def test_renaming_a_folder_upstream_keeps_the_fingerprint() -> None:
    before = list(with_fingerprints([_finding("src/app/db.py", 3, "eval(x)")]))
    after = list(with_fingerprints([_finding("source/app/db.py", 3, "eval(x)")]))
    assert before[0].fingerprint == after[0].fingerprint


def test_different_rules_on_the_same_code_differ() -> None:
    assert fingerprint("r1", "a.py", "eval(x)") != fingerprint("r2", "a.py", "eval(x)")
