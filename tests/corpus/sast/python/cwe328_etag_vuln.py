import hashlib


def sign_download(secret: bytes, path: str) -> str:
    return hashlib.sha1(secret + path.encode()).hexdigest()
