import pickle
from pathlib import Path


def load_model(cache_dir: Path):
    with open(cache_dir / "model.pkl", "rb") as fh:
        return pickle.load(fh)
