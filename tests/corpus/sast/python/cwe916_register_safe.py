import bcrypt


def register(db, email: str, password: str) -> None:
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))
    db.execute("INSERT INTO users (email, password_hash) VALUES (?, ?)", (email, hashed))
