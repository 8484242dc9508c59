"""Translating .gitignore / .pairsecignore lines into root-anchored exclusion patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanners.ignore_files import VENDORED_EXCLUDES, exclude_patterns, translate_ignore_line


@pytest.mark.parametrize(
    ("line", "folder", "expected"),
    [
        ("secrets.py", "", "secrets.py"),
        ("/build-output/", "", "/build-output/"),
        ("docs/generated", "", "/docs/generated"),
        ("*.log", "services/api", "/services/api/**/*.log"),
        ("/cache/", "services/api", "/services/api/cache/"),
        ("\\#notes.txt", "", "#notes.txt"),
    ],
)
def test_ignore_line_becomes_root_anchored_pattern(line: str, folder: str, expected: str) -> None:
    assert translate_ignore_line(line, folder) == expected


@pytest.mark.parametrize("line", ["", "   ", "# comment", "!keep.py", "/"])
def test_blank_comment_and_negation_lines_are_dropped(line: str) -> None:
    assert translate_ignore_line(line, "") is None


def test_patterns_come_from_nested_ignore_files_but_not_vendored_folders(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("local_settings.py\n")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / ".pairsecignore").write_text("fixtures/\n")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / ".gitignore").write_text("src/\n")
    patterns = exclude_patterns(tmp_path, ("*.snap",))
    assert patterns[: len(VENDORED_EXCLUDES)] == list(VENDORED_EXCLUDES)
    assert patterns[len(VENDORED_EXCLUDES) :] == ["local_settings.py", "/svc/**/fixtures/", "*.snap"]


def test_linked_ignore_file_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("everything/\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".gitignore").symlink_to(outside)
    assert exclude_patterns(root) == list(VENDORED_EXCLUDES)
