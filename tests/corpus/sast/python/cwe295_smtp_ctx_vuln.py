import smtplib
import ssl


def send(msg) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with smtplib.SMTP_SSL("mail.internal", 465, context=context) as smtp:
        smtp.send_message(msg)
