"""Secrets cases of the accuracy corpus, written at run time so no credential-shaped text is committed.

Every value is a provider prefix (split in the source) plus a seeded random body: it has the shape
of a real credential but was never issued by anyone. Labels live in labels.json like every case.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from pathlib import Path

ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


class Maker:
    """Deterministic random bodies, so every run scans the same bytes."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)

    def chars(self, n: int, alphabet: str = ALNUM) -> str:
        return "".join(self._rng.choice(alphabet) for _ in range(n))

    def digits(self, n: int) -> str:
        return self.chars(n, string.digits[1:])


def _pem(m: Maker, kind: str) -> str:
    body = "\n".join(m.chars(64, B64) for _ in range(12))
    return f"-----BEGIN {kind}-----\n{body}\n{m.chars(24, B64)}==\n-----END {kind}-----\n"


def _jwt(m: Maker) -> str:
    header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    return f"{header}.eyJ{m.chars(60, URLSAFE)}.{m.chars(43, URLSAFE)}"


Case = Callable[[Maker], str]
CASES: dict[str, Case] = {
    "python/aws_settings.py": lambda m: (
        f'AWS_REGION = "eu-west-1"\nAWS_ACCESS_KEY_ID = "{"AK" + "IA"}{m.chars(16, B32)}"\n'
        f'AWS_SECRET_ACCESS_KEY = "{m.chars(40, B64)}"\n'
    ),
    "python/aws_settings_env.py": lambda m: (
        'import os\n\nAWS_REGION = "eu-west-1"\nAWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]\n'
        'AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]\n'
    ),
    "python/github_sync.py": lambda m: (
        f'import requests\n\nGITHUB_TOKEN = "{"gh" + "p_"}{m.chars(36)}"\n\n\ndef repos():\n'
        '    return requests.get("https://api.github.com/user/repos",\n'
        '                        headers={"Authorization": f"token {GITHUB_TOKEN}"}, timeout=10).json()\n'
    ),
    "python/github_sync_env.py": lambda m: (
        'import os\n\nimport requests\n\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n\n\ndef repos():\n'
        '    if not GITHUB_TOKEN.startswith(("ghp_", "github_pat_")):\n'
        '        raise ValueError("not a PAT")\n'
        '    return requests.get("https://api.github.com/user/repos",\n'
        '                        headers={"Authorization": f"token {GITHUB_TOKEN}"}, timeout=10).json()\n'
    ),
    "python/mailer_sendgrid.py": lambda m: (
        f'from sendgrid import SendGridAPIClient\n\nclient = SendGridAPIClient("{"SG" + "."}'
        f'{m.chars(22, URLSAFE)}.{m.chars(43, URLSAFE)}")\n'
    ),
    "python/mailer_sendgrid_env.py": lambda m: (
        'import os\n\nfrom sendgrid import SendGridAPIClient\n\n'
        'client = SendGridAPIClient(os.environ["SENDGRID_API_KEY"])\n'
    ),
    "python/hub_download.py": lambda m: (
        f'from huggingface_hub import snapshot_download\n\nHF_TOKEN = "{"h" + "f_"}{m.chars(34)}"\n'
        'snapshot_download("acme/internal-model", token=HF_TOKEN)\n'
    ),
    "python/migration_ids.py": lambda m: (
        f'revision = "{m.chars(12, HEX)}"\ndown_revision = "{m.chars(12, HEX)}"\n'
        f'TENANT_NAMESPACE = "{m.chars(8, HEX)}-{m.chars(4, HEX)}-4{m.chars(3, HEX)}-a{m.chars(3, HEX)}-'
        f'{m.chars(12, HEX)}"\n'
    ),
    "javascript/slack_notify.js": lambda m: (
        'const { WebClient } = require("@slack/web-api");\n\n'
        f'const slack = new WebClient("{"xo" + "xb-"}{m.digits(11)}-{m.digits(13)}-{m.chars(24)}");\n'
        "module.exports = slack;\n"
    ),
    "javascript/slack_notify_env.js": lambda m: (
        'const { WebClient } = require("@slack/web-api");\n\n'
        "const slack = new WebClient(process.env.SLACK_BOT_TOKEN);\nmodule.exports = slack;\n"
    ),
    "javascript/maps_config.js": lambda m: (
        f'export const mapsConfig = {{\n  apiKey: "{"AI" + "za"}{m.chars(35, URLSAFE)}",\n  zoom: 12,\n}};\n'
    ),
    "javascript/maps_config_env.js": lambda m: (
        "export const mapsConfig = {\n  apiKey: import.meta.env.VITE_MAPS_KEY,\n  zoom: 12,\n};\n"
    ),
    "javascript/service_client.js": lambda m: (
        f'const SERVICE_TOKEN = "{_jwt(m)}";\n\n'
        'module.exports = (path) => fetch("https://api.internal" + path, {\n'
        "  headers: { Authorization: `Bearer ${SERVICE_TOKEN}` },\n});\n"
    ),
    "javascript/lock_integrity.json": lambda m: (
        '{\n  "name": "left-pad",\n  "version": "1.3.0",\n'
        f'  "integrity": "sha512-{m.chars(86, B64)}=="\n}}\n'
    ),
    "go/gitlab_client.go": lambda m: (
        'package ci\n\nimport "github.com/xanzy/go-gitlab"\n\nfunc Client() (*gitlab.Client, error) {\n'
        f'\treturn gitlab.NewClient("{"glp" + "at-"}{m.chars(20, URLSAFE)}")\n}}\n'
    ),
    "go/gitlab_client_env.go": lambda m: (
        'package ci\n\nimport (\n\t"os"\n\n\t"github.com/xanzy/go-gitlab"\n)\n\n'
        'func Client() (*gitlab.Client, error) {\n\treturn gitlab.NewClient(os.Getenv("GITLAB_TOKEN"))\n}\n'
    ),
    "go/discord_alert.go": lambda m: (
        'package alerts\n\n'
        f'const webhook = "https://discord.com/api/{"web" + "hooks"}/{m.digits(18)}/{m.chars(68, URLSAFE)}"\n'
    ),
    "go/artifact_digests.go": lambda m: (
        "package release\n\nvar digests = map[string]string{\n"
        f'\t"linux-amd64": "{m.chars(64, HEX)}",\n'
        f'\t"darwin-arm64": "{m.chars(64, HEX)}",\n}}\n'
    ),
    "java/SlackAlerts.java": lambda m: (
        "public class SlackAlerts {\n    static final String WEBHOOK =\n"
        f'        "https://hooks.{"sla" + "ck"}.com/services/T{m.chars(8, B32[:26])}/B{m.chars(10, B32[:26])}'
        f'/{m.chars(24)}";\n}}\n'
    ),
    "java/SlackAlertsEnv.java": lambda m: (
        "public class SlackAlertsEnv {\n"
        '    static final String WEBHOOK = System.getenv("SLACK_WEBHOOK");\n}\n'
    ),
    "java/TwilioConfig.java": lambda m: (
        f'public class TwilioConfig {{\n    static final String API_KEY_SID = "{"S" + "K"}'
        f'{m.chars(32, HEX)}";\n}}\n'
    ),
    "java/TwilioConfigEnv.java": lambda m: (
        "public class TwilioConfigEnv {\n"
        '    static final String API_KEY_SID = System.getenv("TWILIO_API_KEY");\n}\n'
    ),
    "config/docker-compose.yml": lambda m: (
        "services:\n  api:\n    image: acme/api:1.4\n    environment:\n"
        f"      DATABASE_URL: postgres://app:{m.chars(18)}@db.prod.internal:5432/app\n"
    ),
    "config/docker-compose.env.yml": lambda m: (
        "services:\n  api:\n    image: acme/api:1.4\n    environment:\n"
        "      DATABASE_URL: postgres://app:${DB_PASSWORD}@db.prod.internal:5432/app\n"
    ),
    "config/deploy_key.pem": lambda m: _pem(m, "RSA PRIVATE KEY"),
    "config/deploy_key.pub.pem": lambda m: _pem(m, "PUBLIC KEY"),
    "config/.npmrc": lambda m: f"//registry.npmjs.org/:_authToken={'np' + 'm_'}{m.chars(36)}\n",
    "config/npmrc.ci": lambda m: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
    "config/.env": lambda m: (
        f"APP_ENV=production\nOPENAI_API_KEY={'sk-' + 'proj-'}{m.chars(40, URLSAFE)}{'T3Blbk' + 'FJ'}"
        f"{m.chars(40, URLSAFE)}\n"
    ),
    "config/.env.defaults": lambda m: "APP_ENV=production\nOPENAI_API_KEY=\nLOG_LEVEL=info\n",
    "config/publish.yml": lambda m: (
        "jobs:\n  publish:\n    steps:\n      - run: twine upload dist/*\n        env:\n"
        f"          TWINE_PASSWORD: {'py' + 'pi-'}AgEIcHlwaS5vcmc{m.chars(70, URLSAFE)}\n"
    ),
    "config/publish.secrets.yml": lambda m: (
        "jobs:\n  publish:\n    steps:\n      - run: twine upload dist/*\n        env:\n"
        "          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n"
    ),
    "config/db.ini": lambda m: f"[database]\nhost = db.prod.internal\ndb_password = {m.chars(22)}\n",
    "config/db.tmpl.ini": lambda m: "[database]\nhost = db.prod.internal\ndb_password = %(DB_PASSWORD)s\n",
    "shell/deploy_billing.sh": lambda m: (
        f'#!/bin/sh\nexport STRIPE_API_KEY="{"sk" + "_live_"}{m.chars(24)}"\n'
        "exec node dist/billing.js\n"
    ),
    "shell/deploy_billing_env.sh": lambda m: (
        '#!/bin/sh\nexport STRIPE_API_KEY="${STRIPE_API_KEY:?set STRIPE_API_KEY}"\n'
        "exec node dist/billing.js\n"
    ),
    "shell/bot_start.sh": lambda m: (
        f'#!/bin/sh\nTELEGRAM_TOKEN="{m.digits(10)}:{"A" + "A"}{m.chars(33, URLSAFE)}" python bot.py\n'
    ),
    "shell/bot_start_vault.sh": lambda m: (
        '#!/bin/sh\nTELEGRAM_TOKEN="$(vault kv get -field=token secret/bot)" python bot.py\n'
    ),
}


def write_secret_cases(root: Path) -> list[str]:
    """Write every secrets case below root/secrets; return their paths relative to root."""
    written = []
    for rel, build in CASES.items():
        path = root / "secrets" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(build(Maker(rel)))
        written.append(f"secrets/{rel}")
    return written
