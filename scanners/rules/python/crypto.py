import hashlib
import os
import random
import secrets

from Crypto.Cipher import AES, DES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def store_password(user, password):
    # ruleid: python.lang.weak-password-hash, python.lang.weak-hash-md5-sha1
    user.password_hash = hashlib.md5(password.encode()).hexdigest()
    # ruleid: python.lang.weak-password-hash
    user.password_hash = hashlib.sha256(user.salt + password.encode()).hexdigest()
    # ok: python.lang.weak-password-hash
    user.password_hash = hashlib.scrypt(password.encode(), salt=user.salt, n=2**14, r=8, p=1)


def file_checksum(blob):
    # ok: python.lang.weak-hash-md5-sha1
    fast = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    # ruleid: python.lang.weak-hash-md5-sha1
    signature = hashlib.sha1(blob).hexdigest()
    return fast, signature


def legacy_encrypt(key, data):
    # ruleid: python.crypto.weak-cipher
    legacy = DES.new(key, DES.MODE_CBC)
    # ruleid: python.crypto.weak-cipher
    rc4 = Cipher(algorithms.ARC4(key), mode=None)
    # ok: python.crypto.weak-cipher
    modern = Cipher(algorithms.AES(key), modes.GCM(os.urandom(12)))
    return legacy, rc4, modern


def encrypt_ecb(key, data):
    # ruleid: python.crypto.ecb-mode
    ecb = AES.new(key, AES.MODE_ECB)
    # ruleid: python.crypto.ecb-mode
    ecb2 = Cipher(algorithms.AES(key), modes.ECB())
    # ok: python.crypto.ecb-mode
    gcm = AES.new(key, AES.MODE_GCM)
    return ecb, ecb2, gcm


def encrypt_static_iv(key):
    # ruleid: python.crypto.static-iv
    one = Cipher(algorithms.AES(key), modes.CBC(b"0000000000000000"))
    iv = b"abcdefghijklmnop"
    # ruleid: python.crypto.static-iv
    two = AES.new(key, AES.MODE_CBC, iv)
    # ok: python.crypto.static-iv
    three = Cipher(algorithms.AES(key), modes.CBC(os.urandom(16)))
    return one, two, three


def issue_reset(user):
    # ruleid: python.lang.insecure-random-token
    reset_token = "".join(random.choice("abcdef0123456789") for _ in range(32))
    # ruleid: python.lang.insecure-random-token
    user.otp_code = random.randint(100000, 999999)
    # ok: python.lang.insecure-random-token
    session_token = secrets.token_urlsafe(32)
    # ok: python.lang.insecure-random-token
    jitter = random.uniform(0, 1)
    return reset_token, session_token, jitter
