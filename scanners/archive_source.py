"""The upload source: unpacks a .tar.gz or .zip archive into a scan's work directory, refusing path
traversal, links out of the tree, device files and decompression bombs."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import posixpath
import stat
import tarfile
import zipfile
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import IO

from scanners.source_errors import SourceError

_MB = 1024 * 1024
_CHUNK = 64 * 1024
# Below this many unpacked bytes a high ratio is harmless (a few highly repetitive text files).
RATIO_GRACE_BYTES = 1 * _MB
_MAX_LINK_TARGET = 4096
_OPEN_FOLDERS = 64  # descriptors of recently used folders kept open while unpacking


class _Totals:
    """Running totals across the members of one archive, checked after every chunk read."""

    def __init__(self, source: ArchiveSource, packed_bytes: int) -> None:
        self.source, self.packed_bytes = source, max(packed_bytes, 1)
        self.unpacked = self.members = self.stream = 0

    def add_member(self) -> None:
        self.members += 1
        if self.members > self.source.max_files:
            raise SourceError(f"the archive has more than {self.source.max_files} files, the limit")

    def add_stream_bytes(self, count: int) -> None:
        """Decompressed .tar bytes, headers and padding included."""
        self.stream += count
        headers = 2048 * self.source.max_files
        self._check(self.stream, self.packed_bytes, self.source.max_unpacked_bytes + headers)

    def add_bytes(self, count: int, member_unpacked: int = 0, member_packed: int = 0) -> None:
        self.unpacked += count
        self._check(self.unpacked, self.packed_bytes, self.source.max_unpacked_bytes)
        if member_packed:
            self._check(member_unpacked, member_packed, self.source.max_unpacked_bytes)

    def _check(self, unpacked: int, packed: int, limit: int) -> None:
        if unpacked > limit:
            raise SourceError(
                f"the archive unpacks to more than {self.source.max_unpacked_bytes / _MB:g} MB, the limit"
            )
        if unpacked > RATIO_GRACE_BYTES and unpacked > self.source.max_ratio * packed:
            raise SourceError(
                f"the archive expands more than {self.source.max_ratio} times (a zip bomb?);"
                " upload an archive of the source code only"
            )


class ArchiveSource:
    """Unpacks uploaded archives with limits on input size, unpacked size, file count and ratio.

    Links: a link whose target leaves the archive fails the scan; a symbolic link inside the tree is
    skipped (engines never follow links); a hard link inside the tree becomes a copy of its target.
    """

    def __init__(
        self,
        max_archive_bytes: int = 100 * _MB,
        max_unpacked_bytes: int = 1024 * _MB,
        max_files: int = 200_000,
        max_ratio: int = 100,
    ) -> None:
        self.max_archive_bytes = max_archive_bytes
        self.max_unpacked_bytes = max_unpacked_bytes
        self.max_files = max_files
        self.max_ratio = max_ratio

    def unpack(self, archive: Path | bytes, dest: Path) -> Path:
        """Unpack archive into dest (created if missing); the root to scan is returned."""
        size = len(archive) if isinstance(archive, bytes) else archive.stat().st_size
        if size > self.max_archive_bytes:
            raise SourceError(f"the upload is larger than the {self.max_archive_bytes / _MB:g} MB limit")
        dest.mkdir(parents=True, exist_ok=True)
        with contextlib.ExitStack() as stack:
            stream: IO[bytes] = (
                io.BytesIO(archive) if isinstance(archive, bytes) else stack.enter_context(archive.open("rb"))
            )
            magic = stream.read(4)
            stream.seek(0)
            writer = _Writer(dest, _Totals(self, size))
            stack.callback(writer.close)
            if magic[:2] == b"\x1f\x8b":
                _unpack_tar(stream, writer)
            elif magic in (b"PK\x03\x04", b"PK\x05\x06"):
                _unpack_zip(stream, writer)
            else:
                raise SourceError("the upload is not a .tar.gz or .zip archive")
        entries = list(dest.iterdir())
        if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
            return entries[0]
        return dest


def _refused(what: str, name: str) -> SourceError:
    printable = "".join(ch if ch.isprintable() else "?" for ch in name[:200])
    return SourceError(f"the archive has {what} '{printable}'")


def _member_parts(name: str) -> tuple[str, ...]:
    """The path components of an archive member, refused if absolute or climbing out with '..'."""
    if "\0" in name:
        raise _refused("a member name with a NUL character:", name)
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        raise _refused("a member with an absolute path:", name)
    parts = tuple(part for part in unified.split("/") if part not in ("", "."))
    if ".." in parts:
        raise _refused("a member whose path contains '..':", name)
    return parts


def _link_target(parts: tuple[str, ...], target: str, hard: bool) -> tuple[str, ...]:
    """The components of a link's target inside the tree; SourceError if it points outside."""
    joined = target if hard else posixpath.join("/".join(parts[:-1]), target)
    normal = posixpath.normpath(joined.replace("\\", "/"))
    if target.startswith("/") or normal == ".." or normal.startswith("../") or not target:
        raise _refused("a link that points outside it:", "/".join(parts))
    return tuple(part for part in normal.split("/") if part not in ("", "."))


