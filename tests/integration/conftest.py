"""Integration fixtures: the falcon app over real PostgreSQL with the real projector running."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import falcon.testing
import pytest

from infra.bootstrap import Container, build_api


@pytest.fixture(scope="session")
def client(container: Container, projector: object) -> falcon.testing.TestClient:
    return falcon.testing.TestClient(build_api(container))


@dataclass
class Account:
    email: str
    password: str
    token: str
    user_id: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def unique_email(label: str = "user") -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


def register_and_login(client: falcon.testing.TestClient, label: str = "user") -> Account:
    email, password = unique_email(label), "correct horse battery"
    created = client.simulate_post("/api/v1/auth/register", json={"email": email, "password": password})
    assert created.status_code == 201, created.text
    login = client.simulate_post("/api/v1/auth/login", json={"email": email, "password": password})
    assert login.status_code == 200, login.text
    data = login.json["data"]
    return Account(email, password, data["token"], data["user"]["id"])


@pytest.fixture
def account(client: falcon.testing.TestClient) -> Account:
    return register_and_login(client)


def count_events(container: Container) -> int:
    with container.datastore.cursor() as curs:
        curs.execute("SELECT count(*) AS n FROM pairsec_events")
        return int(curs.fetchone()["n"])


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real Kafka-protocol broker (tansu), started for this test run."""
    from infra.kafka import EmbeddedBroker

    embedded = EmbeddedBroker(tmp_path_factory.mktemp("broker"))
    yield embedded.start()
    embedded.stop()
