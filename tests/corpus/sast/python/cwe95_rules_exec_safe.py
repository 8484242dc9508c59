import json

from fastapi import FastAPI

app = FastAPI()


@app.post("/rules/test")
def run_rule(code: str):
    rule = json.loads(code)
    return {"defined": sorted(rule)}
