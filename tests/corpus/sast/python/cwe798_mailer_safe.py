import os
import smtplib


def notify(recipient: str, text: str) -> None:
    with smtplib.SMTP("smtp.mailhost.net", 587) as smtp:
        smtp.starttls()
        smtp.login("alerts@corp.net", os.environ["SMTP_PASSWORD"])
        smtp.sendmail("alerts@corp.net", recipient, text)
