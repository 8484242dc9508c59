"""Measure the secrets engine's throughput (MB/s of text source) on a real source tree.

.venv/bin/pip download --no-deps --no-binary :all: django==5.1.4 -d /tmp/x
tar xzf /tmp/x/Django-5.1.4.tar.gz -C /tmp/x
.venv/bin/python bench/secrets_throughput.py /tmp/x/Django-5.1.4 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from pathlib import Path

from scanners.engine import EngineOptions
from scanners.secrets import BINARY_PROBE, SecretsEngine, iter_text_candidates


def scanned_bytes(root: Path, options: EngineOptions) -> tuple[int, int]:
    """(files, bytes) the engine actually reads as text: what the MB/s figure is measured against."""
    files = size = 0
    for path, _rel in iter_text_candidates(root, options):
        length = os.path.getsize(path)
        if length > options.max_file_bytes:
            continue
        with open(path, "rb") as handle:
            if b"\0" in handle.read(BINARY_PROBE):
                continue
        files += 1
        size += length
    return files, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    options = EngineOptions()
    engine = SecretsEngine()
    files, size = scanned_bytes(args.root, options)
    timings = []
    findings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        findings = engine.scan(args.root, options)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    print(f"tree: {args.root} ({files} text files, {size / 1e6:.1f} MB)")
    print(f"best of {args.repeat}: {best:.3f} s = {size / 1e6 / best:.1f} MB/s (warm page cache, one core)")
    print(f"findings: {len(findings)}", dict(Counter(f.rule_id for f in findings).most_common(10)))


if __name__ == "__main__":
    main()
