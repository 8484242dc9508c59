from fastapi import FastAPI
from jinja2 import Environment, select_autoescape

app = FastAPI()
env = Environment(autoescape=select_autoescape())
NOTE = env.from_string("<p>{{ text }}</p>")


@app.get("/note")
def note(text: str):
    return {"html": NOTE.render(text=text)}
