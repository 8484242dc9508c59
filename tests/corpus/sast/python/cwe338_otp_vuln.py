import random


def send_login_code(sms, phone: str) -> str:
    otp_code = str(random.randint(100000, 999999))
    sms.send(phone, f"Your code is {otp_code}")
    return otp_code
