"""A project's repository URL: what Pairsec agrees to clone (https, ssh, or a local repository under
an allowed root), checked at project creation and again before every clone. Pure: no DNS, no disk."""

from __future__ import annotations

import ipaddress
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from domain.errors import Invalid

MAX_URL_LENGTH = 2048
REMOTE_SCHEMES = ("https", "http", "ssh")
FIELD = "repository_url"
USE_HTTPS_OR_SSH = "use an https://, ssh:// or git@host:path URL"
_HOSTNAME = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?:\.(?!-)[A-Za-z0-9_-]{1,63})*\.?$")
_SCP_LIKE = re.compile(r"^(?:(?P<user>[^@/:\[\]]+)@)?(?P<host>\[[^\]/]+\]|[^@/:\[\]]+):(?P<path>.*)$")
_TRANSPORT = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*::")
_NUMERIC_LABEL = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")
_METADATA = tuple(ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200"))
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class RepositoryUrl:
    """A validated repository location; `url` is the normalised form handed to git."""

    kind: Literal["remote", "local"]
    scheme: str
    host: str | None
    port: int | None
    path: str
    url: str


def refuse(reason: str) -> Invalid:
    return Invalid("repository_url is not allowed", {FIELD: reason})


def non_public_reason(address: IPAddress) -> str | None:
    """Why a connection to this address would reach a non-public network, or None if it is public."""
    if address in _METADATA:
        return "a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return non_public_reason(embedded)
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_unspecified", "an unspecified address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private network address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "a shared (carrier-grade NAT) address"
    return None if address.is_global else "a non-public address"


def parse_ipv4_loosely(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a resolver's inet_aton reads in host (2130706433, 0177.0.0.1, 0x7f.1), if any.

    Raises Invalid when host ends in a number but is no valid address (e.g. 1.2.3.4.5, 256.1.1.1).
    """
    labels = host.rstrip(".").split(".")
    if not _NUMERIC_LABEL.match(labels[-1]):
        return None
    if len(labels) > 4 or not all(_NUMERIC_LABEL.match(label) for label in labels):
        raise refuse("the host looks like an IP address but is not a valid one")
    numbers = [_loose_number(label) for label in labels]
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise refuse("the host looks like an IP address but is not a valid one")
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _loose_number(label: str) -> int:
    if label[:2].lower() == "0x":
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        if not set(label) <= set("01234567"):
            raise refuse("the host looks like an IP address but is not a valid one")
        return int(label, 8)
    return int(label)


def check_host(host: str, allow_private_networks: bool) -> None:
    """Refuse hosts that are malformed or, unless allowed, name a loopback/private/metadata address."""
    if not host:
        raise refuse(f"the URL has no host: {USE_HTTPS_OR_SSH}")
    if host.startswith("-"):
        raise refuse("the host must not start with '-'")
    if host.startswith("["):
        if "%" in host or not host.endswith("]"):
            raise refuse("the host is not a valid IPv6 address")
        try:
            address: IPAddress | None = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise refuse("the host is not a valid IPv6 address") from None
    else:
        if not _HOSTNAME.match(host) or len(host) > 253:
            raise refuse("the host name contains characters that are not allowed")
        address = parse_ipv4_loosely(host)
    if allow_private_networks:
        return
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        raise refuse("localhost is not allowed: Pairsec clones only from public hosts")
    reason = non_public_reason(address) if address is not None else None
    if reason:
        raise refuse(f"the host is {reason}: Pairsec clones only from public hosts")


def parse_repository_url(
    raw: str, local_roots: tuple[Path, ...], *, allow_private_networks: bool = False
) -> RepositoryUrl:
    """Validate raw as a repository Pairsec may clone; raises Invalid with a reason a user can act on."""
    if not raw:
        raise refuse("the repository URL is empty")
    if len(raw) > MAX_URL_LENGTH:
        raise refuse(f"the repository URL is longer than {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in raw):
        raise refuse("the repository URL must not contain spaces or control characters")
    if raw.startswith("-"):
        raise refuse("the repository URL must not start with '-'")
    if _TRANSPORT.match(raw):
        raise refuse(f"git transports such as ext:: are not allowed: {USE_HTTPS_OR_SSH}")
    if raw.startswith("/") or raw.lower().startswith("file:"):
        return _parse_local(raw, local_roots)
    scheme, sep, rest = raw.partition("://")
    if sep:
        return _parse_url(scheme.lower(), rest, allow_private_networks)
    match = _SCP_LIKE.match(raw)
    if match is None:
        raise refuse(f"not a repository URL git can clone: {USE_HTTPS_OR_SSH}")
    return _parse_scp_like(match, allow_private_networks)


def _parse_url(scheme: str, rest: str, allow_private: bool) -> RepositoryUrl:
    if scheme not in REMOTE_SCHEMES:
        raise refuse(f"the {scheme}:// scheme is not allowed: {USE_HTTPS_OR_SSH}")
    netloc, slash, path = rest.partition("/")
    if "?" in netloc or "#" in netloc or "?" in path or "#" in path:
        raise refuse("remove the query string or fragment from the repository URL")
    if "\\" in netloc:
        raise refuse("the host name contains characters that are not allowed")
    userinfo, at, hostport = netloc.rpartition("@")
    if at and scheme != "ssh":
        raise refuse("do not put credentials in the URL; Pairsec clones public repositories without them")
    if ":" in userinfo:
        raise refuse("do not put a password in the URL; Pairsec clones without credentials")
    if at and (not userinfo or userinfo.startswith("-") or "@" in userinfo):
        raise refuse("the user name in the URL is not valid")
    host, port = _split_port(hostport)
    check_host(host, allow_private)
    if not path.strip("/"):
        raise refuse("the URL has no repository path")
    normalised_host = host.lower() + (f":{port}" if port is not None else "")
    url = f"{scheme}://{userinfo + '@' if at else ''}{normalised_host}{slash}{path}"
    return RepositoryUrl("remote", scheme, host.lower(), port, "/" + path, url)


def _split_port(hostport: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        end = hostport.find("]")
        host, after = hostport[: end + 1], hostport[end + 1 :]
        if end < 0 or (after and not after.startswith(":")):
            raise refuse("the host is not a valid IPv6 address")
        port_text = after[1:]
    else:
        host, _, port_text = hostport.partition(":")
        if ":" in port_text:
            raise refuse("the host name contains characters that are not allowed")
    if not port_text:
        return host, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise refuse("the port must be a number between 1 and 65535")
    return host, int(port_text)


def _parse_scp_like(match: re.Match[str], allow_private: bool) -> RepositoryUrl:
    user, host, path = match.group("user"), match.group("host"), match.group("path")
    if user is not None and user.startswith("-"):
        raise refuse("the user name in the URL is not valid")
    check_host(host, allow_private)
    if not path.strip("/"):
        raise refuse("the URL has no repository path")
    if path.startswith("-"):
        raise refuse("the repository path must not start with '-'")
    url = f"{user + '@' if user else ''}{host.lower()}:{path}"
    return RepositoryUrl("remote", "ssh", host.lower(), None, path, url)


def _parse_local(raw: str, local_roots: tuple[Path, ...]) -> RepositoryUrl:
    if raw.lower().startswith("file:"):
        if not raw.lower().startswith("file:///"):
            raise refuse("use file:///absolute/path for a local repository (no host)")
        raw = raw[len("file://") :]
    if not local_roots:
        raise refuse(f"local repositories are not enabled on this server: {USE_HTTPS_OR_SSH}")
    if "%" in raw or "\\" in raw:
        raise refuse("the local path must not contain '%' or '\\'")
    if ".." in PurePosixPath(raw).parts:
        raise refuse("the local path must not contain '..'")
    path = posixpath.normpath(raw)
    under = any(PurePosixPath(path).is_relative_to(posixpath.normpath(str(root))) for root in local_roots)
    if not under or path == "/":
        raise refuse("this local path is outside the directories the server allows")
    return RepositoryUrl("local", "file", None, None, path, f"file://{path}")
