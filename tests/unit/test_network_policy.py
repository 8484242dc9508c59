"""The clone egress policy: every address a host resolves to must be public (DNS is faked here)."""

from __future__ import annotations

import socket

import pytest

from scanners.network_policy import check_host_allowed, resolve_public_addresses
from scanners.source_errors import SourceError


def resolver_answering(*addresses: str):
    calls: list[str] = []

    def resolve(host, port, type=0):
        calls.append(host)
        family = socket.AF_INET6 if ":" in addresses[0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (a, 0)) for a in addresses]

    resolve.calls = calls
    return resolve


def failing_resolver(errno: int):
    def resolve(host, port, type=0):
        raise socket.gaierror(errno, "resolution failed")

    return resolve


def test_public_host_is_allowed_and_its_addresses_returned():
    resolver = resolver_answering("140.82.121.3", "140.82.121.4")
    check_host_allowed("github.com", False, resolver)
    assert resolve_public_addresses("github.com", False, resolver) == ("140.82.121.3", "140.82.121.4")


@pytest.mark.parametrize(
    "answer",
    [
        "127.0.0.1",
        "10.0.0.8",
        "172.20.1.1",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.1.1",
        "100.100.100.200",
        "0.0.0.0",
        "::1",
        "fe80::1%eth0",
        "fd00:ec2::254",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",
        "2002:7f00:1::1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_host_resolving_to_a_non_public_address_is_refused(answer):
    with pytest.raises(SourceError) as refused:
        check_host_allowed("intranet.example.com", False, resolver_answering(answer))
    assert refused.value.reason.startswith("host 'intranet.example.com' resolves to a non-public address")
    assert answer.split("%")[0] not in refused.value.reason
    assert not refused.value.retryable


def test_one_private_answer_among_public_ones_is_enough_to_refuse():
    with pytest.raises(SourceError):
        check_host_allowed("rebind.example.com", False, resolver_answering("93.184.216.34", "10.0.0.1"))


def test_literal_private_ip_is_refused_without_resolving():
    resolver = resolver_answering("93.184.216.34")
    with pytest.raises(SourceError) as refused:
        check_host_allowed("0x7f.1", False, resolver)
    assert "loopback" in refused.value.reason
    assert resolver.calls == []


def test_allow_private_skips_the_check_and_does_not_resolve():
    resolver = resolver_answering("10.0.0.1")
    check_host_allowed("git.internal", True, resolver)
    check_host_allowed("localhost", True, resolver)
    assert resolver.calls == []


def test_unknown_host_is_a_final_failure_and_a_dns_outage_a_retryable_one():
    with pytest.raises(SourceError) as unknown:
        check_host_allowed("nope.invalid", False, failing_resolver(socket.EAI_NONAME))
    assert unknown.value.reason == "could not resolve host 'nope.invalid': check the repository URL"
    assert not unknown.value.retryable
    with pytest.raises(SourceError) as outage:
        check_host_allowed("github.com", False, failing_resolver(socket.EAI_AGAIN))
    assert outage.value.retryable


def test_bracketed_ipv6_host_is_resolved_without_brackets():
    resolver = resolver_answering("2606:4700::1111")
    check_host_allowed("[2606:4700::1111]", False, resolver)
    assert resolver.calls == ["2606:4700::1111"]
