"""CSV injection: an export opened in a spreadsheet runs no formula, whatever file names and code the
scanned source holds (the world's archive has a file named `=HYPERLINK(1)+cmd.py` whose line starts
with `@`)."""

from __future__ import annotations

import csv
import io

from tests.security.client import CSV_FORMULA_FILE, Api, World

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_rows(api: Api, world: World) -> list[dict[str, str]]:
    answer = api.call(
        "GET", f"/scans/{world.alice.scan['id']}/export", world.alice.account, params={"format": "csv"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in answer.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8"))))


def test_no_csv_cell_starts_like_a_formula(api: Api, world: World) -> None:
    rows = _csv_rows(api, world)
    assert len(rows) == len(world.alice.finding_ids)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), f"{column}: {cell!r}"


def test_the_formula_file_name_is_kept_readable_but_inert(api: Api, world: World) -> None:
    paths = [row["file_path"] for row in _csv_rows(api, world)]
    assert "'" + CSV_FORMULA_FILE in paths, paths
    exported = api.call("GET", f"/scans/{world.alice.scan['id']}/export", world.alice.account).json()
    assert CSV_FORMULA_FILE in [f["file_path"] for f in exported["data"]["findings"]]


def test_secrets_in_exports_are_redacted(api: Api, world: World) -> None:
    for export_format in ("csv", "json", "sarif"):
        answer = api.call(
            "GET",
            f"/scans/{world.alice.scan['id']}/export",
            world.alice.account,
            params={"format": export_format},
        )
        assert answer.status_code == 200
        assert world.planted not in answer.text, export_format
        assert world.planted[:4] in answer.text or export_format == "sarif"
