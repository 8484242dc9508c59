"""The secrets engine: finds hard-coded credentials in a source tree and reports them redacted.

One Aho-Corasick pass over each file finds the patterns' literal anchors; regexes then run only there.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import ahocorasick_rs

from domain.finding import Confidence, Finding, Severity, with_fingerprints
from scanners.engine import EngineOptions
from scanners.secret_patterns import PATTERNS, SecretPattern

SKIPPED_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "bower_components", "vendor", "dist", ".venv", "venv",
    "site-packages", "__pycache__", ".tox"
})
SKIPPED_SUFFIXES = (
    ".min.js", ".min.css", ".map", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".pdf", ".zip", ".gz",
    ".tgz", ".bz2", ".xz", ".jar", ".class", ".so", ".dll", ".exe", ".pyc", ".mo", ".woff", ".woff2",
    ".ttf", ".eot", ".mp3", ".mp4", ".whl"
)
CONFIG_SUFFIXES = (
    ".env", ".envrc", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".properties", ".toml", ".tfvars"
)
EXAMPLE_CONTEXT = frozenset({
    "test", "tests", "testing", "__tests__", "spec", "specs", "fixture", "fixtures", "testdata", "example",
    "examples", "sample", "samples", "mock", "mocks", "docs", "doc", "demo"
})
PLACEHOLDER_MARKERS = (
    "example", "dummy", "fake", "sample", "placeholder", "changeme", "change_me", "your_", "your-",
    "yourtoken", "redacted", "xxxx", "****", "<", ">", "${", "{{", "%(", "$(", "os.environ", "process.env",
    "getenv", "1234567890", "abcdefghij", "insert", "replace_", "password", "passwd"
)
PLACEHOLDER_VALUES = frozenset({
    "password", "passwd", "secret", "token", "changeme", "admin", "root", "none", "null", "true", "false",
    "undefined", "default", "string"
})
CWE = ("CWE-798",)
OWASP = ("A07:2021 - Identification and Authentication Failures",)
BINARY_PROBE = 8192
BLOCK_BYTES = 16384
_LOWER_CONFIDENCE = {
    Confidence.HIGH: Confidence.MEDIUM,
    Confidence.MEDIUM: Confidence.LOW,
    Confidence.LOW: Confidence.LOW,
}


def shannon_entropy(value: str) -> float:
    """Bits per character of the value's own character distribution."""
    if not value:
        return 0.0
    size = len(value)
    return -sum(n / size * math.log2(n / size) for n in Counter(value).values())


def is_placeholder(value: str) -> bool:
    """Documentation examples, template variables, environment lookups and filler characters."""
    low = value.lower()
    if low in PLACEHOLDER_VALUES or any(marker in low for marker in PLACEHOLDER_MARKERS):
        return True
    counts = Counter(value)
    return len(counts) <= 3 or max(counts.values()) > len(value) / 2


def in_example_context(rel_path: str) -> bool:
    """True for tests, fixtures, examples and docs, where committed credentials are usually fake."""
    parts = rel_path.lower().split("/")
    stem = parts[-1]
    return bool(EXAMPLE_CONTEXT.intersection(parts[:-1])) or any(
        word in stem for word in ("test", "example", "sample", "fixture", "mock", ".dist")
    )


def redact(text: str, secret: str) -> str:
    """The text with every occurrence of the secret cut to its first four characters and ****."""
    return text.replace(secret, secret[:4] + "****") if secret else text