class _Writer:
    """Creates directories and files under dest without ever following a link."""

    def __init__(self, dest: Path, totals: _Totals) -> None:
        self.dest, self.totals = dest, totals
        self.files: set[tuple[str, ...]] = set()
        self._open_folders: OrderedDict[tuple[str, ...], int] = OrderedDict()

    def _folder(self, parts: tuple[str, ...]) -> int:
        """A descriptor of dest/parts, made on the way down; O_NOFOLLOW refuses planted links.

        Descriptors of recent folders are kept open (most members of an archive share a folder), so
        each level is made and checked once rather than once per member below it.
        """
        cached = self._open_folders.get(parts)
        if cached is not None:
            self._open_folders.move_to_end(parts)
            return cached
        if not parts:
            fd = os.open(self.dest, os.O_RDONLY | os.O_DIRECTORY)
        else:
            parent = self._folder(parts[:-1])
            with contextlib.suppress(FileExistsError):
                os.mkdir(parts[-1], 0o755, dir_fd=parent)
            try:
                fd = os.open(parts[-1], os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
            except OSError:
                raise _refused("conflicting entries at", parts[-1]) from None
        self._open_folders[parts] = fd
        if len(self._open_folders) > _OPEN_FOLDERS:
            _, oldest = self._open_folders.popitem(last=False)
            os.close(oldest)
        return fd

    def close(self) -> None:
        while self._open_folders:
            os.close(self._open_folders.popitem()[1])

    def folder(self, parts: tuple[str, ...]) -> None:
        self.totals.add_member()
        self._folder(parts)

    def file(self, parts: tuple[str, ...], content: IO[bytes], mode: int, packed: int = 0) -> None:
        self.totals.add_member()
        if not parts:
            return
        permissions = 0o755 if mode & 0o111 else 0o644  # never setuid, setgid or world-writable
        folder = self._folder(parts[:-1])
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
        try:
            fd = os.open(parts[-1], flags, permissions, dir_fd=folder)
        except OSError:
            raise _refused("conflicting entries at", "/".join(parts)) from None
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), permissions)
            written = 0
            while chunk := content.read(_CHUNK):
                written += len(chunk)
                self.totals.add_bytes(len(chunk), written, packed)
                out.write(chunk)
        self.files.add(parts)

    def hard_link(self, parts: tuple[str, ...], target: tuple[str, ...]) -> None:
        if target not in self.files:
            self.totals.add_member()
            return
        fd = os.open(target[-1], os.O_RDONLY | os.O_NOFOLLOW, dir_fd=self._folder(target[:-1]))
        with os.fdopen(fd, "rb") as copy:
            self.file(parts, copy, os.fstat(copy.fileno()).st_mode)


def _unpack_tar(stream: IO[bytes], writer: _Writer) -> None:
    counted = _CountingReader(gzip.GzipFile(fileobj=stream, mode="rb"), writer.totals)
    try:
        with tarfile.open(fileobj=counted, mode="r|") as tar:
            for member in tar:
                parts = _member_parts(member.name)
                if member.isdir():
                    writer.folder(parts)
                elif member.issym() or member.islnk():
                    target = _link_target(parts, member.linkname, hard=member.islnk())
                    if member.islnk():
                        writer.hard_link(parts, target)
                    else:
                        writer.totals.add_member()
                elif member.isreg() and not member.issparse():
                    content = tar.extractfile(member)
                    assert content is not None
                    writer.file(parts, content, member.mode)
                else:
                    raise _refused("a device, fifo or special file:", member.name)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as broken:
        raise SourceError(f"the .tar.gz archive is damaged or truncated ({type(broken).__name__})") from None


class _CountingReader(io.RawIOBase):
    """Counts every decompressed byte, tar headers and padding included, for the ratio check."""

    def __init__(self, inner: IO[bytes], totals: _Totals) -> None:
        self.inner, self.totals = inner, totals

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.inner.read(size if 0 <= size <= _CHUNK * 16 else _CHUNK * 16)
        self.totals.add_stream_bytes(len(chunk))
        return chunk


def _unpack_zip(stream: IO[bytes], writer: _Writer) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > writer.totals.source.max_files:
                writer.totals.members = len(members) - 1
                writer.totals.add_member()
            for info in members:
                parts = _member_parts(info.filename)
                mode = info.external_attr >> 16
                if info.flag_bits & 0x1:
                    raise SourceError("the archive has encrypted members; upload an unencrypted archive")
                if info.is_dir():
                    writer.folder(parts)
                elif stat.S_ISLNK(mode):
                    with archive.open(info) as link:
                        target = link.read(_MAX_LINK_TARGET).decode("utf-8", errors="replace")
                    _link_target(parts, target, hard=False)
                    writer.totals.add_member()
                elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                    raise _refused("a device, fifo or special file:", info.filename)
                else:
                    with archive.open(info) as content:
                        writer.file(parts, content, mode, packed=info.compress_size)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        zlib.error,
    ) as broken:
        kind = type(broken).__name__
        raise SourceError(f"the .zip archive is damaged or uses an unsupported format ({kind})") from None
