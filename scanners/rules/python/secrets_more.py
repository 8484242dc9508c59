import ftplib
import os
import smtplib

import requests

smtp = smtplib.SMTP("smtp.corp.net", 587)
# ruleid: python.lang.hardcoded-password-argument
smtp.login("alerts@corp.net", "Gr33n-Lantern-77")
# ok: python.lang.hardcoded-password-argument
smtp.login("alerts@corp.net", os.environ["SMTP_PASSWORD"])

# ruleid: python.lang.hardcoded-password-argument
requests.get("https://api.corp.net/status", auth=("svc", "R3d-Baron-1918"), timeout=5)
# ok: python.lang.hardcoded-password-argument
requests.get("https://api.corp.net/status", auth=("svc", os.environ["API_PASSWORD"]), timeout=5)
