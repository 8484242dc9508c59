"""The table of credential shapes the secrets engine looks for: our own provider-specific patterns.

Each pattern has literal anchors (lower-case bytes); its regex runs only on lines holding one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.finding import Confidence, Severity

CRIT, HIGH, MED, LOW = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW
SURE, LIKELY, WEAK = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW

# Characters that may continue a token; used as "not followed by" so we never cut a longer token.
_END = rb"(?![A-Za-z0-9_-])"


@dataclass(frozen=True)
class SecretPattern:
    """One kind of credential: how it looks, how bad a leak is, how unique its shape is."""

    slug: str  # rule id is "secrets." + slug
    provider: str
    title: str
    regex: re.Pattern[bytes]  # the secret itself is the named group "secret"
    anchors: tuple[bytes, ...]
    severity: Severity = CRIT
    specificity: Confidence = SURE
    min_entropy: float = 0.0
    # Where the regex runs once an anchor is seen: its "line", a "block" of 16 KiB from that line
    # (PEM keys), or the whole "file" (when the anchor is a provider name, not part of the secret).
    window: str = "line"
    generic: bool = False  # a keyword assignment rather than a provider shape
    config_only: bool = False  # only in .env / YAML / INI / properties-like files

    @property
    def rule_id(self) -> str:
        return "secrets." + self.slug


def _p(
    slug: str, provider: str, title: str, regex: bytes, anchors: tuple[bytes, ...], **kw: object
) -> SecretPattern:
    return SecretPattern(slug, provider, title, re.compile(regex), anchors, **kw)  # type: ignore[arg-type]


PROVIDER_PATTERNS: tuple[SecretPattern, ...] = (
    _p(
        "private-key",
        "PKI",
        "Private key",
        rb"-----BEGIN (?P<kind>(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?"
        rb"PRIVATE KEY(?: BLOCK)?)-----(?P<secret>[\s\S]{64,16384}?)-----END (?P=kind)-----",
        (b"private key",),
        min_entropy=4.0,
        window="block",
    ),
    _p(
        "aws-access-key-id",
        "AWS",
        "AWS access key id",
        rb"\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        (b"akia", b"asia", b"abia", b"acca"),
        severity=HIGH,
        min_entropy=3.0,
    ),
    _p(
        "aws-secret-access-key",
        "AWS",
        "AWS secret access key",
        rb"(?i)aws.{0,20}?(?:secret|sk\b|private).{0,20}?[\"'=:\s]+(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
        (b"aws",),
        specificity=LIKELY,
        min_entropy=4.0,
    ),
    _p(
        "github-token",
        "GitHub",
        "GitHub token",
        rb"\b(?P<secret>gh[pousr]_[A-Za-z0-9]{36})\b",
        (b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_"),
        min_entropy=3.5,
    ),
    _p(
        "github-fine-grained-pat",
        "GitHub",
        "GitHub fine-grained personal access token",
        rb"\b(?P<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        (b"github_pat_",),
        min_entropy=3.5,
    ),
    _p(
        "gitlab-token",
        "GitLab",
        "GitLab access token",
        rb"\b(?P<secret>gl(?:pat|ptt|rt|dt)-[A-Za-z0-9_-]{20,64})" + _END,
        (b"glpat-", b"glptt-", b"glrt-", b"gldt-"),
        min_entropy=3.0,
    ),
    _p(
        "slack-token",
        "Slack",
        "Slack token",
        rb"\b(?P<secret>xox[baprs]-[0-9A-Za-z]{6,48}(?:-[0-9A-Za-z]{4,64}){1,4})\b",
        (b"xox",),
        min_entropy=3.0,
    ),
    _p(
        "slack-webhook",
        "Slack",
        "Slack incoming webhook URL",
        rb"(?P<secret>https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[A-Z0-9]{6,14}"
        rb"/[A-Za-z0-9]{20,40})\b",
        (b"hooks.slack.com",),
        severity=HIGH,
    ),
    _p(
        "stripe-live-key",
        "Stripe",
        "Stripe live secret key",
        rb"\b(?P<secret>(?:sk|rk)_live_[0-9A-Za-z]{20,247})\b",
        (b"sk_live_", b"rk_live_"),
        min_entropy=3.5,
    ),
    _p(
        "stripe-test-key",
        "Stripe",
        "Stripe test secret key",
        rb"\b(?P<secret>(?:sk|rk)_test_[0-9A-Za-z]{20,247})\b",
        (b"sk_test_", b"rk_test_"),
        severity=LOW,
        min_entropy=3.5,
    ),
    _p(
        "google-api-key",
        "Google Cloud",
        "Google API key",
        rb"\b(?P<secret>AIza[0-9A-Za-z_-]{35})" + _END,
        (b"aiza",),
        severity=HIGH,
        min_entropy=3.5,
    ),
    _p(
        "google-oauth-client-secret",
        "Google Cloud",
        "Google OAuth client secret",
        rb"\b(?P<secret>GOCSPX-[A-Za-z0-9_-]{28})" + _END,
        (b"gocspx-",),
        min_entropy=3.5,
    ),
    _p(
        "azure-storage-connection-string",
        "Azure",
        "Azure storage connection string",
        rb"DefaultEndpointsProtocol=https?;AccountName=[A-Za-z0-9]{3,24};AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)",
        (b"accountkey=",),
        min_entropy=4.5,
    ),
    _p(
        "azure-storage-account-key",
        "Azure",
        "Azure storage account key",
        rb"(?i)(?:account|storage|azure)_?key[\"']?\s*[:=]\s*[\"']?(?P<secret>[A-Za-z0-9+/]{86}==)",
        (b"accountkey", b"account_key", b"storagekey", b"storage_key", b"azurekey", b"azure_key"),
        min_entropy=4.5,
    ),
    _p(
        "twilio-api-key",
        "Twilio",
        "Twilio API key",
        rb"\b(?P<secret>SK[0-9a-fA-F]{32})\b",
        (b"twilio",),
        specificity=LIKELY,
        min_entropy=3.0,
        window="file",
    ),
    _p(
        "twilio-auth-token",
        "Twilio",
        "Twilio auth token",
        rb"(?i)twilio.{0,30}?(?:auth|token|secret).{0,20}?[\"'=:\s]+(?P<secret>[0-9a-f]{32})\b",
        (b"twilio",),
        specificity=LIKELY,
        min_entropy=3.0,
    ),
    _p(
        "sendgrid-api-key",
        "SendGrid",
        "SendGrid API key",
        rb"\b(?P<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})" + _END,
        (b"sg.",),
        min_entropy=4.0,
    ),
    _p(
        "npm-token",
        "npm",
        "npm access token",
        rb"\b(?P<secret>npm_[A-Za-z0-9]{36})\b",
        (b"npm_",),
        min_entropy=3.5,
    ),
    _p(
        "pypi-token",
        "PyPI",
        "PyPI upload token",
        rb"\b(?P<secret>pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})",
        (b"pypi-ag",),
    ),
    _p(
        "jwt",
        "JWT",
        "JSON Web Token",
        rb"\b(?P<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})",
        (b"eyj",),
        severity=HIGH,
        specificity=LIKELY,
    ),
    _p(
        "database-url",
        "Database",
        "Database URL with password",
        rb"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?)://[^:@/\s'\"`]{0,64}:"
        rb"(?P<secret>[^@/\s'\"`]{3,128})@(?P<host>[^/\s'\"`:?,]{1,253})",
        (b"postgres", b"mysql", b"mariadb", b"mongodb", b"redis", b"amqp"),
        severity=HIGH,
    ),
    _p(
        "heroku-api-key",
        "Heroku",
        "Heroku API key",
        rb"\b(?P<secret>HRKU-[A-Za-z0-9_-]{60})" + _END,
        (b"hrku-",),
    ),
    _p(
        "heroku-api-key",
        "Heroku",
        "Heroku API key",
        rb"(?i)heroku.{0,30}?[\"'=:\s]+(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
        (b"heroku",),
        specificity=LIKELY,
    ),
    _p(
        "mailgun-api-key",
        "Mailgun",
        "Mailgun API key",
        rb"\b(?P<secret>key-[0-9a-f]{32})\b",
        (b"key-",),
        specificity=LIKELY,
        min_entropy=3.0,
    ),
    _p(
        "shopify-token",
        "Shopify",
        "Shopify access token",
        rb"\b(?P<secret>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b",
        (b"shpat_", b"shpca_", b"shppa_", b"shpss_"),
        min_entropy=3.0,
    ),
    _p(
        "square-token",
        "Square",
        "Square access token or secret",
        rb"\b(?P<secret>sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[A-Za-z0-9_-]{60})" + _END,
        (b"sq0atp-", b"sq0csp-", b"eaaa"),
        min_entropy=3.5,
    ),
    _p(
        "discord-webhook",
        "Discord",
        "Discord webhook URL",
        rb"(?P<secret>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68})",
        (b"/api/webhooks/",),
        severity=HIGH,
    ),
    _p(
        "discord-bot-token",
        "Discord",
        "Discord bot token",
        rb"(?<![A-Za-z0-9_.-])(?P<secret>[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})"
        + _END,
        (b"discord", b"bot_token", b"bot token"),
        specificity=LIKELY,
        min_entropy=4.0,
    ),
    _p(
        "telegram-bot-token",
        "Telegram",
        "Telegram bot token",
        rb"\b(?P<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})" + _END,
        (b":aa",),
        min_entropy=3.5,
    ),
    _p(
        "datadog-api-key",
        "Datadog",
        "Datadog API or application key",
        rb"(?i)(?:datadog|\bdd)[\w.-]{0,20}?(?:api|app)[\w.-]{0,12}?key[\"']?\s*(?::|=>|=)\s*[\"']?"
        rb"(?P<secret>[a-f0-9]{40}|[a-f0-9]{32})\b",
        (b"datadog", b"dd_", b"dd-"),
        specificity=LIKELY,
        min_entropy=3.0,
    ),
    _p(
        "doppler-token",
        "Doppler",
        "Doppler token",
        rb"\b(?P<secret>dp\.(?:st|ct|sa|scim|audit|pt)\.[A-Za-z0-9_-]{40,44})" + _END,
        (b"dp.",),
        min_entropy=3.5,
    ),
    _p(
        "vault-token",
        "HashiCorp Vault",
        "HashiCorp Vault token",
        rb"\b(?P<secret>hv[sbr]\.[A-Za-z0-9_-]{24,200})" + _END,
        (b"hvs.", b"hvb.", b"hvr."),
        min_entropy=3.5,
    ),
    _p(
        "databricks-token",
        "Databricks",
        "Databricks personal access token",
        rb"\b(?P<secret>dapi[a-f0-9]{32}(?:-\d)?)\b",
        (b"dapi",),
        min_entropy=3.0,
    ),
    _p(
        "openai-api-key",
        "OpenAI",
        "OpenAI API key",
        rb"\b(?P<secret>sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{16,160}T3BlbkFJ[A-Za-z0-9_-]{16,160})"
        + _END,
        (b"t3blbkfj",),
        min_entropy=3.5,
    ),
    _p(
        "anthropic-api-key",
        "Anthropic",
        "Anthropic API key",
        rb"\b(?P<secret>sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,120})" + _END,
        (b"sk-ant-",),
        min_entropy=3.5,
    ),
    _p(
        "huggingface-token",
        "Hugging Face",
        "Hugging Face access token",
        rb"\b(?P<secret>hf_[A-Za-z0-9]{34})\b",
        (b"hf_",),
        min_entropy=3.5,
    ),
    _p(
        "digitalocean-token",
        "DigitalOcean",
        "DigitalOcean token",
        rb"\b(?P<secret>do[por]_v1_[a-f0-9]{64})\b",
        (b"dop_v1_", b"doo_v1_", b"dor_v1_"),
        min_entropy=3.0,
    ),
    _p(
        "atlassian-api-token",
        "Atlassian",
        "Atlassian API token",
        rb"\b(?P<secret>ATATT3[A-Za-z0-9_=-]{150,250})(?![A-Za-z0-9_=-])",
        (b"atatt3",),
        min_entropy=4.0,
    ),
    _p(
        "firebase-fcm-server-key",
        "Firebase",
        "Firebase Cloud Messaging server key",
        rb"\b(?P<secret>AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,160})" + _END,
        (b":apa91b",),
        min_entropy=4.0,
    ),
)

_KEYS = (
    rb"(?P<key>pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|credentials?)"
)
_GENERIC_ANCHORS = (
    b"password",
    b"passwd",
    b"passphrase",
    b"_pass",
    b"pwd",
    b"secret",
    b"token",
    b"credential",
    b"apikey",
    b"api_key",
    b"api-key",
    b"accesskey",
    b"access_key",
    b"access-key",
    b"authkey",
    b"auth_key",
    b"auth-key",
)

GENERIC_PATTERNS: tuple[SecretPattern, ...] = (
    # password = "...", "apiKey": "...", token := `...`
    _p(
        "generic-credential",
        "generic",
        "Hard-coded credential",
        rb"(?i)" + _KEYS + rb"[\w.-]{0,30}?[\"']?\s*(?::=|=>|==?|:|\|\|=)\s*[rbuf]{0,2}(?P<q>[\"'`])"
        rb"(?P<secret>[^\"'`\s\\]{6,200})(?P=q)",
        _GENERIC_ANCHORS,
        severity=MED,
        specificity=WEAK,
        generic=True,
    ),
    # KEY=value in .env / YAML / properties files (only used for config-like files)
    _p(
        "generic-credential",
        "generic",
        "Hard-coded credential",
        rb"(?im)^[ \t]*(?:export[ \t]+)?[\w.-]*?" + _KEYS + rb"[\w.-]*[ \t]*[:=][ \t]*"
        rb"(?P<secret>[^\s\"'`#,;(){}\[\]$%<>|]{6,200})[ \t]*(?:#.*)?$",
        _GENERIC_ANCHORS,
        severity=MED,
        specificity=WEAK,
        generic=True,
        config_only=True,
    ),
)

PATTERNS: tuple[SecretPattern, ...] = PROVIDER_PATTERNS + GENERIC_PATTERNS
