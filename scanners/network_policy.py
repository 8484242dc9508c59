"""Egress policy for clones: a host may be fetched only if every address it resolves to is public."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any

from domain.errors import Invalid
from domain.repository_url import FIELD, check_host, non_public_reason
from scanners.source_errors import SourceError

Resolver = Callable[..., Sequence[tuple[Any, ...]]]
_PUBLIC_ONLY = "Pairsec clones only from public hosts"


def resolve_public_addresses(
    host: str, allow_private: bool, resolver: Resolver = socket.getaddrinfo
) -> tuple[str, ...]:
    """The addresses host resolves to, refused with SourceError if any of them is not public.

    Every answer is checked, not only the first: a name with one public and one private answer
    could otherwise be used to reach an internal service. With allow_private nothing is resolved.
    """
    try:
        check_host(host, allow_private)
    except Invalid as refused:
        why = refused.details.get(FIELD, "") if isinstance(refused.details, dict) else ""
        raise SourceError(f"host '{host}' is not allowed: {why or _PUBLIC_ONLY}") from None
    if allow_private:
        return ()
    name = host[1:-1] if host.startswith("[") else host
    try:
        answers = resolver(name, None, type=socket.SOCK_STREAM)
    except socket.gaierror as failure:
        temporary = failure.errno == socket.EAI_AGAIN
        raise SourceError(
            f"could not resolve host '{host}': check the repository URL", retryable=temporary
        ) from None
    except (UnicodeError, OSError):
        raise SourceError(f"could not resolve host '{host}': check the repository URL") from None
    addresses = tuple(dict.fromkeys(str(answer[4][0]).split("%", 1)[0] for answer in answers))
    if not addresses:
        raise SourceError(f"could not resolve host '{host}': check the repository URL")
    for text in addresses:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise SourceError(f"host '{host}' did not resolve to an IP address") from None
        if non_public_reason(address) is not None:
            # Same words whatever the kind of address: the reason must not map internal networks.
            raise SourceError(f"host '{host}' resolves to a non-public address: {_PUBLIC_ONLY}")
    return addresses


def check_host_allowed(host: str, allow_private: bool, resolver: Resolver = socket.getaddrinfo) -> None:
    """Raise SourceError unless host (a name or an IP literal) is allowed as a clone source."""
    resolve_public_addresses(host, allow_private, resolver)
