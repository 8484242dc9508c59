import hashlib


def store_api_key(db, user_id: int, api_key: str) -> None:
    digest = hashlib.md5(api_key.encode()).hexdigest()
    db.execute("UPDATE users SET api_key_digest = ? WHERE id = ?", (digest, user_id))
