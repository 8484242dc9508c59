"""Hostile source archives uploaded through the API: path traversal, absolute paths, links out of the tree,
device files and decompression bombs. The scan fails with a reason a user can act on, writes nothing
outside its work folder and records no finding."""

from __future__ import annotations

import gzip
import io
import tarfile
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.security.client import Api, World

ESCAPE_ROOT = Path("/tmp")


def _tar(build: Callable[[tarfile.TarFile], None]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        build(archive)
    return buffer.getvalue()


def _add(archive: tarfile.TarFile, name: str, data: bytes = b"print('hi')\n", **fields: object) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data) if fields.get("type", tarfile.REGTYPE) == tarfile.REGTYPE else 0
    for key, value in fields.items():
        setattr(info, key, value)
    archive.addfile(info, io.BytesIO(data) if info.size else None)


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _gzip_bomb() -> bytes:
    """A .tar.gz of one 300 MB file of zeros: about 300 KB packed, a ratio past any sane source tree."""
    size = 300 * 1024 * 1024
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as packed:
        header = tarfile.TarInfo("src/zeros.py")
        header.size = size
        packed.write(header.tobuf(format=tarfile.GNU_FORMAT))
        chunk = b"\0" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            packed.write(chunk)
    return raw.getvalue()


MARK = uuid.uuid4().hex[:10]
ESCAPES = {
    "dot-dot": ESCAPE_ROOT / f"pairsec-dotdot-{MARK}",
    "absolute": ESCAPE_ROOT / f"pairsec-absolute-{MARK}",
    "through-symlink": ESCAPE_ROOT / f"pairsec-symlink-{MARK}",
    "zip-dot-dot": ESCAPE_ROOT / f"pairsec-zipdotdot-{MARK}",
}


def _through_symlink(archive: tarfile.TarFile) -> None:
    _add(archive, "src/out", type=tarfile.SYMTYPE, linkname=str(ESCAPE_ROOT))
    _add(archive, f"src/out/{ESCAPES['through-symlink'].name}")


ARCHIVES: dict[str, tuple[Callable[[], bytes], str]] = {
    "dot-dot": (
        lambda: _tar(lambda a: _add(a, f"src/../../../../../..{ESCAPES['dot-dot']}")),
        "'..'",
    ),
    "absolute": (lambda: _tar(lambda a: _add(a, str(ESCAPES["absolute"]))), "absolute path"),
    "through-symlink": (lambda: _tar(_through_symlink), "outside"),
    "symlink to /etc/passwd": (
        lambda: _tar(lambda a: _add(a, "src/passwd.py", type=tarfile.SYMTYPE, linkname="/etc/passwd")),
        "outside",
    ),
    "hard link to /etc/shadow": (
        lambda: _tar(lambda a: _add(a, "src/shadow.py", type=tarfile.LNKTYPE, linkname="/etc/shadow")),
        "outside",
    ),
    "device file": (
        lambda: _tar(lambda a: _add(a, "src/dev.py", type=tarfile.CHRTYPE, devmajor=1, devminor=3)),
        "a device, fifo or special file",
    ),
    "zip-dot-dot": (lambda: _zip({f"../../../../..{ESCAPES['zip-dot-dot']}": b"x = 1\n"}), "'..'"),
    "zip bomb": (lambda: _zip({"zeros.py": b"\0" * (300 * 1024 * 1024)}), "zip bomb"),
    "gzip bomb": (_gzip_bomb, "zip bomb"),
}


@pytest.mark.parametrize("name", list(ARCHIVES))
def test_hostile_archive_fails_the_scan_and_writes_nothing_outside(api: Api, world: World, name: str) -> None:
    build, reason = ARCHIVES[name]
    bob = world.bob.account
    scan = api.scan_upload(bob, world.bob.project["id"], build())
    assert scan["status"] == "failed", scan
    assert scan["error"] and reason in scan["error"], scan["error"]
    assert scan["findings"]["total"] == 0
    for escaped in ESCAPES.values():
        assert not escaped.exists(), f"{name} wrote {escaped}"
    assert Path("/etc/passwd").is_file() and not Path("/etc/passwd").is_symlink()


def test_upload_that_is_not_an_archive_is_refused(api: Api, world: World) -> None:
    answer = api.call(
        "POST", f"/projects/{world.bob.project['id']}/uploads", world.bob.account,
        headers={"Content-Type": "application/gzip"}, data=b"#!/bin/sh\nrm -rf /\n",
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    assert "file" in answer.json()["details"]
