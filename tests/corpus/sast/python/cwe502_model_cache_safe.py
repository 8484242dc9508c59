import json
from pathlib import Path


def load_model(cache_dir: Path):
    with open(cache_dir / "model.json") as fh:
        return json.load(fh)
