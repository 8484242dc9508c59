from fastapi import FastAPI
from jinja2 import Template

app = FastAPI()


@app.get("/note")
def note(text: str):
    return {"html": Template("<p>" + text + "</p>").render()}
