"""Which repository URLs a project may point at, and the reason given for each refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import Invalid
from domain.repository_url import parse_repository_url

ROOTS = (Path("/srv/repos"),)


@pytest.mark.parametrize(
    ("raw", "kind", "scheme", "host", "port", "url"),
    [
        (
            "https://github.com/org/repo.git",
            "remote",
            "https",
            "github.com",
            None,
            "https://github.com/org/repo.git",
        ),
        ("HTTPS://GitHub.com/Org/Repo", "remote", "https", "github.com", None, "https://github.com/Org/Repo"),
        (
            "http://git.example.org:8080/team/app",
            "remote",
            "http",
            "git.example.org",
            8080,
            "http://git.example.org:8080/team/app",
        ),
        (
            "ssh://git@gitlab.com/group/project.git",
            "remote",
            "ssh",
            "gitlab.com",
            None,
            "ssh://git@gitlab.com/group/project.git",
        ),
        (
            "ssh://git@example.com:2222/repo",
            "remote",
            "ssh",
            "example.com",
            2222,
            "ssh://git@example.com:2222/repo",
        ),
        ("git@github.com:org/repo.git", "remote", "ssh", "github.com", None, "git@github.com:org/repo.git"),
        ("https://8.8.8.8/repo", "remote", "https", "8.8.8.8", None, "https://8.8.8.8/repo"),
        (
            "https://[2606:4700::1111]/repo",
            "remote",
            "https",
            "[2606:4700::1111]",
            None,
            "https://[2606:4700::1111]/repo",
        ),
        ("/srv/repos/app", "local", "file", None, None, "file:///srv/repos/app"),
        ("file:///srv/repos/team/app.git", "local", "file", None, None, "file:///srv/repos/team/app.git"),
    ],
)
def test_accepted_repository_urls_are_normalised(raw, kind, scheme, host, port, url):
    parsed = parse_repository_url(raw, ROOTS)
    assert (parsed.kind, parsed.scheme, parsed.host) == (kind, scheme, host)
    assert (parsed.port, parsed.url) == (port, url)


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("", "empty"),
        ("https://example.com/" + "a" * 2048, "longer than 2048"),
        ("https://example.com/repo .git", "spaces or control"),
        ("https://example.com/repo\n.git", "spaces or control"),
        ("https://example.com/\x00repo", "spaces or control"),
        ("-uhttps://example.com/repo", "must not start with '-'"),
        ("ssh://-oProxyCommand=touch%20x/repo", "must not start with '-'"),
        ("git@-oProxyCommand=x:repo", "must not start with '-'"),
        ("git@example.com:-upload-pack=touch", "must not start with '-'"),
        ("ssh://-user@example.com/repo", "user name"),
        ("ext::sh -c touch% /tmp/pwned", "spaces or control"),
        ("ext::sh", "ext::"),
        ("fd::17/repo", "ext::"),
        ("git://example.com/repo.git", "use an https://, ssh://"),
        ("ftp://example.com/repo.git", "scheme is not allowed"),
        ("https://user:token@github.com/org/repo", "do not put credentials in the URL"),
        ("https://ghp_abc@github.com/org/repo", "do not put credentials in the URL"),
        ("ssh://git:secret@example.com/repo", "password"),
        ("https:///repo", "no host"),
        ("https://github.com", "no repository path"),
        ("https://github.com/", "no repository path"),
        ("git@github.com:", "no repository path"),
        ("https://example.com/repo?x=1", "query string"),
        ("https://example.com:99999/repo", "port"),
        ("https://exa_mple!.com/repo", "not allowed"),
        ("https://localhost/repo", "localhost"),
        ("https://git.localhost/repo", "localhost"),
        ("https://127.0.0.1/repo", "loopback"),
        ("https://2130706433/repo", "loopback"),
        ("https://0177.0.0.1/repo", "loopback"),
        ("https://0x7f.1/repo", "loopback"),
        ("https://0x7f000001/repo", "loopback"),
        ("https://[::1]/repo", "loopback"),
        ("https://[::ffff:127.0.0.1]/repo", "loopback"),
        ("https://[::ffff:10.0.0.1]/repo", "private"),
        ("https://10.1.2.3/repo", "private"),
        ("https://192.168.1.10/repo", "private"),
        ("https://172.16.0.1/repo", "private"),
        ("https://100.64.0.1/repo", "carrier-grade"),
        ("https://169.254.169.254/latest/meta-data", "metadata"),
        ("https://[fd00:ec2::254]/repo", "metadata"),
        ("https://169.254.1.1/repo", "link-local"),
        ("https://[fe80::1]/repo", "link-local"),
        ("https://0.0.0.0/repo", "unspecified"),
        ("https://224.0.0.1/repo", "multicast"),
        ("https://1.2.3.4.5/repo", "not a valid one"),
        ("https://256.1.1.1/repo", "not a valid one"),
        ("https://[fe80::1%25eth0]/repo", "IPv6"),
        ("git@10.0.0.5:repo.git", "private"),
        ("/etc/passwd", "outside the directories"),
        ("/srv/repos/../../etc", "'..'"),
        ("/srv/reposX/app", "outside the directories"),
        ("file://server/srv/repos/app", "file:///absolute/path"),
        ("file:///srv/repos/%2e%2e/etc", "'%'"),
        ("relative/path", "not a repository URL"),
    ],
)
def test_refused_repository_urls_say_why(raw, reason_part):
    with pytest.raises(Invalid) as refused:
        parse_repository_url(raw, ROOTS)
    assert reason_part in refused.value.details["repository_url"]


def test_private_hosts_are_accepted_when_the_server_allows_private_networks():
    for raw in ("https://localhost/repo", "https://10.0.0.1/repo", "git@[::1]:repo", "https://0x7f.1/r"):
        assert parse_repository_url(raw, ROOTS, allow_private_networks=True).kind == "remote"


def test_local_paths_are_refused_when_no_local_roots_are_configured():
    with pytest.raises(Invalid) as refused:
        parse_repository_url("/srv/repos/app", ())
    assert "not enabled" in refused.value.details["repository_url"]


def test_refusal_is_a_422_invalid_with_the_field_name():
    with pytest.raises(Invalid) as refused:
        parse_repository_url("git://example.com/r", ROOTS)
    assert refused.value.code == "unprocessable"
    assert set(refused.value.details) == {"repository_url"}
