"""Unpacking uploads: normal archives land in the work directory, malicious ones fail with a reason."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from scanners.archive_source import ArchiveSource
from scanners.source_errors import SourceError


def tar_gz(*members: tuple[tarfile.TarInfo, bytes | None]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for info, content in members:
            if content is not None:
                info.size = len(content)
            tar.addfile(info, io.BytesIO(content) if content is not None else None)
    return buffer.getvalue()


def entry(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "", mode: int = 0o644) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.mode = kind, linkname, mode
    return info


def zip_bytes(*files: tuple[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def refusal(archive: bytes, dest: Path, source: ArchiveSource | None = None) -> str:
    with pytest.raises(SourceError) as refused:
        (source or ArchiveSource()).unpack(archive, dest)
    assert not refused.value.retryable
    assert str(dest) not in refused.value.reason
    return refused.value.reason


def test_tar_gz_with_a_single_top_folder_returns_that_folder(tmp_path):
    archive = tar_gz(
        (entry("app", tarfile.DIRTYPE, mode=0o755), None),
        (entry("app/main.py"), b"print('hi')\n"),
        (entry("app/run.sh", mode=0o4755), b"#!/bin/sh\n"),
    )
    root = ArchiveSource().unpack(archive, tmp_path / "src")
    assert root == tmp_path / "src" / "app"
    assert (root / "main.py").read_text() == "print('hi')\n"
    assert stat.S_IMODE((root / "run.sh").stat().st_mode) == 0o755  # setuid bit dropped


def test_zip_from_a_path_with_several_top_entries_returns_dest(tmp_path):
    upload = tmp_path / "upload.zip"
    upload.write_bytes(zip_bytes(("a.py", b"x = 1\n"), ("pkg/b.py", b"y = 2\n")))
    root = ArchiveSource().unpack(upload, tmp_path / "src")
    assert root == tmp_path / "src"
    assert (root / "pkg" / "b.py").read_text() == "y = 2\n"


def test_upload_that_is_not_an_archive_is_refused(tmp_path):
    assert refusal(b"just some text", tmp_path / "d") == "the upload is not a .tar.gz or .zip archive"


def test_tar_member_climbing_out_with_dotdot_is_refused(tmp_path):
    reason = refusal(tar_gz((entry("app/../../evil.py"), b"x")), tmp_path / "d")
    assert "'..'" in reason
    assert not (tmp_path / "evil.py").exists()


def test_zip_member_climbing_out_with_dotdot_is_refused(tmp_path):
    assert "'..'" in refusal(zip_bytes(("../evil.py", b"x")), tmp_path / "d")


def test_member_with_an_absolute_path_is_refused(tmp_path):
    assert "absolute path" in refusal(tar_gz((entry("/tmp/evil.py"), b"x")), tmp_path / "d")
    assert "absolute path" in refusal(zip_bytes(("/tmp/evil.py", b"x")), tmp_path / "e")


def test_symlink_to_etc_passwd_is_refused(tmp_path):
    archive = tar_gz((entry("app/passwd", tarfile.SYMTYPE, linkname="/etc/passwd"), None))
    assert "link that points outside" in refusal(archive, tmp_path / "d")


def test_relative_symlink_out_of_the_tree_is_refused(tmp_path):
    archive = tar_gz((entry("app/up", tarfile.SYMTYPE, linkname="../../.."), None))
    assert "link that points outside" in refusal(archive, tmp_path / "d")


def test_zip_symlink_out_of_the_tree_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("app/passwd")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    assert "link that points outside" in refusal(buffer.getvalue(), tmp_path / "d")


def test_hardlink_out_of_the_tree_is_refused(tmp_path):
    archive = tar_gz((entry("app/shadow", tarfile.LNKTYPE, linkname="../etc/shadow"), None))
    assert "link that points outside" in refusal(archive, tmp_path / "d")


def test_links_inside_the_tree_are_never_created_as_links(tmp_path):
    archive = tar_gz(
        (entry("app/real.py"), b"code\n"),
        (entry("app/alias.py", tarfile.SYMTYPE, linkname="real.py"), None),
        (entry("app/copy.py", tarfile.LNKTYPE, linkname="app/real.py"), None),
    )
    root = ArchiveSource().unpack(archive, tmp_path / "d")
    assert not (root / "alias.py").exists() and not (root / "alias.py").is_symlink()
    assert (root / "copy.py").read_text() == "code\n"
    assert (root / "copy.py").stat().st_nlink == 1


def test_device_and_fifo_members_are_refused(tmp_path):
    for kind in (tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE):
        archive = tar_gz((entry("app/dev", kind), None))
        assert "device, fifo or special file" in refusal(archive, tmp_path / f"d{kind!r}")


def test_zip_bomb_with_a_high_ratio_is_refused(tmp_path):
    bomb = zip_bytes(("app/zeros.txt", b"\0" * (20 * 1024 * 1024)))
    assert len(bomb) < 100_000
    assert "expands more than 100 times" in refusal(bomb, tmp_path / "d")


def test_tar_gz_bomb_with_a_high_ratio_is_refused(tmp_path):
    assert "expands more than" in refusal(tar_gz((entry("z"), b"\0" * (20 * 1024 * 1024))), tmp_path / "d")


def test_archive_unpacking_to_more_than_the_limit_is_refused(tmp_path):
    source = ArchiveSource(max_unpacked_bytes=1000, max_ratio=10**6)
    reason = refusal(zip_bytes(("a.bin", bytes(range(256)) * 8)), tmp_path / "d", source)
    assert "unpacks to more than" in reason


def test_archive_with_too_many_files_is_refused(tmp_path):
    files = [(f"f{i}.py", b"x") for i in range(11)]
    assert "more than 10 files" in refusal(zip_bytes(*files), tmp_path / "d", ArchiveSource(max_files=10))
    members = [(entry(f"f{i}.py"), b"x") for i in range(11)]
    assert "more than 10 files" in refusal(tar_gz(*members), tmp_path / "e", ArchiveSource(max_files=10))


def test_upload_larger_than_the_limit_is_refused_before_unpacking(tmp_path):
    reason = refusal(
        zip_bytes(("a.py", b"x" * 5000), compression=zipfile.ZIP_STORED),
        tmp_path / "d",
        ArchiveSource(max_archive_bytes=1000),
    )
    assert "larger than" in reason


def test_existing_symlink_in_dest_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "d"
    dest.mkdir()
    (dest / "app").symlink_to(outside)
    refusal(tar_gz((entry("app/evil.py"), b"x")), dest)
    assert list(outside.iterdir()) == []


def test_truncated_archive_is_refused(tmp_path):
    archive = tar_gz((entry("a.py"), b"x" * 10000))
    assert "damaged or truncated" in refusal(archive[: len(archive) // 2], tmp_path / "d")
