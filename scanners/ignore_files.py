"""Which paths a scan skips: vendored, minified and generated code, plus `.gitignore` / `.pairsecignore`.

Patterns use gitignore syntax and are handed to the engine as exclusions, so a plain folder (an
uploaded archive) is filtered exactly like a git checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

IGNORE_FILE_NAMES = (".gitignore", ".pairsecignore")

# Third-party, bundled or machine-written code: findings there are not the project's to fix.
VENDORED_EXCLUDES = (
    ".git/",
    "node_modules/",
    "bower_components/",
    "jspm_packages/",
    "vendor/",
    "third_party/",
    "dist/",
    "build/",
    "out/",
    "target/",
    ".venv/",
    "venv/",
    "site-packages/",
    "__pycache__/",
    ".tox/",
    ".next/",
    ".nuxt/",
    "coverage/",
    "*.min.js",
    "*-min.js",
    "*.min.mjs",
    "*.bundle.js",
    "*.chunk.js",
    "*.map",
    "*_pb2.py",
    "*_pb2_grpc.py",
    "*.pb.go",
    "*.pb.gw.go",
    "zz_generated*.go",
    "*_generated.go",
    "*.generated.ts",
    "*.d.ts",
)

_PRUNED_DIRS = frozenset(p.rstrip("/") for p in VENDORED_EXCLUDES if p.endswith("/"))
_MAX_IGNORE_FILE_BYTES = 256_000
_MAX_PATTERNS = 2_000


def translate_ignore_line(line: str, folder: str) -> str | None:
    """One gitignore line of a file in `folder` (posix, '' for the root) as a root-anchored pattern.

    Returns None for blanks, comments and negations: an exclusion list cannot re-include a path,
    so a `!pattern` is dropped and the broader exclusion wins (we may skip more, never less).
    """
    line = line.rstrip("\n\r")
    if not line.strip() or line.startswith("#") or line.startswith("!"):
        return None
    if not line.endswith("\\ "):
        line = line.rstrip()
    if line[:2] in ("\\#", "\\!"):
        line = line[1:]
    dir_only = line.endswith("/")
    body = line.rstrip("/")
    if not body:
        return None
    anchored = "/" in body
    body = body.lstrip("/")
    suffix = "/" if dir_only else ""
    if not folder:
        return ("/" + body if anchored else body) + suffix
    return "/" + folder + "/" + (body if anchored else "**/" + body) + suffix


def _read_ignore_file(path: Path, folder: str) -> list[str]:
    # Never follow links out of an untrusted tree, and refuse absurdly large files.
    if path.is_symlink() or not path.is_file() or path.stat().st_size > _MAX_IGNORE_FILE_BYTES:
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    patterns = (translate_ignore_line(line, folder) for line in text.splitlines())
    return [p for p in patterns if p]


def ignore_file_patterns(root: Path) -> list[str]:
    """Exclusion patterns from every `.gitignore` and `.pairsecignore` below root, root-anchored."""
    patterns: list[str] = []
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _PRUNED_DIRS)
        folder = Path(current).relative_to(root).as_posix()
        folder = "" if folder == "." else folder
        for name in IGNORE_FILE_NAMES:
            if name in files:
                patterns.extend(_read_ignore_file(Path(current) / name, folder))
        if len(patterns) >= _MAX_PATTERNS:
            break
    return list(dict.fromkeys(patterns))[:_MAX_PATTERNS]


def exclude_patterns(root: Path, extra_globs: tuple[str, ...] = ()) -> list[str]:
    """Everything a scan of root must skip: vendored defaults, ignore files, then the scan's own globs."""
    return list(dict.fromkeys([*VENDORED_EXCLUDES, *ignore_file_patterns(root), *extra_globs]))
