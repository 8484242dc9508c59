"""Load GET /projects (page of 20, user with 1,000 projects) and GET /projects/{id} against gunicorn.

Run: .venv/bin/python bench/projects_load.py [--seconds 15] [--connections 16] [--projects 1000]
Target on a 2-core machine: >= 1,000 req/s at p99 < 30 ms for each.
"""

from __future__ import annotations

import argparse
import random

import requests
from harness import database, running_api, wrk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--access-log", default="1")
    args = parser.parse_args()
    with database() as url, running_api(url, 2, {"PAIRSEC_ACCESS_LOG": args.access_log}) as api:
        credentials = {"email": "bench@example.com", "password": "bench password"}
        requests.post(f"{api.base}/auth/register", json=credentials, timeout=10).raise_for_status()
        token = requests.post(f"{api.base}/auth/login", json=credentials, timeout=10).json()["data"]["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        session = requests.Session()
        ids = []
        for i in range(args.projects):
            answer = session.post(
                f"{api.base}/projects",
                json={"name": f"service-{i:04d}", "description": "bench"},
                headers=bearer,
            )
            ids.append(answer.json()["data"]["id"])
        one = random.Random(1).choice(ids)
        for path in ("/projects?page=1&per_page=20", f"/projects/{one}"):  # warm-up
            wrk(f"{api.base}{path}", bearer, seconds=5, connections=args.connections)
        for label, path in (
            ("GET /projects (page of 20)", "/projects?page=1&per_page=20"),
            ("GET /projects/{id}", f"/projects/{one}"),
        ):
            result = wrk(f"{api.base}{path}", bearer, args.seconds, args.connections)
            print(
                f"{label} with {args.projects} projects: {result.requests_per_second:,.0f} req/s, "
                f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, {result.total} requests, "
                f"{result.non_2xx} non-2xx (connections={args.connections})"
            )


if __name__ == "__main__":
    main()
