"""Finding exports as streams of text: JSON (in the envelope), CSV (injection-safe) and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from api.envelope import now_iso
from api.representations import finding_from_row
from projections.findings import STATUS_SQL

CSV_COLUMNS = (
    "id", "fingerprint", "severity", "confidence", "engine", "rule_id", "title", "message", "cwe", "owasp",
    "file_path", "start_line", "end_line", "snippet", "fix", "status",
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SARIF_LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}
_ENGINE_NAMES = {"sast": "Pairsec SAST", "secrets": "Pairsec Secrets", "dependencies": "Pairsec Dependencies"}
BATCH = 500


def neutralise_cell(value: object) -> object:
    """A spreadsheet must never run a cell as a formula: text starting like one gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _neutralised_sql(expression: str) -> str:
    """neutralise_cell in SQL: the text with a leading quote when it starts like a formula."""
    starts = ", ".join(f"chr({ord(c)})" for c in _FORMULA_STARTS)
    return f"CASE WHEN left({expression}, 1) IN ({starts}) THEN chr(39) || {expression} ELSE {expression} END"


def _csv_cell_sql(column: str) -> str:
    """One CSV cell over a finding row `f`: lists joined with ';', numbers as they are, text neutralised."""
    if column == "status":
        return _neutralised_sql(STATUS_SQL)
    if column in ("cwe", "owasp"):
        return _neutralised_sql(f"array_to_string(f.{column}, ';')")
    if column in ("id", "start_line", "end_line"):
        return f"f.{column}"
    return _neutralised_sql(f"f.{column}")


CSV_CELLS_SQL = ", ".join(_csv_cell_sql(column) for column in CSV_COLUMNS)


def csv_stream(rows: Iterable[bytes]) -> Iterator[bytes]:
    """The header, then the finding lines as the query wrote them (in CSV_COLUMNS order)."""
    yield (",".join(CSV_COLUMNS) + "\r\n").encode()
    yield from rows


def json_stream(scan: dict[str, Any], rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    yield ('{"data": {"scan": ' + json.dumps(scan) + ', "findings": [').encode()
    chunk: list[str] = []
    first = True
    for row in rows:
        chunk.append(json.dumps(finding_from_row(row)))
        if len(chunk) >= BATCH:
            yield (("" if first else ", ") + ", ".join(chunk)).encode()
            first, chunk = False, []
    if chunk:
        yield (("" if first else ", ") + ", ".join(chunk)).encode()
    tail = {"message": "Scan export", "status": 200, "timestamp": now_iso()}
    yield ("]}, " + json.dumps(tail)[1:]).encode()


def _rule(row: dict[str, Any]) -> dict[str, Any]:
    cwes = [c.split(":")[0].strip() for c in row["cwe"]]
    tags = ["security", *cwes, *[f"OWASP-{o.split(' ')[0]}" for o in row["owasp"]]]
    return {
        "id": row["rule_id"],
        "name": row["rule_id"],
        "shortDescription": {"text": row["title"] or row["rule_id"]},
        "fullDescription": {"text": row["message"] or row["title"] or row["rule_id"]},
        "help": {"text": row["fix"] or row["message"] or row["title"] or row["rule_id"]},
        "defaultConfiguration": {"level": _SARIF_LEVELS.get(row["severity"], "warning")},
        "properties": {"tags": tags, "security-severity": _SECURITY_SEVERITY.get(row["severity"], "5.5")},
    }


# A SARIF result written by PostgreSQL for each finding row `f`, as JSON text put together by
# concatenation, every text value escaped by to_json (in C; nested json_build_object calls took 1.6x
# as long). The columns it reads are all NOT NULL, so no part can make the whole NULL. Its location
# is the path percent-encoded as urllib.parse.quote does it: unreserved characters and "/" as they
# are, every other character as the %XX of its UTF-8 bytes.
_URI_SAFE = "A-Za-z0-9/._~-"
_URI_SQL = (
    f"CASE WHEN f.file_path ~ '^[{_URI_SAFE}]*$' THEN f.file_path ELSE ("
    f"SELECT string_agg(CASE WHEN c ~ '^[{_URI_SAFE}]$' THEN c ELSE "
    r"upper(regexp_replace(encode(convert_to(c, 'UTF8'), 'hex'), '(..)', '%%\1', 'g')) END, '' ORDER BY i) "
    "FROM regexp_split_to_table(f.file_path, '') WITH ORDINALITY AS chars(c, i)) END"
)
_LEVEL_SQL = (
    "CASE f.severity "
    + " ".join(f"WHEN '{severity}' THEN '{level}'" for severity, level in _SARIF_LEVELS.items())
    + " ELSE 'warning' END"
)
SARIF_RESULT_SQL = (
    """'{"ruleId":' || to_json(f.rule_id)"""
    """ || ',"ruleIndex":' || coalesce(array_position(%s::text[], f.rule_id) - 1, 0)"""
    f""" || ',"level":"' || {_LEVEL_SQL} || '"'"""
    """ || ',"message":{"text":'"""
    """ || to_json(coalesce(nullif(f.message, ''), nullif(f.title, ''), f.rule_id))"""
    f""" || '}},"locations":[{{"physicalLocation":{{"artifactLocation":{{"uri":' || to_json({_URI_SQL})"""
    """ || '},"region":{"startLine":' || greatest(1, f.start_line)"""
    """ || ',"endLine":' || greatest(1, f.end_line)"""
    """ || CASE WHEN f.snippet = '' THEN '' ELSE ',"snippet":{"text":' || to_json(f.snippet) || '}' END"""
    """ || '}}}],"partialFingerprints":{"pairsecFingerprint/v1":' || to_json(f.fingerprint)"""
    """ || '},"properties":{"severity":' || to_json(f.severity)"""
    """ || ',"confidence":' || to_json(f.confidence) || ',"findingId":"' || f.id || '"}}'"""
)


def sarif_results_select(rule_ids: list[str]) -> tuple[str, list[object]]:
    """The SQL of one SARIF result and its parameter (the run's rule ids, in the driver's order)."""
    return SARIF_RESULT_SQL, [rule_ids]


def sarif_stream(
    scan: dict[str, Any],
    rules: list[dict[str, Any]],
    results_for: Callable[[str, list[str]], Iterable[str]],
) -> Iterator[bytes]:
    """One run per engine (rules first, then results streamed), as GitHub code scanning ingests it.
    results_for(engine, rule ids) gives the run's results as chunks of comma-separated JSON objects."""
    yield b'{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": ['
    engines = sorted({rule["engine"] for rule in rules})
    for number, engine in enumerate(engines):
        engine_rules = [r for r in rules if r["engine"] == engine]
        version = str((scan.get("engines") or {}).get(engine, {}).get("version") or "unknown")
        driver = {
            "name": _ENGINE_NAMES.get(engine, engine),
            "version": version[:100],
            "informationUri": "https://pairsec.dev",
            "rules": [_rule(r) for r in engine_rules],
        }
        head = {"tool": {"driver": driver}, "automationDetails": {"id": f"pairsec/{scan['id']}/{engine}"}}
        yield (("," if number else "") + json.dumps(head)[:-1] + ', "results": [').encode()
        separator = ""
        for chunk in results_for(engine, [r["rule_id"] for r in engine_rules]):
            yield (separator + chunk).encode()
            separator = ","
        yield b"]}"
    yield b"]}"
