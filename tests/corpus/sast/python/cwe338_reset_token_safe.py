import secrets


def new_reset_token(length: int = 32) -> str:
    reset_token = secrets.token_urlsafe(length)
    return reset_token
