"""Score engine findings against the labelled corpus: per-case verdicts and precision/recall tables.

A vulnerable case is a true positive when at least one finding of its engine with its CWE lands in
its file; a safe case is a false positive when any such finding does. Findings of severity "info" do
not count: that is how the secrets engine marks a value it judged to be a placeholder.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_CWE = re.compile(r"CWE-\d+")


@dataclass(frozen=True)
class Case:
    path: str
    language: str
    engine: str
    cwe: str
    expected: str  # "vulnerable" | "safe"


@dataclass(frozen=True)
class Hit:
    """What scoring needs of a finding: where it landed and which CWEs it claims."""

    engine: str
    path: str
    cwes: frozenset[str]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, detected: bool, vulnerable: bool) -> None:
        if vulnerable:
            self.tp, self.fn = self.tp + detected, self.fn + (not detected)
        else:
            self.fp, self.tn = self.fp + detected, self.tn + (not detected)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scores:
    by_cwe: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_language: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_engine: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    overall: Tally = field(default_factory=Tally)
    wrong: list[tuple[str, Case]] = field(default_factory=list)  # ("missed" | "false alarm", case)


def load_cases(manifest: Path) -> list[Case]:
    return [Case(**entry) for entry in json.loads(manifest.read_text())["cases"]]


def cwes_of(values: Iterable[str]) -> frozenset[str]:
    """The bare CWE ids ("CWE-89") in a finding's cwe strings ("CWE-89: Improper ...")."""
    return frozenset(m.group(0) for value in values for m in _CWE.finditer(value))


def score(cases: Iterable[Case], hits: Iterable[Hit]) -> Scores:
    claimed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for hit in hits:
        claimed[(hit.engine, hit.path)].update(hit.cwes)
    scores = Scores()
    for case in cases:
        detected = case.cwe in claimed[(case.engine, case.path)]
        vulnerable = case.expected == "vulnerable"
        for tally in (
            scores.by_cwe[(case.engine, case.cwe)],
            scores.by_language[(case.engine, case.language)],
            scores.by_engine[case.engine],
            scores.overall,
        ):
            tally.add(detected, vulnerable)
        if detected != vulnerable:
            scores.wrong.append(("missed" if vulnerable else "false alarm", case))
    return scores


def _row(cells: list[str], markdown: bool) -> str:
    if markdown:
        return "| " + " | ".join(cells) + " |"
    widths = (13, 16, 5, 4, 4, 4, 4, 10, 7)
    return " ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()


def _cells(engine: str, group: str, t: Tally) -> list[str]:
    cases = t.tp + t.fp + t.fn + t.tn
    return [
        engine,
        group,
        str(cases),
        str(t.tp),
        str(t.fp),
        str(t.fn),
        str(t.tn),
        f"{t.precision:.1%}",
        f"{t.recall:.1%}",
    ]


def table(scores: Scores, markdown: bool = False, with_languages: bool = True) -> str:
    header = ["engine", "CWE / group", "cases", "TP", "FP", "FN", "TN", "precision", "recall"]
    lines = [_row(header, markdown)]
    if markdown:
        lines.append("|" + "---|" * len(header))
    for (engine, cwe), tally in sorted(scores.by_cwe.items(), key=lambda kv: (kv[0][0], int(kv[0][1][4:]))):
        lines.append(_row(_cells(engine, cwe, tally), markdown))
    if with_languages:
        for (engine, language), tally in sorted(scores.by_language.items()):
            lines.append(_row(_cells(engine, f"lang:{language}", tally), markdown))
    for engine, tally in sorted(scores.by_engine.items()):
        lines.append(_row(_cells(engine, "ALL", tally), markdown))
    lines.append(_row(_cells("overall", "ALL", scores.overall), markdown))
    return "\n".join(lines)
