import jwt

SIGNING_KEY = open("/run/secrets/jwt_key").read()


def current_user(token):
    # ruleid: python.pyjwt.verification-disabled
    claims = jwt.decode(token, options={"verify_signature": False})
    # ok: python.pyjwt.verification-disabled
    verified = jwt.decode(token, SIGNING_KEY, algorithms=["HS256"])
    return claims, verified


def legacy_user(token):
    opts = {"verify_signature": False, "verify_exp": True}
    # ruleid: python.pyjwt.verification-disabled
    return jwt.decode(token, SIGNING_KEY, options=opts)


def permissive(token):
    # ruleid: python.pyjwt.none-algorithm
    lax = jwt.decode(token, SIGNING_KEY, algorithms=["HS256", "none"])
    # ok: python.pyjwt.none-algorithm
    strict = jwt.decode(token, SIGNING_KEY, algorithms=["HS256"])
    return lax, strict
