import random
import string


def new_reset_token(length: int = 32) -> str:
    reset_token = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(length))
    return reset_token
