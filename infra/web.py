"""Gunicorn serving the falcon app: the master migrates once, each worker builds its own pools."""

from __future__ import annotations

import logging
from typing import Any

import gunicorn.http.wsgi
from gunicorn.app.base import BaseApplication

from infra.bootstrap import build_api, build_container
from infra.logs import configure_logging
from infra.settings import Settings

# Say "pairsec" and no version in the Server header.
gunicorn.http.wsgi.SERVER = "pairsec"


class PairsecWebServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, database_url: str, options: dict[str, Any] | None = None) -> None:
        self.settings = settings
        self.database_url = database_url
        self.options = {
            "bind": f"{settings.host}:{settings.port}",
            "workers": settings.web_workers,
            "threads": settings.web_threads,
            "worker_class": "gthread" if settings.web_threads > 1 else "sync",
            "keepalive": 30,
            "reuse_port": True,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "graceful_timeout": 10,
            "timeout": 60,
            "limit_request_line": 8190,
            "proc_name": "pairsec-api",
            **(options or {}),
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        configure_logging(self.settings.log_level)
        if not self.settings.access_log:
            logging.getLogger("pairsec.access").setLevel(logging.WARNING)
        container = build_container(self.settings, self.database_url)
        return build_api(container)
