from django import forms
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/users", methods=["POST"])
def create_user():
    # ruleid: python.web.mass-assignment-taint
    user = User(**request.get_json())
    payload = request.get_json()
    # ok: python.web.mass-assignment-taint
    safe_user = User(name=payload["name"], email=payload["email"])
    return jsonify(user.id, safe_user.id)


@app.route("/users/<int:user_id>", methods=["PATCH"])
def update_user(user_id):
    user = User.query.get(user_id)
    changes = request.json
    for key, value in changes.items():
        # ruleid: python.web.mass-assignment-taint
        setattr(user, key, value)
    return jsonify(user.id)


def django_create(request):
    # ruleid: python.web.mass-assignment-taint
    Account.objects.create(**request.POST.dict())


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        # ruleid: python.django.modelform-all-fields
        fields = "__all__"


class SignupForm(forms.ModelForm):
    class Meta:
        model = Profile
        # ok: python.django.modelform-all-fields
        fields = ["display_name", "email"]
