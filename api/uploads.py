"""Source archive uploads: a .tar.gz or .zip body, stored for any worker to read."""

from __future__ import annotations

import uuid
from typing import Protocol

import falcon

from api.envelope import iso, ok
from api.errors import PayloadTooLarge, UnsupportedMediaType
from commands.projects import Projects
from domain.errors import Invalid

ARCHIVE_TYPES = {"application/gzip", "application/x-gzip", "application/zip", "application/octet-stream",
                 "application/x-tar", "application/x-compressed-tar"}  # fmt: skip


class UploadSaver(Protocol):
    def save(self, owner_id: uuid.UUID, project_id: uuid.UUID, filename: str, content: bytes) -> object: ...


def looks_like_archive(head: bytes) -> bool:
    return head.startswith(b"\x1f\x8b") or head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06")


class UploadsResource:
    def __init__(self, projects: Projects, store: UploadSaver, max_bytes: int) -> None:
        self._projects = projects
        self._store = store
        self._max = max_bytes

    def on_post(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        principal = req.context.principal
        self._projects.get(principal.user_id, project_id)
        content_type = (req.content_type or "").split(";")[0].strip().lower()
        if content_type == "multipart/form-data":
            filename, content = self._from_form(req)
        elif content_type in ARCHIVE_TYPES:
            filename = req.get_header("X-Filename") or "upload"
            content = self._read_limited(req.bounded_stream, req.content_length)
        else:
            raise UnsupportedMediaType(
                "upload a .tar.gz or .zip archive",
                {"content_type": "must be application/gzip, application/zip or multipart/form-data"},
            )
        if not looks_like_archive(content[:4]):
            raise Invalid(
                "the upload is not a .tar.gz or .zip archive", {"file": "must be a .tar.gz or .zip"}
            )
        stored = self._store.save(principal.user_id, project_id, filename[:255], content)
        data = {
            "upload_id": str(stored.id),  # type: ignore[attr-defined]
            "project_id": str(project_id),
            "filename": stored.filename,  # type: ignore[attr-defined]
            "size": stored.size,  # type: ignore[attr-defined]
            "sha256": stored.sha256,  # type: ignore[attr-defined]
            "created_at": iso(stored.created_at),  # type: ignore[attr-defined]
        }
        ok(resp, data, "Upload stored", 201)

    def _read_limited(self, stream: object, length: int | None) -> bytes:
        if length is not None and length > self._max:
            raise PayloadTooLarge(f"uploads are limited to {self._max} bytes")
        content = stream.read(self._max + 1)  # type: ignore[attr-defined]
        if len(content) > self._max:
            raise PayloadTooLarge(f"uploads are limited to {self._max} bytes")
        if not content:
            raise Invalid("the upload is empty", {"file": "must not be empty"})
        return content

    def _from_form(self, req: falcon.Request) -> tuple[str, bytes]:
        if req.content_length is not None and req.content_length > self._max + 64 * 1024:
            raise PayloadTooLarge(f"uploads are limited to {self._max} bytes")
        for part in req.get_media():
            if part.filename:
                return part.secure_filename or "upload", self._read_limited(part.stream, None)
        raise Invalid("the form has no file part", {"file": "is required"})
