import hashlib


def register(db, email: str, password: str) -> None:
    hashed = hashlib.sha256(password.encode()).hexdigest()
    db.execute("INSERT INTO users (email, password_hash) VALUES (?, ?)", (email, hashed))
