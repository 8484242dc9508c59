"""Serves the dashboard shell at `/` and its files at `/assets/<build>/<name>`, with their own headers.

Every file is read once at start. `<build>` is a hash of all of them, so a file under the current build
can be cached for a year; the shell (`index.html`) names the current build and is revalidated each time.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import falcon

STATIC_ROOT = Path(__file__).with_name("static")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
DASHBOARD_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
BUILD_PLACEHOLDER = b"{{build}}"

# Only names of files loaded at start can match: a request never reaches the file system.
ROUTE = re.compile(
    r"^/(?:index\.html|assets/(?P<build>[0-9a-f]{1,64})/(?P<name>[a-z0-9_-]+(?:/[a-z0-9_-]+)?\.[a-z]+))?$"
)


class DashboardSite:
    """A falcon sink: GET/HEAD of the shell and of the assets; other methods are 405."""

    public = True
    route = ROUTE

    def __init__(self, root: Path = STATIC_ROOT) -> None:
        assets_root = root / "assets"
        self._assets = {
            path.relative_to(assets_root).as_posix(): path.read_bytes()
            for path in sorted(assets_root.rglob("*"))
            if path.is_file() and path.suffix in CONTENT_TYPES
        }
        self._etags = {
            name: hashlib.sha256(content).hexdigest()[:20] for name, content in self._assets.items()
        }
        digest = hashlib.sha256()
        for name, etag in self._etags.items():
            digest.update(f"{name}\0{etag}\n".encode())
        self.build = digest.hexdigest()[:16]
        self._shell = (root / "index.html").read_bytes().replace(BUILD_PLACEHOLDER, self.build.encode())

    def __call__(self, req: falcon.Request, resp: falcon.Response, **params: str | None) -> None:
        if req.method not in ("GET", "HEAD"):
            raise falcon.HTTPMethodNotAllowed(["GET", "HEAD"])
        req.context.security_headers = DASHBOARD_HEADERS
        name = params.get("name")
        if name is None:
            self._send(req, resp, self._shell, "text/html; charset=utf-8", REVALIDATE, self.build)
            return
        content = self._assets.get(name)
        if content is None:
            raise falcon.HTTPNotFound()
        # A page of an older build may still ask for its files: answer, but do not let it be kept.
        cache = IMMUTABLE if params.get("build") == self.build else REVALIDATE
        self._send(req, resp, content, CONTENT_TYPES[Path(name).suffix], cache, self._etags[name])

    def serves(self, name: str) -> bool:
        return name in self._assets

    @staticmethod
    def _send(
        req: falcon.Request, resp: falcon.Response, content: bytes, content_type: str, cache: str, etag: str
    ) -> None:
        resp.set_header("Cache-Control", cache)
        resp.etag = etag
        if req.if_none_match and any(tag == etag for tag in req.if_none_match):
            resp.status = falcon.HTTP_304
            return
        resp.content_type = content_type
        resp.data = content
