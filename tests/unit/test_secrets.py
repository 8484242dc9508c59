"""Unit tests for the secrets engine: each credential shape, placeholders, redaction, file selection."""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from pathlib import Path

import pytest

from domain.finding import Confidence, Severity
from scanners.engine import EngineOptions
from scanners.secret_patterns import PATTERNS
from scanners.secrets import SecretsEngine, shannon_entropy

# Fake values are built at run time from a fixed seed: nothing secret-shaped is committed to git.
_RNG = random.Random(20240607)
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"


def rand(alphabet: str, size: int) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(size))


def b64url(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def pem(kind: str) -> str:
    body = "\n".join(rand(B64, 64) for _ in range(6))
    label = f"{kind} PRIVATE KEY".strip()
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"


ENGINE = SecretsEngine()

# (rule slug, file name, builder of the file content around a fake credential)
CASES: list[tuple[str, str, Callable[[], str]]] = [
    (
        "aws-access-key-id",
        "deploy.py",
        lambda: f'KEY_ID = "AKIA{rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}"\n',
    ),
    ("aws-secret-access-key", "settings.py", lambda: f'AWS_SECRET_ACCESS_KEY = "{rand(B64, 40)}"\n'),
    *[
        ("github-token", "ci.sh", lambda p=p: f"export GH={p}_{rand(ALNUM, 36)}\n")
        for p in ("ghp", "gho", "ghu", "ghs", "ghr")
    ],
    ("github-fine-grained-pat", "ci.sh", lambda: f"TOKEN=github_pat_{rand(ALNUM, 22)}_{rand(ALNUM, 59)}\n"),
    ("gitlab-token", "ci.sh", lambda: f"curl -H 'PRIVATE-TOKEN: glpat-{rand(URLSAFE, 20)}'\n"),
    (
        "slack-token",
        "bot.js",
        lambda: f'const t = "xoxb-{rand(string.digits, 12)}-{rand(string.digits, 13)}-{rand(ALNUM, 24)}";\n',
    ),
    (
        "slack-webhook",
        "notify.py",
        lambda: (
            f'URL = "https://hooks.slack.com/services/T{rand("ABCDEFGH0123456789", 8)}'
            f'/B{rand("ABCDEFGH0123456789", 10)}/{rand(ALNUM, 24)}"\n'
        ),
    ),
    ("stripe-live-key", "pay.rb", lambda: f"Stripe.api_key = 'sk_live_{rand(ALNUM, 24)}'\n"),
    ("stripe-test-key", "pay.rb", lambda: f"Stripe.api_key = 'sk_test_{rand(ALNUM, 24)}'\n"),
    ("google-api-key", "maps.js", lambda: f'const k = "AIza{rand(URLSAFE, 35)}";\n'),
    (
        "google-oauth-client-secret",
        "oauth.json",
        lambda: f'{{"client_secret": "GOCSPX-{rand(URLSAFE, 28)}"}}\n',
    ),
    (
        "azure-storage-connection-string",
        "app.config",
        lambda: (
            "DefaultEndpointsProtocol=https;AccountName=acme;"
            f"AccountKey={rand(B64, 86)}==;EndpointSuffix=core.windows.net\n"
        ),
    ),
    ("azure-storage-account-key", "infra.tf", lambda: f'storage_key = "{rand(B64, 86)}=="\n'),
    ("twilio-api-key", "sms.py", lambda: f'import twilio\nclient = Client("SK{rand(HEX, 32)}", SID)\n'),
    ("twilio-auth-token", "sms.py", lambda: f'TWILIO_AUTH_TOKEN = "{rand(HEX, 32)}"\n'),
    ("sendgrid-api-key", "mail.py", lambda: f'SG_KEY = "SG.{rand(URLSAFE, 22)}.{rand(URLSAFE, 43)}"\n'),
    ("npm-token", ".npmrc", lambda: f"//registry.npmjs.org/:_authToken=npm_{rand(ALNUM, 36)}\n"),
    ("pypi-token", ".pypirc", lambda: f"password = pypi-AgEIcHlwaS5vcmc{rand(URLSAFE, 70)}\n"),
    *[("private-key", "id_key", lambda k=k: pem(k)) for k in ("RSA", "EC", "OPENSSH", "DSA", "PGP", "")],
    (
        "jwt",
        "client.py",
        lambda: (
            f'AUTH = "{b64url({"alg": "HS256", "typ": "JWT"})}.'
            f'{b64url({"sub": "u-81", "role": "admin"})}.{rand(URLSAFE, 43)}"\n'
        ),
    ),
    *[
        (
            "database-url",
            "db.env",
            lambda s=s: f"DATABASE_URL={s}://app:{rand(ALNUM, 18)}@db-prod.acme-corp.net/app\n",
        )
        for s in ("postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqp")
    ],
    ("heroku-api-key", "deploy.sh", lambda: f"HEROKU_API_KEY=HRKU-{rand(URLSAFE, 60)}\n"),
    (
        "heroku-api-key",
        "deploy.sh",
        lambda: (
            f"heroku_key = '{rand(HEX, 8)}-{rand(HEX, 4)}-{rand(HEX, 4)}-{rand(HEX, 4)}-{rand(HEX, 12)}'\n"
        ),
    ),
    ("mailgun-api-key", "mail.py", lambda: f'MAILGUN = "key-{rand(HEX, 32)}"\n'),
    ("shopify-token", "shop.py", lambda: f'TOKEN = "shpat_{rand(HEX, 32)}"\n'),
    ("square-token", "pos.py", lambda: f'SQUARE = "EAAA{rand(URLSAFE, 60)}"\n'),
    ("square-token", "pos.py", lambda: f'SQUARE = "sq0atp-{rand(URLSAFE, 22)}"\n'),
    (
        "discord-bot-token",
        "bot.py",
        lambda: f'DISCORD_TOKEN = "M{rand(ALNUM, 23)}.{rand(URLSAFE, 6)}.{rand(URLSAFE, 27)}"\n',
    ),
    (
        "discord-webhook",
        "hook.py",
        lambda: f'H = "https://discord.com/api/webhooks/{rand(string.digits, 18)}/{rand(URLSAFE, 68)}"\n',
    ),
    ("telegram-bot-token", "tg.py", lambda: f'BOT = "{rand(string.digits, 10)}:AA{rand(URLSAFE, 33)}"\n'),
    ("datadog-api-key", "dd.env", lambda: f"DD_API_KEY={rand(HEX, 32)}\n"),
    ("doppler-token", "ci.sh", lambda: f"DOPPLER_TOKEN=dp.st.{rand(URLSAFE, 43)}\n"),
    ("vault-token", "ci.sh", lambda: f"VAULT_TOKEN=hvs.{rand(URLSAFE, 95)}\n"),
    ("databricks-token", "job.py", lambda: f'HOST_TOKEN = "dapi{rand(HEX, 32)}"\n'),
    ("openai-api-key", "llm.py", lambda: f'KEY = "sk-proj-{rand(URLSAFE, 60)}T3BlbkFJ{rand(URLSAFE, 60)}"\n'),
    ("anthropic-api-key", "llm.py", lambda: f'KEY = "sk-ant-api03-{rand(URLSAFE, 93)}AA"\n'),
    ("huggingface-token", "hub.py", lambda: f'HF = "hf_{rand(string.ascii_letters, 34)}"\n'),
    ("digitalocean-token", "do.sh", lambda: f"DO=dop_v1_{rand(HEX, 64)}\n"),
    ("atlassian-api-token", "jira.py", lambda: f'JIRA = "ATATT3{rand(URLSAFE, 180)}={rand(HEX, 8)}"\n'),
    (
        "firebase-fcm-server-key",
        "push.js",
        lambda: f'const key = "AAAA{rand(URLSAFE, 7)}:APA91b{rand(URLSAFE, 134)}";\n',
    ),
    ("generic-credential", "settings.py", lambda: f'DB_PASSWORD = "{rand(ALNUM + "!@#%", 14)}"\n'),
    ("generic-credential", "client.go", lambda: f'apiKey := "{rand(ALNUM, 32)}"\n'),
    ("generic-credential", "prod.env", lambda: f"SESSION_SECRET={rand(ALNUM, 32)}\n"),
]


@pytest.mark.parametrize(
    ("slug", "filename", "build"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_credential_type_is_detected(slug: str, filename: str, build: Callable[[], str]) -> None:
    content = build()
    findings = ENGINE.scan_bytes(content.encode(), f"src/{filename}")
    assert f"secrets.{slug}" in {f.rule_id for f in findings}, content
    finding = next(f for f in findings if f.rule_id == f"secrets.{slug}")
    assert finding.engine == "secrets"
    assert finding.cwe == ("CWE-798",)
    assert finding.owasp == ("A07:2021 - Identification and Authentication Failures",)
    assert finding.severity != Severity.INFO
    assert finding.fix and finding.title and finding.message


def test_the_table_covers_at_least_thirty_credential_types() -> None:
    assert len({p.slug for p in PATTERNS}) + 1 >= 30  # +1: the AWS pair is derived
    assert len({c[0] for c in CASES}) == len({p.slug for p in PATTERNS})


def test_live_and_private_keys_are_critical_test_keys_lower() -> None:
    live = ENGINE.scan_bytes(f"k = 'sk_live_{rand(ALNUM, 24)}'\n".encode(), "pay.py")
    test = ENGINE.scan_bytes(f"k = 'sk_test_{rand(ALNUM, 24)}'\n".encode(), "pay.py")
    key = ENGINE.scan_bytes(pem("RSA").encode(), "deploy/id_rsa")
    assert [f.severity for f in live] == [Severity.CRITICAL]
    assert [f.severity for f in test] == [Severity.LOW]
    assert [f.severity for f in key] == [Severity.CRITICAL]


def test_aws_id_and_secret_close_together_become_one_confident_pair() -> None:
    text = (
        f"[default]\naws_access_key_id = AKIA{rand('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\n"
        f"aws_secret_access_key = {rand(B64, 40)}\n"
    )
    findings = ENGINE.scan_bytes(text.encode(), ".aws/credentials")
    assert [f.rule_id for f in findings] == ["secrets.aws-credential-pair"]
    pair = findings[0]
    assert (pair.severity, pair.confidence) == (Severity.CRITICAL, Confidence.HIGH)
    assert (pair.start_line, pair.end_line) == (2, 3)


@pytest.mark.parametrize(
    "text",
    [
        'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"\n'
        'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
        'password = "changeme"',
        'password = "password"',
        'token = "xxxxxxxxxxxxxxxxxxxxxxxx"',
        'api_key = "<your-token>"',
        'secret = "${SECRET_VALUE_FROM_ENV}"',
        "token = os.environ['API_TOKEN']",
        'GITHUB = "ghp_' + "A" * 36 + '"',
        'STRIPE = "sk_live_' + "0" * 24 + '"',
        'secret_key = "dummy-secret-for-local-dev-only"',
        'api_key = "my_fake_api_key_value_123"',
        "DATABASE_URL=postgres://user:password@localhost/app",
    ],
)
def test_placeholders_are_never_critical(text: str) -> None:
    findings = ENGINE.scan_bytes(text.encode(), "config/settings.py")
    assert all(f.severity in (Severity.INFO, Severity.LOW, Severity.MEDIUM) for f in findings), findings
    assert all(f.confidence == Confidence.LOW for f in findings)


def test_snippet_is_redacted_and_the_secret_appears_only_in_matched_code() -> None:
    token = "ghp_" + rand(ALNUM, 36)
    findings = ENGINE.scan_bytes(
        f'headers = {{"Authorization": "token {token}"}}  # {token}\n'.encode(), "a.py"
    )
    assert len(findings) == 2  # two occurrences on one line
    for finding in findings:
        assert finding.snippet == 'headers = {"Authorization": "token ghp_****"}  # ghp_****'
        assert token not in json.dumps(finding.as_dict())
        assert token not in repr(finding)
        assert finding.matched_code == token


def test_generic_assignments_need_entropy_and_length() -> None:
    weak = ENGINE.scan_bytes(b'token_type = "bearer"\nsecret_name = "DJANGO_SECRET_KEY_NAME"\n', "a.py")
    strong = ENGINE.scan_bytes(f'client_secret = "{rand(ALNUM, 40)}"\n'.encode(), "a.py")
    assert weak == []
    assert [f.rule_id for f in strong] == ["secrets.generic-credential"]
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == 2.0


def test_line_numbers_and_multi_line_keys() -> None:
    text = "# config\n\nimport os\n" + pem("OPENSSH") + f"TOKEN = 'npm_{rand(ALNUM, 36)}'\n"
    by_rule = {f.rule_id: f for f in ENGINE.scan_bytes(text.encode(), "keys.py")}
    assert (by_rule["secrets.private-key"].start_line, by_rule["secrets.private-key"].end_line) == (4, 11)
    assert by_rule["secrets.npm-token"].start_line == 12


def test_test_and_example_paths_lower_confidence() -> None:
    text = f"k = 'sk_live_{rand(ALNUM, 24)}'\n".encode()
    (real,) = ENGINE.scan_bytes(text, "billing/charge.py")
    (in_tests,) = ENGINE.scan_bytes(text, "tests/unit/test_charge.py")
    assert (real.confidence, in_tests.confidence) == (Confidence.HIGH, Confidence.MEDIUM)


def write(root: Path, rel: str, content: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_scan_skips_binary_large_and_vendored_files(tmp_path: Path) -> None:
    line = f"TOKEN = 'glpat-{rand(URLSAFE, 20)}'\n".encode()
    write(tmp_path, "app/main.py", line)
    write(tmp_path, "app/blob.bin", b"\0\x01" + line)
    write(tmp_path, "app/big.py", line + b"#" * 5000)
    for folder in ("node_modules/x", ".git/objects", "vendor/lib", ".venv/lib", "dist", "site-packages/y"):
        write(tmp_path, f"{folder}/leak.py", line)
    findings = SecretsEngine().scan(tmp_path, EngineOptions(max_file_bytes=4096))
    assert [(f.file_path, f.start_line) for f in findings] == [("app/main.py", 1)]
    assert findings[0].fingerprint


def test_fingerprint_is_stable_when_lines_shift(tmp_path: Path) -> None:
    line = f"SENDGRID = 'SG.{rand(URLSAFE, 22)}.{rand(URLSAFE, 43)}'\n"
    write(tmp_path, "src/mail.py", line.encode())
    before = SecretsEngine().scan(tmp_path, EngineOptions())
    write(tmp_path, "src/mail.py", ("import os\n" * 7 + "    " + line).encode())
    after = SecretsEngine().scan(tmp_path, EngineOptions())
    assert [f.start_line for f in before] == [1] and [f.start_line for f in after] == [8]
    assert before[0].fingerprint == after[0].fingerprint


def test_disabled_rules_are_not_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.py", f"t = 'hf_{rand(string.ascii_letters, 34)}'\n".encode())
    options = EngineOptions(disabled_rules=frozenset({"secrets.huggingface-token"}))
    assert SecretsEngine().scan(tmp_path, options) == []
