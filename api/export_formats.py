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


def _result(row: dict[str, Any], rule_index: int) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, row["start_line"]), "endLine": max(1, row["end_line"])}
    if row["snippet"]:
        region["snippet"] = {"text": row["snippet"]}
    return {
        "ruleId": row["rule_id"],
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS.get(row["severity"], "warning"),
        "message": {"text": row["message"] or row["title"] or row["rule_id"]},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": quote(row["file_path"])}, "region": region}}
        ],
        "partialFingerprints": {"pairsecFingerprint/v1": row["fingerprint"]},
        "properties": {
            "severity": row["severity"],
            "confidence": row["confidence"],
            "findingId": str(row["id"]),
        },
    }


def sarif_stream(
    scan: dict[str, Any],
    rules: list[dict[str, Any]],
    results_for: Callable[[str], Iterable[dict[str, Any]]],
) -> Iterator[bytes]:
    """One run per engine (rules first, then results streamed), as GitHub code scanning ingests it."""
    yield b'{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": ['
    engines = sorted({rule["engine"] for rule in rules})
    for number, engine in enumerate(engines):
        engine_rules = [r for r in rules if r["engine"] == engine]
        index = {r["rule_id"]: i for i, r in enumerate(engine_rules)}
        version = str((scan.get("engines") or {}).get(engine, {}).get("version") or "unknown")
        driver = {
            "name": _ENGINE_NAMES.get(engine, engine),
            "version": version[:100],
            "informationUri": "https://pairsec.dev",
            "rules": [_rule(r) for r in engine_rules],
        }
        head = {"tool": {"driver": driver}, "automationDetails": {"id": f"pairsec/{scan['id']}/{engine}"}}
        yield (("," if number else "") + json.dumps(head)[:-1] + ', "results": [').encode()
        first = True
        for row in results_for(engine):
            yield (("" if first else ",") + json.dumps(_result(row, index.get(row["rule_id"], 0)))).encode()
            first = False
        yield b"]}"
    yield b"]}"
