import secrets


def send_login_code(sms, phone: str) -> str:
    otp_code = f"{secrets.randbelow(1_000_000):06d}"
    sms.send(phone, f"Your code is {otp_code}")
    return otp_code
