from flask import Flask, request

from .models import User, db

app = Flask(__name__)


@app.patch("/users/<int:user_id>")
def update_profile(user_id: int):
    user = User.query.get_or_404(user_id)
    for field, value in request.get_json().items():
        setattr(user, field, value)
    db.session.commit()
    return {"id": user.id}
