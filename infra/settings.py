"""Every Pairsec knob, read once from PAIRSEC_* environment variables and validated at start.

This module is the only reader of os.environ in the project.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict


class SettingsError(ValueError):
    """A PAIRSEC_* variable has a value we cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str | None = None
    kafka_bootstrap: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    web_workers: int = 2
    web_threads: int = 4
    jwt_secret: str | None = field(default=None, repr=False)
    jwt_ttl_seconds: int = 3600
    max_json_bytes: int = 1024 * 1024
    login_max_failures: int = 5
    login_window_seconds: int = 900
    login_max_failures_per_client: int = 50
    read_your_writes_timeout: float = 10.0
    db_pool_size: int = 4
    argon2_memory_kib: int = 65536
    argon2_time_cost: int = 3
    kafka_partitions: int = 6
    kafka_topic_prefix: str = "pairsec"
    local_repo_roots: tuple[Path, ...] = ()
    allow_private_networks: bool = False
    log_level: str = "INFO"
    max_upload_bytes: int = 100 * 1024 * 1024
    scan_time_limit_seconds: int = 900
    requeue_after_seconds: int = 60
    lease_seconds: int = 20
    worker_concurrency: int = 1
    clone_max_bytes: int = 500 * 1024 * 1024
    clone_max_files: int = 200_000
    access_log: bool = True
    webhook_max_attempts: int = 10
    webhook_retry_seconds: float = 30.0
    webhook_timeout_seconds: float = 10.0

    @property
    def embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def embedded_broker(self) -> bool:
        return self.kafka_bootstrap is None

    @property
    def scan_requests_topic(self) -> str:
        return f"{self.kafka_topic_prefix}.scan-requests"

    @property
    def scanner_group(self) -> str:
        return f"{self.kafka_topic_prefix}-scanners"

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}={value} is out of range ({lo} to {hi})")
    return value


def _float(env: Mapping[str, str], name: str, default: float, lo: float, hi: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}={value} is out of range ({lo} to {hi})")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def _database_url(env: Mapping[str, str]) -> str | None:
    raw = env.get("PAIRSEC_DATABASE_URL")
    if not raw:
        return None
    if not re.match(r"^postgres(ql)?://", raw):
        raise SettingsError("PAIRSEC_DATABASE_URL must be a postgresql:// URL")
    try:
        parts = conninfo_to_dict(raw)
    except Exception:
        raise SettingsError("PAIRSEC_DATABASE_URL is not a valid PostgreSQL URL") from None
    if not parts.get("dbname"):
        raise SettingsError("PAIRSEC_DATABASE_URL names no database (add /DBNAME)")
    return raw


_BOOTSTRAP = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


def _kafka_bootstrap(env: Mapping[str, str]) -> str | None:
    raw = env.get("PAIRSEC_KAFKA_BOOTSTRAP")
    if not raw:
        return None
    for server in raw.split(","):
        if not _BOOTSTRAP.match(server.strip()):
            raise SettingsError(f"PAIRSEC_KAFKA_BOOTSTRAP entry {server!r} is not host:port")
    return raw


def _topic_prefix(env: Mapping[str, str]) -> str:
    raw = env.get("PAIRSEC_KAFKA_TOPIC_PREFIX") or "pairsec"
    if not re.match(r"^[A-Za-z0-9._-]{1,100}$", raw):
        raise SettingsError("PAIRSEC_KAFKA_TOPIC_PREFIX may hold only letters, digits, '.', '_' and '-'")
    return raw


def _log_level(env: Mapping[str, str]) -> str:
    raw = (env.get("PAIRSEC_LOG_LEVEL") or "INFO").upper()
    if raw not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError(f"PAIRSEC_LOG_LEVEL={raw!r} is not one of DEBUG, INFO, WARNING, ERROR")
    return raw


