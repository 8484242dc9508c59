"""How domain objects and read-model rows are shown in API answers."""

from __future__ import annotations

from typing import Any

from api.envelope import iso
from domain.finding import SEVERITIES
from domain.project import Project
from domain.scan import SCAN_STATUSES, Scan
from domain.user import User


def user_from_row(row: dict[str, Any]) -> dict[str, Any]:
    api_key = None
    if row.get("api_key_prefix"):
        api_key = {
            "prefix": row["api_key_prefix"],
            "scopes": list(row["api_key_scopes"]),
            "created_at": iso(row["api_key_created_at"]),
            "expires_at": iso(row["api_key_expires_at"]),
        }
    return {
        "id": str(row["id"]),
        "email": row["email"],
        "name": row["name"],
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
        "api_key": api_key,
    }


def user_from_aggregate(user: User) -> dict[str, Any]:
    api_key = None
    if user.api_key_prefix:
        api_key = {
            "prefix": user.api_key_prefix,
            "scopes": list(user.api_key_scopes),
            "created_at": None,
            "expires_at": iso(user.api_key_expires_at),
        }
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "created_at": iso(user.created_on),
        "updated_at": iso(user.modified_on),
        "api_key": api_key,
    }


def project_from_aggregate(project: Project) -> dict[str, Any]:
    return {
        "id": str(project.id),
        "name": project.name,
        "repository_url": project.repository_url,
        "description": project.description,
        "default_branch": project.default_branch,
        "rules_path": project.rules_path,
        "disabled_rules": list(project.disabled_rules),
        "version": project.version,
        "created_at": iso(project.created_on),
        "updated_at": iso(project.modified_on),
    }


def project_from_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "name": row["name"],
        "repository_url": row["repository_url"],
        "description": row["description"],
        "default_branch": row["default_branch"],
        "rules_path": row.get("rules_path"),
        "disabled_rules": list(row.get("disabled_rules") or []),
        "version": row["version"],
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
    }


def project_statistics(row: dict[str, Any]) -> dict[str, Any]:
    scans = {status: int(row.get(f"scans_{status}") or 0) for status in SCAN_STATUSES}
    open_findings = {severity: int(row.get(f"open_{severity}") or 0) for severity in SEVERITIES}
    last_scan = None
    if row.get("last_scan_id"):
        last_scan = {
            "id": str(row["last_scan_id"]),
            "status": row["last_scan_status"],
            "at": iso(row["last_scan_at"]),
        }
    return {
        "scans": {"total": sum(scans.values()), **scans},
        "last_scan": last_scan,
        "open_findings": {"total": sum(open_findings.values()), **open_findings},
        "fixed_in_last_scan": int(row.get("fixed_in_last_scan") or 0),
    }


def scan_from_row(row: dict[str, Any]) -> dict[str, Any]:
    counts = {severity: int(row[f"count_{severity}"]) for severity in SEVERITIES}
    summary = row.get("summary") or {}
    return {
        "id": str(row["id"]),
        "project_id": str(row["project_id"]),
        "scan_type": row["scan_type"],
        "status": row["status"],
        "attempt": row["attempt"],
        "source": {"kind": row["source_kind"], "ref": row["ref"]},
        "commit": row["commit_sha"],
        "requested_by": row["requested_by"],
        "created_at": iso(row["created_at"]),
        "started_at": iso(row["started_at"]),
        "finished_at": iso(row["finished_at"]),
        "duration_ms": row["duration_ms"],
        "findings": {"total": int(row["findings_total"]), **counts},
        "engines": summary.get("engines", {}),
        "fetch_ms": summary.get("fetch_ms"),
        "rules": _rules_in_force(summary) if "disabled_rules" in summary else None,
        "warnings": list(summary.get("warnings", [])),
        "error": row["error"],
    }


def _rules_in_force(summary: dict[str, Any]) -> dict[str, Any]:
    return {"rules_path": summary.get("rules_path"), "disabled_rules": list(summary["disabled_rules"])}


def scan_from_aggregate(scan: Scan) -> dict[str, Any]:
    return {
        "id": str(scan.id),
        "project_id": str(scan.project_id),
        "scan_type": scan.scan_type,
        "status": scan.status,
        "attempt": scan.attempt,
        "source": {"kind": scan.source.get("kind"), "ref": scan.source.get("ref")},
        "commit": scan.summary.get("commit"),
        "requested_by": None,
        "created_at": iso(scan.created_on),
        "started_at": None,
        "finished_at": None,
        "duration_ms": None,
        "findings": {"total": scan.findings_recorded},
        "engines": scan.summary.get("engines", {}),
        "rules": {"rules_path": scan.rules_path, "disabled_rules": list(scan.disabled_rules)},
        "warnings": list(scan.summary.get("warnings", [])),
        "error": scan.error,
    }


def finding_from_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "fingerprint": row["fingerprint"],
        "rule_id": row["rule_id"],
        "engine": row["engine"],
        "severity": row["severity"],
        "confidence": row["confidence"],
        "title": row["title"],
        "message": row["message"],
        "cwe": list(row["cwe"]),
        "owasp": list(row["owasp"]),
        "file_path": row["file_path"],
        "start_line": row["start_line"],
        "end_line": row["end_line"],
        "snippet": row["snippet"],
        "fix": row["fix"],
        "status": row.get("status") or "open",
        "first_seen_scan_id": str(row["first_seen_scan_id"]) if row.get("first_seen_scan_id") else None,
        "is_new": row.get("is_new"),
        "extra": row["extra"],
    }
