import importlib

from flask import Flask, request

import reports

app = Flask(__name__)
EXPORTERS = {"csv": reports.to_csv, "json": reports.to_json}


@app.get("/export")
def export():
    fmt = request.args["format"]
    # ruleid: python.web.unsafe-reflection-taint
    module = importlib.import_module("exporters." + fmt)
    # ruleid: python.web.unsafe-reflection-taint
    result = getattr(reports, fmt)()
    # ok: python.web.unsafe-reflection-taint
    chosen = EXPORTERS[fmt]()
    # ok: python.web.unsafe-reflection-taint
    fixed = importlib.import_module("exporters.csv")
    return {"m": str(module), "r": result, "c": chosen, "f": str(fixed)}
