import ftplib
import ssl

import paramiko
from cryptography.hazmat.primitives.asymmetric import rsa

# ruleid: python.crypto.weak-rsa-key
weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
# ok: python.crypto.weak-rsa-key
strong = rsa.generate_private_key(public_exponent=65537, key_size=3072)

# ruleid: python.ssl.weak-tls-version
old_ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
ctx = ssl.create_default_context()
# ok: python.ssl.weak-tls-version
ctx.minimum_version = ssl.TLSVersion.TLSv1_2
# ruleid: python.ssl.weak-tls-version
ctx.minimum_version = ssl.TLSVersion.TLSv1

client = paramiko.SSHClient()
# ruleid: python.paramiko.auto-add-host-key
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
# ok: python.paramiko.auto-add-host-key
client.set_missing_host_key_policy(paramiko.RejectPolicy())

# ruleid: python.lang.cleartext-protocol
ftp = ftplib.FTP("ftp.example.com")
# ok: python.lang.cleartext-protocol
ftps = ftplib.FTP_TLS("ftp.example.com")
