import tarfile


def restore_backup(archive_path: str, target: str) -> None:
    with tarfile.open(archive_path) as archive:
        archive.extractall(target)