class SecretsEngine:
    """Provider-specific credential shapes plus entropy-gated generic assignments."""

    name = "secrets"

    def __init__(self, patterns: tuple[SecretPattern, ...] = PATTERNS) -> None:
        self._patterns = patterns
        self._anchors = sorted({a for p in patterns for a in p.anchors})
        index = {a: i for i, a in enumerate(self._anchors)}
        self._by_anchor: list[list[int]] = [[] for _ in self._anchors]
        for number, pattern in enumerate(patterns):
            for anchor in pattern.anchors:
                self._by_anchor[index[anchor]].append(number)
        self._automaton = ahocorasick_rs.BytesAhoCorasick(self._anchors)

    def version(self) -> str:
        return f"pairsec-secrets 1.0 ({len(self._patterns)} patterns)"

    def scan(self, root: Path, options: EngineOptions) -> list[Finding]:
        findings: list[Finding] = []
        for path, rel in iter_text_candidates(root, options):
            try:
                with open(path, "rb") as handle:
                    data = handle.read(options.max_file_bytes + 1)
            except OSError:
                continue
            if len(data) > options.max_file_bytes or b"\0" in data[:BINARY_PROBE]:
                continue
            findings.extend(f for f in self.scan_bytes(data, rel) if f.rule_id not in options.disabled_rules)
        return list(with_fingerprints(findings))

    def scan_bytes(self, data: bytes, rel_path: str) -> list[Finding]:
        """Findings (without fingerprints) for one file's content."""
        windows: dict[int, set[tuple[int, int]]] = {}
        for anchor_no, start, _end in self._automaton.find_matches_as_indexes(data.lower(), overlapping=True):
            for number in self._by_anchor[anchor_no]:
                windows.setdefault(number, set()).add(_window(data, start, self._patterns[number].window))
        is_config = rel_path.lower().endswith(CONFIG_SUFFIXES) or "/.env" in "/" + rel_path.lower()
        taken: list[tuple[int, int]] = []
        findings: list[Finding] = []
        for number in sorted(windows):
            pattern = self._patterns[number]
            if pattern.config_only and not is_config:
                continue
            for lo, hi in sorted(windows[number]):
                for match in pattern.regex.finditer(data, lo, hi):
                    span = match.span("secret")
                    if any(a < span[1] and span[0] < b for a, b in taken):
                        continue
                    taken.append(span)
                    finding = self._judge(pattern, match, data, rel_path)
                    if finding is not None:
                        findings.append(finding)
        return pair_aws_credentials(findings)

    def _judge(
        self, pattern: SecretPattern, match: re.Match[bytes], data: bytes, rel_path: str
    ) -> Finding | None:
        """Turn one regex match into a finding with severity and confidence, or drop it."""
        secret = match.group("secret").decode("utf-8", "replace")
        entropy = shannon_entropy(secret)
        placeholder = is_placeholder(secret)
        severity, confidence = pattern.severity, pattern.specificity
        if pattern.generic:
            if placeholder or not _plausible_assignment(match.group("key").decode().lower(), secret, entropy):
                return None
            confidence = Confidence.MEDIUM if entropy >= 4.0 and len(secret) >= 20 else Confidence.LOW
        elif placeholder:
            severity, confidence = Severity.INFO, Confidence.LOW
        elif entropy < pattern.min_entropy:
            return None
        elif pattern.slug == "database-url" and _is_local_host(
            match.group("host").decode("utf-8", "replace")
        ):
            severity, confidence = Severity.MEDIUM, Confidence.LOW
        elif pattern.slug == "jwt" and _jwt_header_ok(secret):
            confidence = Confidence.HIGH
        if in_example_context(rel_path):
            confidence = _LOWER_CONFIDENCE[confidence]
        start_line = data.count(b"\n", 0, match.start()) + 1
        end_line = start_line + data.count(b"\n", match.start(), match.end())
        what = pattern.title + (" (placeholder value)" if placeholder else "")
        return Finding(
            rule_id=pattern.rule_id,
            engine=self.name,
            severity=severity,
            confidence=confidence,
            title=f"{what} in source",
            message=f"{what} found in {rel_path} at line {start_line}: anyone who can "
            "read the repository or its history can use it.",
            file_path=rel_path,
            start_line=start_line,
            end_line=end_line,
            snippet=_redacted_line(data, match.span("secret")),
            cwe=CWE,
            owasp=OWASP,
            fix=_fix_hint(pattern),
            matched_code=secret,
            extra={"provider": pattern.provider, "entropy": round(entropy, 2), "placeholder": placeholder},
        )


