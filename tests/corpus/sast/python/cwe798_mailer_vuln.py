import smtplib


def notify(recipient: str, text: str) -> None:
    with smtplib.SMTP("smtp.mailhost.net", 587) as smtp:
        smtp.starttls()
        smtp.login("alerts@corp.net", "Wint3r-Is-Coming-42")
        smtp.sendmail("alerts@corp.net", recipient, text)
