from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

IV = b"\x00" * 16


def encrypt_field(value: bytes, key: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(b"fixed-iv-123456!")).encryptor()
    return encryptor.update(value) + encryptor.finalize()
