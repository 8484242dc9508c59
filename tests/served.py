"""`pairsec serve` as the README starts it, for the tests that drive the whole stack over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

PAIRSEC = str(Path(sys.executable).with_name("pairsec"))


def pairsec_env(**settings: str) -> dict[str, str]:
    """This process's environment without any PAIRSEC_* setting of its own, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update(settings)
    return env


def wait_until_serving(
    api: str, process: subprocess.Popen, output: Path | None, timeout: float = 120
) -> None:
    """Until GET {api}/health answers 200; fails at once, with the server's last words, if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = output.read_text(errors="replace")[-3000:] if output is not None else ""
            raise AssertionError(f"pairsec serve exited during start-up with {process.returncode}:\n{said}")
        try:
            if requests.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise AssertionError(f"pairsec serve did not become healthy within {timeout:g} s")


@contextmanager
def serving(home: Path, port: int, output: Path, **settings: str) -> Iterator[subprocess.Popen]:
    """`pairsec serve` with PAIRSEC_HOME and PAIRSEC_PORT set, healthy on entry, stopped with SIGTERM on exit.

    Its output goes to a file (not a pipe that nobody drains), kept for the tests that read the logs.
    """
    env = pairsec_env(PAIRSEC_HOME=str(home), PAIRSEC_PORT=str(port), **settings)
    with open(output, "wb") as sink:
        process = subprocess.Popen([PAIRSEC, "serve"], env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/api/v1", process, output)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
