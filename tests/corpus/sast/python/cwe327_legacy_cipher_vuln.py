from Crypto.Cipher import DES
from Crypto.Util.Padding import pad


def encrypt_card(number: str, key: bytes) -> bytes:
    cipher = DES.new(key, DES.MODE_CBC)
    return cipher.iv + cipher.encrypt(pad(number.encode(), 8))
