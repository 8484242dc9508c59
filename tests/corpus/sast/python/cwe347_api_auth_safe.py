import os

import jwt


def current_user_id(authorization: str) -> str:
    token = authorization.removeprefix("Bearer ")
    claims = jwt.decode(token, os.environ["JWT_KEY"], algorithms=["HS256"], audience="api")
    return claims["sub"]
