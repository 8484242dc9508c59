import csv
import tempfile


def export_rows(rows) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as fh:
        csv.writer(fh).writerows(rows)
        return fh.name
