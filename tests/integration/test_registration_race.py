"""Email uniqueness is kept by the event store itself, even for registrations racing each other."""

from __future__ import annotations

import threading

import falcon.testing

from tests.integration.conftest import unique_email


def _race(client: falcon.testing.TestClient, email: str) -> list[int]:
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def register(password: str) -> None:
        barrier.wait()
        answer = client.simulate_post("/api/v1/auth/register", json={"email": email, "password": password})
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=register, args=(f"password number {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_two_racing_registrations_of_one_email_give_one_201_and_one_409(
    client: falcon.testing.TestClient,
) -> None:
    for _ in range(5):
        assert _race(client, unique_email("race")) == [201, 409]
