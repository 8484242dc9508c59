"""Where the client finds its server and credentials: options/environment first, then the login file."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from infra.client.errors import ClientError

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Credentials:
    server: str
    api_key: str | None = None
    token: str | None = None

    def headers(self) -> dict[str, str]:
        if self.api_key:
            return {"X-API-Key": self.api_key}
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        return {}


def normalise_server(url: str) -> str:
    """`http://host:8000`, with or without a trailing `/api/v1`, as the API base URL."""
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ClientError(f"server must be an http:// or https:// URL, not {url!r}")
    return url if url.endswith(API_PREFIX) else url + API_PREFIX


def credentials_path(config_home: str | None) -> Path:
    """`$XDG_CONFIG_HOME/pairsec/credentials`, else `~/.config/pairsec/credentials`."""
    base = Path(config_home) if config_home else Path.home() / ".config"
    return base / "pairsec" / "credentials"


def save_login(path: Path, server: str, token: str) -> None:
    """Write the token readable by its owner only (0600), in a 0700 folder."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the file may have existed with a wider mode
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"server": server, "token": token}, handle)


def _saved_login(path: Path) -> dict[str, str]:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ClientError(f"cannot read {path}: {exc}") from exc
    return saved if isinstance(saved, dict) else {}


def resolve(server: str | None, api_key: str | None, config_home: str | None) -> Credentials:
    """PAIRSEC_SERVER + PAIRSEC_API_KEY win (CI); else the token saved by `pairsec login`."""
    saved = _saved_login(credentials_path(config_home))
    server = server or saved.get("server")
    if not server:
        raise ClientError("no server: set PAIRSEC_SERVER or run `pairsec login --server URL`")
    base = normalise_server(server)
    if api_key:
        return Credentials(base, api_key=api_key)
    if saved.get("token") and normalise_server(saved.get("server", "")) == base:
        return Credentials(base, token=saved["token"])
    raise ClientError(f"not logged in to {base}: set PAIRSEC_API_KEY or run `pairsec login --server URL`")