def _paths(env: Mapping[str, str], name: str) -> tuple[Path, ...]:
    raw = env.get(name) or ""
    paths = []
    for part in raw.split(os.pathsep):
        if not part.strip():
            continue
        path = Path(part.strip())
        if not path.is_absolute():
            raise SettingsError(f"{name} entry {part!r} is not an absolute path")
        paths.append(path.resolve())
    return tuple(paths)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment, raising SettingsError naming the bad variable."""
    env = os.environ if env is None else env
    home_raw = env.get("PAIRSEC_HOME") or str(Path.home() / ".pairsec")
    home = Path(home_raw).expanduser()
    if not home.is_absolute():
        raise SettingsError(f"PAIRSEC_HOME={home_raw!r} is not an absolute path")
    secret = env.get("PAIRSEC_JWT_SECRET") or None
    if secret is not None and len(secret) < 32:
        raise SettingsError("PAIRSEC_JWT_SECRET must be at least 32 characters")
    return Settings(
        home=home,
        database_url=_database_url(env),
        kafka_bootstrap=_kafka_bootstrap(env),
        host=env.get("PAIRSEC_HOST") or "127.0.0.1",
        port=_int(env, "PAIRSEC_PORT", 8000, 0, 65535),
        web_workers=_int(env, "PAIRSEC_WEB_WORKERS", 2, 1, 64),
        web_threads=_int(env, "PAIRSEC_WEB_THREADS", 4, 1, 64),
        jwt_secret=secret,
        jwt_ttl_seconds=_int(env, "PAIRSEC_JWT_TTL_SECONDS", 3600, 60, 30 * 86400),
        max_json_bytes=_int(env, "PAIRSEC_MAX_JSON_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
        login_max_failures=_int(env, "PAIRSEC_LOGIN_MAX_FAILURES", 5, 1, 1000),
        login_window_seconds=_int(env, "PAIRSEC_LOGIN_WINDOW_SECONDS", 900, 1, 86400),
        login_max_failures_per_client=_int(env, "PAIRSEC_LOGIN_MAX_FAILURES_PER_CLIENT", 50, 1, 100000),
        read_your_writes_timeout=_float(env, "PAIRSEC_READ_YOUR_WRITES_TIMEOUT", 10.0, 0.1, 120.0),
        db_pool_size=_int(env, "PAIRSEC_DB_POOL_SIZE", 4, 1, 100),
        argon2_memory_kib=_int(env, "PAIRSEC_ARGON2_MEMORY_KIB", 65536, 8192, 4 * 1024 * 1024),
        argon2_time_cost=_int(env, "PAIRSEC_ARGON2_TIME_COST", 3, 1, 20),
        kafka_partitions=_int(env, "PAIRSEC_KAFKA_PARTITIONS", 6, 1, 1000),
        kafka_topic_prefix=_topic_prefix(env),
        local_repo_roots=_paths(env, "PAIRSEC_LOCAL_REPO_ROOTS"),
        allow_private_networks=_bool(env, "PAIRSEC_ALLOW_PRIVATE_NETWORKS", False),
        log_level=_log_level(env),
        max_upload_bytes=_int(env, "PAIRSEC_MAX_UPLOAD_BYTES", 100 * 1024 * 1024, 1024, 10 * 1024**3),
        scan_time_limit_seconds=_int(env, "PAIRSEC_SCAN_TIME_LIMIT_SECONDS", 900, 5, 24 * 3600),
        requeue_after_seconds=_int(env, "PAIRSEC_REQUEUE_AFTER_SECONDS", 60, 1, 24 * 3600),
        lease_seconds=_int(env, "PAIRSEC_LEASE_SECONDS", 20, 2, 3600),
        worker_concurrency=_int(env, "PAIRSEC_WORKER_CONCURRENCY", 1, 1, 64),
        clone_max_bytes=_int(env, "PAIRSEC_CLONE_MAX_BYTES", 500 * 1024 * 1024, 1024 * 1024, 100 * 1024**3),
        clone_max_files=_int(env, "PAIRSEC_CLONE_MAX_FILES", 200_000, 10, 10_000_000),
        access_log=_bool(env, "PAIRSEC_ACCESS_LOG", True),
        webhook_max_attempts=_int(env, "PAIRSEC_WEBHOOK_MAX_ATTEMPTS", 10, 1, 50),
        webhook_retry_seconds=_float(env, "PAIRSEC_WEBHOOK_RETRY_SECONDS", 30.0, 0.1, 3600.0),
        webhook_timeout_seconds=_float(env, "PAIRSEC_WEBHOOK_TIMEOUT_SECONDS", 10.0, 1.0, 60.0),
    )
