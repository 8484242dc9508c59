from flask import Flask, request

from .models import User, db

app = Flask(__name__)
EDITABLE = ("display_name", "bio", "timezone")


@app.patch("/users/<int:user_id>")
def update_profile(user_id: int):
    user = User.query.get_or_404(user_id)
    body = request.get_json()
    user.display_name = body.get("display_name", user.display_name)
    user.bio = body.get("bio", user.bio)
    db.session.commit()
    return {"id": user.id}
