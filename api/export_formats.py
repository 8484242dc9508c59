"""Finding exports as streams of text: JSON (in the envelope), CSV (injection-safe) and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote

from api.envelope import now_iso
from api.representations import finding_from_row

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


# A SARIF result built by PostgreSQL (json_build_object, in C) for each finding row `f`: the same
# object for every path that needs no percent-encoding (almost all); for the others the row says
# so and _with_uri re-encodes that one result in Python.
_URI_SAFE_PATH = "'^[A-Za-z0-9/._~-]*$'"  # what urllib.parse.quote leaves as it is
_REGION_SQL = "json_build_object('startLine', greatest(1, f.start_line), 'endLine', greatest(1, f.end_line))"
SARIF_RESULT_SQL = (
    "json_build_object("
    "'ruleId', f.rule_id, "
    "'ruleIndex', coalesce(array_position(%s::text[], f.rule_id) - 1, 0), "
    "'level', CASE f.severity WHEN 'critical' THEN 'error' WHEN 'high' THEN 'error' "
    "WHEN 'medium' THEN 'warning' WHEN 'low' THEN 'note' WHEN 'info' THEN 'note' ELSE 'warning' END, "
    "'message', json_build_object('text', coalesce(nullif(f.message, ''), nullif(f.title, ''), f.rule_id)), "
    "'locations', json_build_array(json_build_object('physicalLocation', json_build_object("
    "'artifactLocation', json_build_object('uri', f.file_path), "
    f"'region', CASE WHEN f.snippet = '' THEN {_REGION_SQL} "
    "ELSE json_build_object('startLine', greatest(1, f.start_line), 'endLine', greatest(1, f.end_line), "
    "'snippet', json_build_object('text', f.snippet)) END))), "
    "'partialFingerprints', json_build_object('pairsecFingerprint/v1', f.fingerprint), "
    "'properties', json_build_object('severity', f.severity, 'confidence', f.confidence, 'findingId', f.id)"
    f")::text AS result, f.file_path ~ {_URI_SAFE_PATH} AS uri_safe, f.file_path"
)


def sarif_results_select(rule_ids: list[str]) -> tuple[str, list[object]]:
    """The select list (and its parameter: the run's rule ids, in driver order) of SARIF results."""
    return SARIF_RESULT_SQL, [rule_ids]


def _with_uri(row: dict[str, Any]) -> str:
    """The result's JSON, its location percent-encoded where the path needs it."""
    if row["uri_safe"]:
        return str(row["result"])
    result = json.loads(row["result"])
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = quote(row["file_path"])
    return json.dumps(result)


def sarif_stream(
    scan: dict[str, Any],
    rules: list[dict[str, Any]],
    results_for: Callable[[str, list[str]], Iterable[dict[str, Any]]],
) -> Iterator[bytes]:
    """One run per engine (rules first, then results streamed), as GitHub code scanning ingests it."""
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
        chunk: list[str] = []
        for row in results_for(engine, [r["rule_id"] for r in engine_rules]):
            chunk.append(_with_uri(row))
            if len(chunk) >= BATCH:  # a write per result would be 100,000 small writes to the socket
                yield (separator + ",".join(chunk)).encode()
                separator, chunk = ",", []
        if chunk:
            yield (separator + ",".join(chunk)).encode()
        yield b"]}"
    yield b"]}"
