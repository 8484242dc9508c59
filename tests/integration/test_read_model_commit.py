"""Read models commit without waiting for the WAL flush; the event store keeps synchronous commits."""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore
from psycopg.conninfo import conninfo_to_dict

from infra.bootstrap import Container
from projections.users import UsersView


def _datastore(database_url: str) -> PostgresDatastore:
    parts = conninfo_to_dict(database_url)
    return PostgresDatastore(
        dbname=str(parts["dbname"]), host=str(parts.get("host", "127.0.0.1")),
        port=str(parts.get("port", 5432)), user=str(parts.get("user", "postgres")),
        password=str(parts.get("password", "")), pool_size=1,
    )  # fmt: skip


def _setting(curs: object) -> str:
    curs.execute("SHOW synchronous_commit")  # type: ignore[attr-defined]
    return str(curs.fetchone()["synchronous_commit"])  # type: ignore[attr-defined]


def test_read_model_transactions_commit_asynchronously(database_url: str, container: Container) -> None:
    datastore = _datastore(database_url)
    try:
        view = UsersView(datastore=datastore, tracking_table_name="users_tracking")
        with view.transaction() as curs:
            assert _setting(curs) == "off"
        with view.transaction() as curs:  # the same connection, switched once and still off
            assert _setting(curs) == "off"
    finally:
        datastore.close()
    with container.datastore.transaction(commit=False) as curs:  # the event store's own connections
        assert _setting(curs) == "on"
