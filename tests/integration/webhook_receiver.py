"""Webhook test helpers: a real HTTP receiver on 127.0.0.1 that records every request, answers as
scripted and checks signatures the way the README tells receivers to; and the sender in a thread."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from infra.settings import Settings
from infra.webhook_sender import run_webhooks

FAST_RETRIES = {"webhook_retry_seconds": 0.2, "webhook_timeout_seconds": 2.0, "webhook_max_attempts": 3}


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def delivery_id(self) -> str:
        return self.headers["x-pairsec-delivery"]

    @property
    def event(self) -> str:
        return self.headers["x-pairsec-event"]


def signature_is_valid(secret: str, received: Received, tolerance_seconds: int = 300) -> bool:
    """A receiver's check: HMAC-SHA256 over `<timestamp>.<raw body>`, and a recent timestamp."""
    timestamp = received.headers.get("x-pairsec-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance_seconds:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + received.body, hashlib.sha256)
    return hmac.compare_digest(
        "sha256=" + expected.hexdigest(), received.headers.get("x-pairsec-signature", "")
    )


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.scripted: dict[str, list[int]] = {}  # path -> status codes to answer first, then 200
        self.delay_seconds = 0.0
        self._lock = threading.Lock()
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _record(self, received: Received) -> int:
        with self._lock:
            self.requests.append(received)
            queue = self.scripted.get(received.path) or []
            return queue.pop(0) if queue else 200


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            status = receiver._record(Received(self.path, headers, body))
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", receiver.url("/redirected"))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running_sender(settings: Settings, allow_private_networks: bool = True) -> Iterator[None]:
    stop = threading.Event()
    configured = settings.with_overrides(allow_private_networks=allow_private_networks, **FAST_RETRIES)
    thread = threading.Thread(
        target=run_webhooks, args=(configured, configured.database_url, stop), daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)
