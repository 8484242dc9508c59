"""Run bandit over the corpus' Python SAST cases as a reference point for the sast engine.

Bandit is not a project dependency: install it in a scratch virtualenv and pass its path, e.g.
python3.11 -m venv /tmp/bandit-venv && /tmp/bandit-venv/bin/pip install bandit
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from corpus_scoring import Hit

# Bandit names a weakness by its own CWE choice; these tests also cover the labels we use for the
# same weakness (e.g. bandit files eval under CWE-78, a hard-coded password under CWE-259).
EXTRA_CWES: dict[str, frozenset[str]] = {
    "B102": frozenset({"CWE-95"}),
    "B105": frozenset({"CWE-798"}),
    "B106": frozenset({"CWE-798"}),
    "B107": frozenset({"CWE-798"}),
    "B201": frozenset({"CWE-489"}),
    "B202": frozenset({"CWE-22"}),
    "B301": frozenset({"CWE-502"}),
    "B303": frozenset({"CWE-328", "CWE-916"}),
    "B304": frozenset({"CWE-327"}),
    "B305": frozenset({"CWE-327"}),
    "B307": frozenset({"CWE-95"}),
    "B308": frozenset({"CWE-79"}),
    "B310": frozenset({"CWE-918"}),
    "B311": frozenset({"CWE-338"}),
    "B313": frozenset({"CWE-611"}),
    "B320": frozenset({"CWE-611"}),
    "B321": frozenset({"CWE-319"}),
    "B324": frozenset({"CWE-328", "CWE-916"}),
    "B410": frozenset({"CWE-611"}),
    "B413": frozenset({"CWE-327"}),
    "B502": frozenset({"CWE-326"}),
    "B503": frozenset({"CWE-326"}),
    "B504": frozenset({"CWE-326"}),
    "B505": frozenset({"CWE-326"}),
    "B506": frozenset({"CWE-502"}),
    "B507": frozenset({"CWE-295"}),
    "B701": frozenset({"CWE-79", "CWE-1336"}),
    "B703": frozenset({"CWE-79"}),
    "B704": frozenset({"CWE-79"}),
}


def bandit_hits(bandit: Path, root: Path, paths: list[str]) -> list[Hit]:
    """Bandit's findings on the given files (relative to root), as sast hits."""
    completed = subprocess.run(
        [str(bandit), "-f", "json", "-q", *paths], cwd=root, capture_output=True, text=True, check=False
    )
    report = json.loads(completed.stdout)
    hits = []
    for result in report["results"]:
        own = result.get("issue_cwe", {}).get("id")
        cwes = EXTRA_CWES.get(result["test_id"], frozenset()) | ({f"CWE-{own}"} if own else set())
        hits.append(Hit("sast", Path(result["filename"]).as_posix().removeprefix("./"), frozenset(cwes)))
    return hits


def bandit_version(bandit: Path) -> str:
    completed = subprocess.run([str(bandit), "--version"], capture_output=True, text=True, check=False)
    return completed.stdout.splitlines()[0].strip() if completed.stdout else "bandit (unknown version)"
