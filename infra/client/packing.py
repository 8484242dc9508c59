"""Pack a working tree into a .tar.gz for upload, honouring `.gitignore` and `.pairsecignore`.

Ignore files apply to their own folder and below, deeper files and later lines win (as in git);
`.pairsecignore` is read after `.gitignore` in the same folder, so it can re-include with `!`.
"""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

IGNORE_FILE_NAMES = (".gitignore", ".pairsecignore")
ALWAYS_SKIPPED = frozenset({".git"})


@dataclass(frozen=True)
class _Rules:
    base: str  # folder of the ignore files, relative to the root, "" for the root itself
    spec: GitIgnoreSpec


def _rules_in(folder: Path, base: str) -> _Rules | None:
    lines: list[str] = []
    for name in IGNORE_FILE_NAMES:
        path = folder / name
        if path.is_file():
            lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    return _Rules(base, GitIgnoreSpec.from_lines(lines)) if lines else None


def _is_ignored(rel: str, is_dir: bool, stack: list[_Rules]) -> bool:
    """The deepest ignore file with a matching line decides; within it the last matching line."""
    for rules in reversed(stack):
        local = rel[len(rules.base) + 1 :] if rules.base else rel
        candidate = f"{local}/" if is_dir else local
        verdict: bool | None = None
        for pattern in rules.spec.patterns:
            if pattern.include is not None and pattern.match_file(candidate) is not None:
                verdict = bool(pattern.include)
        if verdict is not None:
            return verdict
    return False


def iter_files(root: Path) -> Iterator[str]:
    """Relative POSIX paths of the files to scan under root, in a stable order (symlinks are skipped)."""
    stacks: dict[str, list[_Rules]] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel_folder = here.relative_to(root).as_posix()
        rel_folder = "" if rel_folder == "." else rel_folder
        parent = stacks.get(rel_folder.rpartition("/")[0], []) if rel_folder else []
        own = _rules_in(here, rel_folder)
        stack = [*parent, own] if own else parent
        stacks[rel_folder] = stack

        def rel(name: str, folder_rel: str = rel_folder) -> str:
            return f"{folder_rel}/{name}" if folder_rel else name

        dirs[:] = sorted(
            d
            for d in dirs
            if d not in ALWAYS_SKIPPED
            and not (here / d).is_symlink()
            and not _is_ignored(rel(d), True, stack)
        )
        for name in sorted(files):
            if name in ALWAYS_SKIPPED or (here / name).is_symlink():
                continue
            if not _is_ignored(rel(name), False, stack):
                yield rel(name)


def pack_tree(root: Path) -> tuple[bytes, int]:
    """The tree as .tar.gz bytes and the number of files in it."""
    buffer = io.BytesIO()
    count = 0
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for rel in iter_files(root):
            archive.add(root / rel, arcname=rel, recursive=False)
            count += 1
    return buffer.getvalue(), count
