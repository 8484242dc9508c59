from fastapi import FastAPI

app = FastAPI()


@app.post("/rules/test")
def run_rule(code: str):
    scope = {}
    exec(code, scope)
    return {"defined": sorted(scope)}
