"""Load GET /auth/me with a JWT and with an API key against gunicorn; prints req/s and p50/p99.

Run: .venv/bin/python bench/auth_me.py [--seconds 15] [--connections 16] [--workers 2]
Targets on a 2-core machine: >= 2,000 req/s (JWT) and >= 1,500 req/s (API key) at p99 < 25 ms.
"""

from __future__ import annotations

import argparse
import os

import requests
from harness import database, running_api, wrk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("PAIRSEC_WEB_THREADS", "4")))
    parser.add_argument("--access-log", default="1")
    args = parser.parse_args()
    extra = {"PAIRSEC_WEB_THREADS": str(args.threads), "PAIRSEC_ACCESS_LOG": args.access_log}
    with database() as url, running_api(url, args.workers, extra) as api:
        credentials = {"email": "bench@example.com", "password": "bench password"}
        requests.post(f"{api.base}/auth/register", json=credentials, timeout=10).raise_for_status()
        login = requests.post(f"{api.base}/auth/login", json=credentials, timeout=10)
        token = login.json()["data"]["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        key = requests.post(f"{api.base}/users/api-key", headers=bearer, timeout=10).json()["data"]["api_key"]
        for headers in (bearer, {"X-API-Key": key}):  # warm-up: pools grown, statements prepared
            wrk(f"{api.base}/auth/me", headers, seconds=5, connections=args.connections)
        for label, headers in (("JWT", bearer), ("API key", {"X-API-Key": key})):
            result = wrk(f"{api.base}/auth/me", headers, args.seconds, args.connections)
            print(
                f"GET /auth/me ({label}): {result.requests_per_second:,.0f} req/s, "
                f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, "
                f"{result.total} requests, {result.non_2xx} non-2xx "
                f"(workers={args.workers}, threads={args.threads}, connections={args.connections})"
            )


if __name__ == "__main__":
    main()
