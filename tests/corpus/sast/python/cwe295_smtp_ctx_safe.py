import smtplib
import ssl


def send(msg) -> None:
    context = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")
    with smtplib.SMTP_SSL("mail.internal", 465, context=context) as smtp:
        smtp.send_message(msg)
