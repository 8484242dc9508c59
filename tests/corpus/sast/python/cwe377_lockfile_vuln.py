import os


def acquire_lock() -> None:
    with open("/tmp/nightly-sync.lock", "w") as fh:
        fh.write(str(os.getpid()))
