"""Email addresses as account identifiers: validation and the canonical form used for uniqueness."""

from __future__ import annotations

import re

from domain.errors import Invalid

EMAIL_CLAIM = "email"
MAX_EMAIL_LENGTH = 254
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[^@\s\x00-\x1f]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$")


def canonical_email(raw: str) -> str:
    """The address as stored: trimmed, lower-cased; raises Invalid when it is not an address."""
    email = raw.strip().lower()
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise Invalid("email is not a valid address", {"email": "must be a valid email address"})
    return email
