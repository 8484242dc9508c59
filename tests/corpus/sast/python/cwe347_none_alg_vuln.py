import jwt


def read_claims(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=["HS256", "none"])
