"""A short run of bench/load.py (the full 50-user, 60-second run is in bench/RESULTS.md): under mixed load
every accepted write reaches the read models, every scan ends, and no answer is a 5xx."""

from __future__ import annotations

import pytest

from bench.load import run


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_short_load_loses_nothing() -> None:
    outcome = run(users=10, seconds=15, drain_timeout=600, embedded=True)
    assert outcome.problems == []
    assert outcome.accepted["scans"] > 0 and outcome.accepted["projects"] > 0
    assert outcome.stored == outcome.accepted