def iter_text_candidates(root: Path, options: EngineOptions) -> Iterator[tuple[str, str]]:
    """(absolute path, relative '/' path) of files worth reading, pruning vendored and VCS folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        for filename in files:
            if filename.lower().endswith(SKIPPED_SUFFIXES):
                continue
            rel = filename if rel_folder == "." else f"{rel_folder}/{filename}"
            if any(fnmatch.fnmatch(rel, glob) for glob in options.excluded_globs):
                continue
            path = os.path.join(folder, filename)
            if os.path.isfile(path) and not os.path.islink(path):
                yield path, rel


def pair_aws_credentials(findings: list[Finding], distance: int = 5) -> list[Finding]:
    """Merge an AWS key id and a secret key found within a few lines into one surer finding."""
    ids = [f for f in findings if f.rule_id == "secrets.aws-access-key-id" and f.severity != Severity.INFO]
    keys = [
        f
        for f in findings
        if f.severity != Severity.INFO
        and (
            f.rule_id == "secrets.aws-secret-access-key"
            or (f.rule_id == "secrets.generic-credential" and _AWS_SECRET_SHAPE.fullmatch(f.matched_code))
        )
    ]
    used: set[int] = set()
    for key_id in ids:
        secret = next(
            (k for k in keys if id(k) not in used and abs(k.start_line - key_id.start_line) <= distance), None
        )
        if secret is None:
            continue
        used.update((id(key_id), id(secret)))
        first, last = sorted((key_id, secret), key=lambda f: f.start_line)
        snippet = (
            first.snippet if first.start_line == last.start_line else f"{first.snippet} ... {last.snippet}"
        )
        findings.append(
            replace(
                key_id,
                rule_id="secrets.aws-credential-pair",
                severity=Severity.CRITICAL,
                confidence=_LOWER_CONFIDENCE[Confidence.HIGH]
                if in_example_context(key_id.file_path)
                else Confidence.HIGH,
                title="AWS access key id and secret access key in source",
                message=f"An AWS access key id and its secret key are together in {key_id.file_path} "
                f"(lines {first.start_line}-{last.end_line}): together they sign AWS API calls.",
                start_line=first.start_line,
                end_line=last.end_line,
                snippet=snippet,
                matched_code=key_id.matched_code + "\n" + secret.matched_code,
                extra={"provider": "AWS", "paired": True},
            )
        )
    return [f for f in findings if id(f) not in used]


_AWS_SECRET_SHAPE = re.compile(r"[A-Za-z0-9/+]{40}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[.:-][A-Za-z_][A-Za-z0-9_]*)*")
_LOCAL_HOSTS = frozenset({
    "localhost", "127.0.0.1", "::1", "db", "database", "host", "hostname", "postgres", "mysql", "mariadb",
    "mongo", "mongodb", "redis", "rabbitmq"
})


def _window(data: bytes, pos: int, kind: str) -> tuple[int, int]:
    if kind == "file":
        return 0, len(data)
    lo = data.rfind(b"\n", 0, pos) + 1
    if kind == "block":
        return lo, min(len(data), lo + BLOCK_BYTES)
    hi = data.find(b"\n", pos)
    return lo, len(data) if hi < 0 else hi


def _plausible_assignment(key: str, value: str, entropy: float) -> bool:
    """Entropy and length gates for `password = "..."`-style matches, which carry no provider shape."""
    if (
        "://" in value
        or value.startswith(("/", "./", "~/"))
        or value.endswith((".pem", ".key", ".json", ".txt"))
    ):
        return False
    if key.startswith(("pass", "pwd")):
        dull = (value.islower() and value.isalpha()) or (value.isupper() and _IDENTIFIER.fullmatch(value))
        return len(value) >= 8 and entropy >= 2.5 and not dull and "." not in value.strip(".")[:-1]
    name_like = _IDENTIFIER.fullmatch(value) and not any(c.isdigit() for c in value)
    return len(value) >= 16 and entropy >= 3.5 and not name_like


def _is_local_host(host: str) -> bool:
    return (
        host.lower() in _LOCAL_HOSTS
        or is_placeholder(host)
        or host.endswith((".local", ".test", ".internal"))
    )


def _jwt_header_ok(token: str) -> bool:
    head = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(header, dict) and "alg" in header


def _redacted_line(data: bytes, span: tuple[int, int], width: int = 200) -> str:
    """The secret's first line, the secret cut to four characters and ****, shortened around it."""
    lo = data.rfind(b"\n", 0, span[0]) + 1
    hi = data.find(b"\n", span[0])
    hi = len(data) if hi < 0 else hi
    secret = data[span[0] : span[1]]
    line = data[lo : span[0]] + secret[:4] + b"****" + data[min(span[1], hi) : hi]
    line = line.replace(secret, secret[:4] + b"****") if len(secret) >= 8 else line
    cut = span[0] - lo
    if len(line) > width:
        line = line[max(0, cut - width // 2) : max(0, cut - width // 2) + width]
    return line.decode("utf-8", "replace").strip()


def _fix_hint(pattern: SecretPattern) -> str:
    if pattern.generic:
        return "Rotate this value and read it at run time from a secret manager or environment variable."
    return (
        f"Revoke this {pattern.provider} credential and load its replacement from a secret manager or the "
        "environment."
    )
