"""The Pairsec REST API over httpx: unwraps the envelope, follows cursors, turns failures into one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import httpx

from infra.client.config import Credentials
from infra.client.errors import ClientError, envelope_message, unreachable

TIMEOUT = httpx.Timeout(30.0, read=120.0)


class PairsecApi:
    def __init__(self, credentials: Credentials, transport: httpx.BaseTransport | None = None) -> None:
        self.base = credentials.server
        self._http = httpx.Client(
            base_url=credentials.server,
            headers={**credentials.headers(), "User-Agent": "pairsec-cli"},
            timeout=TIMEOUT,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PairsecApi:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        try:
            yield
        except httpx.TimeoutException as exc:
            raise unreachable(self.base, "timed out") from exc
        except httpx.HTTPError as exc:
            raise unreachable(self.base, str(exc) or type(exc).__name__) from exc

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """The `data` of the envelope; ClientError with the server's message on 4xx/5xx."""
        with self._reachable():
            response = self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise ClientError(envelope_message(response.status_code, response.content))
        try:
            return response.json().get("data")
        except ValueError as exc:
            raise ClientError(f"{self.base}{path} did not answer JSON (is this a Pairsec server?)") from exc

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params={k: v for k, v in params.items() if v is not None})

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.request("POST", path, json=body or {})

    def pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a paginated listing, following `pagination.next_cursor`."""
        params = {"per_page": 100, **params}
        while True:
            page = self.get(path, **params)
            yield from page.get("items", [])
            cursor = (page.get("pagination") or {}).get("next_cursor")
            if not cursor:
                return
            params = {**params, "cursor": cursor}

    def upload(self, project_id: str, archive: bytes) -> str:
        data = self.request(
            "POST",
            f"/projects/{project_id}/uploads",
            content=archive,
            headers={"Content-Type": "application/gzip"},
        )
        return str(data["upload_id"])

    def export(self, scan_id: str, fmt: str, sink: IO[bytes], **filters: Any) -> None:
        """Stream `GET /scans/{id}/export` into sink, chunk by chunk."""
        self.download(f"/scans/{scan_id}/export", sink, format=fmt, **filters)

    def download(self, path: str, sink: IO[bytes], **params: Any) -> None:
        """Stream a GET answer (a file, or a JSON envelope) into sink unchanged, chunk by chunk."""
        query = {k: v for k, v in params.items() if v is not None}
        with self._reachable(), self._http.stream("GET", path, params=query) as reply:
            if reply.status_code >= 400:
                raise ClientError(envelope_message(reply.status_code, reply.read()))
            for chunk in reply.iter_bytes():
                sink.write(chunk)
