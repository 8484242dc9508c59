"""What `pairsec scan` packs: .gitignore and .pairsecignore honoured like git, .git never."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from infra.client.packing import iter_files, pack_tree


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_git_folder_is_never_packed(tmp_path: Path) -> None:
    _tree(tmp_path, {"app.py": "", ".git/config": "", ".git/objects/ab/cd": "", "sub/.git": "gitdir: x"})
    assert list(iter_files(tmp_path)) == ["app.py"]


def test_gitignore_excludes_files_and_folders(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "*.log\nbuild/\n", "app.py": "", "debug.log": "", "build/out.py": ""})
    assert list(iter_files(tmp_path)) == [".gitignore", "app.py"]


def test_pairsecignore_excludes_what_git_keeps(tmp_path: Path) -> None:
    _tree(tmp_path, {".pairsecignore": "fixtures/\n", "app.py": "", "fixtures/fake_keys.py": ""})
    assert "fixtures/fake_keys.py" not in list(iter_files(tmp_path))


def test_pairsecignore_can_re_include_what_gitignore_excludes(tmp_path: Path) -> None:
    _tree(
        tmp_path, {".gitignore": "*.cfg\n", ".pairsecignore": "!deploy.cfg\n", "deploy.cfg": "", "x.cfg": ""}
    )
    files = list(iter_files(tmp_path))
    assert "deploy.cfg" in files and "x.cfg" not in files


def test_negation_re_includes_a_file(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "*.txt\n!keep.txt\n", "keep.txt": "", "drop.txt": ""})
    assert list(iter_files(tmp_path)) == [".gitignore", "keep.txt"]


def test_nested_gitignore_applies_to_its_folder_only(tmp_path: Path) -> None:
    _tree(tmp_path, {"web/.gitignore": "*.py\n", "web/app.py": "", "api/app.py": ""})
    files = list(iter_files(tmp_path))
    assert "api/app.py" in files and "web/app.py" not in files


def test_nested_negation_overrides_the_parent_rule(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {".gitignore": "*.sql\n", "db/.gitignore": "!schema.sql\n", "db/schema.sql": "", "x.sql": ""},
    )
    files = list(iter_files(tmp_path))
    assert "db/schema.sql" in files and "x.sql" not in files


def test_anchored_pattern_matches_relative_to_its_ignore_file(tmp_path: Path) -> None:
    _tree(tmp_path, {"lib/.gitignore": "/gen.py\n", "lib/gen.py": "", "lib/deep/gen.py": "", "gen.py": ""})
    files = list(iter_files(tmp_path))
    assert "lib/gen.py" not in files and "lib/deep/gen.py" in files and "gen.py" in files


def test_files_under_an_ignored_folder_cannot_be_re_included(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "out/\n!out/keep.py\n", "out/keep.py": "", "app.py": ""})
    assert "out/keep.py" not in list(iter_files(tmp_path))


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = _tree(tmp_path / "outside", {"secret.py": ""})
    root = _tree(tmp_path / "root", {"app.py": ""})
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "file_link.py").symlink_to(outside / "secret.py")
    assert list(iter_files(root)) == ["app.py"]


def test_pack_tree_writes_a_tar_gz_with_relative_paths(tmp_path: Path) -> None:
    _tree(tmp_path, {"src/app.py": "print('hi')\n", ".gitignore": "*.pyc\n", "src/app.pyc": ""})
    archive, count = pack_tree(tmp_path)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as packed:
        names = packed.getnames()
        content = packed.extractfile("src/app.py").read()  # type: ignore[union-attr]
    assert count == 2 and sorted(names) == [".gitignore", "src/app.py"]
    assert content == b"print('hi')\n"
