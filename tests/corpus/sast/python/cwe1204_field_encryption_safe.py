import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_field(value: bytes, key: bytes) -> bytes:
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return iv + encryptor.update(value) + encryptor.finalize()
