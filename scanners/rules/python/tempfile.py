import os
import tempfile


def write_report(text):
    # ruleid: python.lang.insecure-tempfile-mktemp
    path = tempfile.mktemp(suffix=".txt")
    with open(path, "w") as report:
        report.write(text)
    # ok: python.lang.insecure-tempfile-mktemp
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as safe:
        safe.write(text)
    # ruleid: python.lang.world-writable-permissions
    os.chmod(path, 0o777)
    # ok: python.lang.world-writable-permissions
    os.chmod(safe.name, 0o600)
    return path
