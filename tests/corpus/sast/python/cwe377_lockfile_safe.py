import os
from pathlib import Path


def acquire_lock(run_dir: Path) -> None:
    lock = run_dir / "nightly-sync.lock"
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
