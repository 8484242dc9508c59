"""The accuracy corpus' manifest: every case file labelled once, every label backed by a file."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MANIFEST = CORPUS / "labels.json"
NOT_CASES = {"labels.json", "secret_cases.py"}
ENGINES = {"sast", "secrets", "dependencies"}
EXPECTED = {"vulnerable", "safe"}
CWE = re.compile(r"^CWE-\d+$")


def cases() -> list[dict[str, Any]]:
    return json.loads(MANIFEST.read_text())["cases"]


def secret_cases() -> ModuleType:
    spec = importlib.util.spec_from_file_location("secret_cases", CORPUS / "secret_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_has_at_least_300_cases() -> None:
    assert len(cases()) >= 300


def test_every_label_is_well_formed_and_unique() -> None:
    paths = [case["path"] for case in cases()]
    assert len(paths) == len(set(paths))
    for case in cases():
        assert set(case) == {"path", "language", "engine", "cwe", "expected"}, case
        assert case["engine"] in ENGINES and case["expected"] in EXPECTED, case
        assert CWE.match(case["cwe"]) and case["language"], case


def test_every_committed_case_file_is_labelled_and_every_label_has_a_file(tmp_path: Path) -> None:
    labelled = {case["path"] for case in cases()}
    committed = {
        p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p.name not in NOT_CASES
    }
    committed = {p for p in committed if "__pycache__" not in p}
    generated = set(secret_cases().write_secret_cases(tmp_path))
    assert committed - labelled == set(), "unlabelled corpus files"
    assert labelled - committed - generated == set(), "labels without a file"
    assert generated <= labelled, "generated secrets cases without a label"


def test_generated_secrets_are_the_same_on_every_run(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    paths = secret_cases().write_secret_cases(first)
    secret_cases().write_secret_cases(second)
    assert all((first / p).read_bytes() == (second / p).read_bytes() for p in paths)


def test_each_cwe_and_language_pair_has_vulnerable_and_safe_cases() -> None:
    classes: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for case in cases():
        classes[(case["engine"], case["cwe"], case["language"])].add(case["expected"])
    lopsided = sorted(key for key, seen in classes.items() if seen != EXPECTED)
    assert not lopsided, lopsided


def test_sast_cases_cover_the_four_rule_pack_languages() -> None:
    languages = {case["language"] for case in cases() if case["engine"] == "sast"}
    assert {"python", "javascript", "java", "go"} <= languages
