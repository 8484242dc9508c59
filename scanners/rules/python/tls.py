import ssl

import requests


def fetch_status(url):
    # ruleid: python.requests.tls-verify-disabled
    insecure = requests.get(url, verify=False, timeout=5)
    # ok: python.requests.tls-verify-disabled
    secure = requests.get(url, timeout=5)
    # ok: python.requests.tls-verify-disabled
    private_ca = requests.get(url, verify="/etc/ssl/internal-ca.pem", timeout=5)
    session = requests.Session()
    # ruleid: python.requests.tls-verify-disabled
    session.verify = False
    return insecure, secure, private_ca


def make_context():
    # ruleid: python.ssl.unverified-context
    ctx = ssl._create_unverified_context()
    strict = ssl.create_default_context()
    # ruleid: python.ssl.unverified-context
    strict.check_hostname = False
    # ruleid: python.ssl.unverified-context
    strict.verify_mode = ssl.CERT_NONE
    # ok: python.ssl.unverified-context
    good = ssl.create_default_context()
    return ctx, strict, good
