"""GitSource against real git and local repositories made in tmp_path (no network needed)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from scanners.git_source import GitSource
from scanners.source_errors import SourceError

IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=IDENTITY, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def make_repo(path: Path, files: dict[str, str | bytes]) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    commit(path, files, "first")
    return path


def commit(repo: Path, files: dict[str, str | bytes], message: str) -> str:
    for name, content in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def roots(tmp_path: Path) -> Path:
    folder = tmp_path / "roots"
    folder.mkdir()
    return folder


@pytest.fixture
def repo(roots: Path) -> Path:
    """main: app.py v1 -> tag v1 -> app.py v2; branch feature adds feature.py."""
    path = make_repo(roots / "app", {"app.py": "VERSION = 1\n", "lib/util.py": "x = 1\n"})
    git(path, "tag", "v1")
    git(path, "checkout", "-q", "-b", "feature")
    commit(path, {"feature.py": "print('feature')\n"}, "feature")
    git(path, "checkout", "-q", "main")
    commit(path, {"app.py": "VERSION = 2\n"}, "second")
    return path


def refusal(source: GitSource, url: str, ref: str | None, dest: Path) -> SourceError:
    with pytest.raises(SourceError) as refused:
        source.fetch(url, ref, dest)
    assert str(dest) not in refused.value.reason
    assert "/tmp" not in refused.value.reason and str(dest.parent) not in refused.value.reason
    assert not dest.exists()
    return refused.value


def test_default_branch_is_cloned_with_its_commit_and_name(repo, roots, tmp_path):
    fetched = GitSource(local_roots=(roots,)).fetch(str(repo), None, tmp_path / "work")
    assert (fetched.root / "app.py").read_text() == "VERSION = 2\n"
    assert fetched.commit == git(repo, "rev-parse", "main")
    assert fetched.ref == "main"
    assert git(fetched.root, "rev-list", "--count", "HEAD") == "1"  # shallow


def test_branch_is_cloned_by_name(repo, roots, tmp_path):
    fetched = GitSource(local_roots=(roots,)).fetch(f"file://{repo}", "feature", tmp_path / "work")
    assert (fetched.root / "feature.py").exists()
    assert (fetched.ref, fetched.commit) == ("feature", git(repo, "rev-parse", "feature"))


def test_tag_is_cloned_by_name(repo, roots, tmp_path):
    fetched = GitSource(local_roots=(roots,)).fetch(str(repo), "v1", tmp_path / "work")
    assert (fetched.root / "app.py").read_text() == "VERSION = 1\n"
    assert fetched.commit == git(repo, "rev-parse", "v1^{commit}")


def test_commit_is_fetched_by_full_id(repo, roots, tmp_path):
    sha = git(repo, "rev-parse", "v1^{commit}")
    fetched = GitSource(local_roots=(roots,)).fetch(str(repo), sha, tmp_path / "work")
    assert (fetched.root / "app.py").read_text() == "VERSION = 1\n"
    assert (fetched.commit, fetched.ref) == (sha, sha)


def test_unknown_branch_says_which_ref_was_not_found(repo, roots, tmp_path):
    refused = refusal(GitSource(local_roots=(roots,)), str(repo), "nope", tmp_path / "work")
    assert refused.reason == "branch or tag 'nope' not found in the repository"
    assert not refused.retryable


def test_unknown_commit_id_is_reported(repo, roots, tmp_path):
    refused = refusal(GitSource(local_roots=(roots,)), str(repo), "1" * 40, tmp_path / "work")
    assert refused.reason.startswith(f"commit '{'1' * 40}' not found")


def test_ref_that_could_be_an_option_is_refused(repo, roots, tmp_path):
    refused = refusal(GitSource(local_roots=(roots,)), str(repo), "--upload-pack=touch", tmp_path / "w")
    assert "not a valid branch, tag or full commit id" in refused.reason


def test_directory_that_is_not_a_repository_is_reported_without_its_path(roots, tmp_path):
    (roots / "plain").mkdir()
    (roots / "plain" / "a.py").write_text("x\n")
    refused = refusal(GitSource(local_roots=(roots,)), str(roots / "plain"), None, tmp_path / "work")
    assert refused.reason.startswith("the repository does not exist or needs credentials")
    assert str(roots) not in refused.reason and str(roots) not in refused.detail


def test_empty_repository_is_reported(roots, tmp_path):
    (roots / "empty").mkdir()
    git(roots / "empty", "init", "-q")
    refused = refusal(GitSource(local_roots=(roots,)), str(roots / "empty"), None, tmp_path / "work")
    assert refused.reason == "the repository is empty (it has no commits)"


def test_local_path_outside_the_roots_is_refused(tmp_path, roots):
    outside = make_repo(tmp_path / "outside", {"a.py": "x\n"})
    refused = refusal(GitSource(local_roots=(roots,)), str(outside), None, tmp_path / "work")
    assert refused.reason == "this local path is outside the directories the server allows"


def test_symlink_from_a_root_to_a_repository_outside_is_refused(tmp_path, roots):
    outside = make_repo(tmp_path / "outside", {"a.py": "x\n"})
    (roots / "link").symlink_to(outside)
    refused = refusal(GitSource(local_roots=(roots,)), f"file://{roots}/link", None, tmp_path / "work")
    assert refused.reason == "this local path is outside the directories the server allows"


def test_private_host_is_refused_before_git_runs(tmp_path):
    refused = refusal(
        GitSource(git_binary="/nonexistent/git"), "https://127.0.0.1/r.git", None, tmp_path / "work"
    )
    assert "loopback" in refused.reason


def test_size_cap_is_enforced(roots, tmp_path):
    big = make_repo(roots / "big", {"blob.bin": os.urandom(300_000)})
    refused = refusal(GitSource(local_roots=(roots,), max_bytes=100_000), str(big), None, tmp_path / "w")
    assert refused.reason.startswith("the repository is larger than the")
    assert not refused.retryable


def test_file_count_cap_is_enforced(roots, tmp_path):
    many = make_repo(roots / "many", {f"f{i}.py": f"x = {i}\n" for i in range(6)})
    refused = refusal(GitSource(local_roots=(roots,), max_files=5), str(many), None, tmp_path / "w")
    assert refused.reason == "the repository has more than 5 files, the limit"


def test_submodules_are_not_fetched(roots, tmp_path):
    inner = make_repo(roots / "inner", {"inner.py": "x\n"})
    outer = make_repo(roots / "outer", {"outer.py": "y\n"})
    git(outer, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "vendor/inner")
    git(outer, "commit", "-q", "-m", "add submodule")
    fetched = GitSource(local_roots=(roots,)).fetch(str(outer), None, tmp_path / "work")
    assert (fetched.root / "outer.py").exists()
    assert list((fetched.root / "vendor" / "inner").iterdir()) == []


def test_symlinks_in_the_repository_are_checked_out_as_plain_files(roots, tmp_path):
    linked = make_repo(roots / "linked", {"a.py": "x\n"})
    (linked / "passwd").symlink_to("/etc/passwd")
    commit(linked, {}, "link")
    fetched = GitSource(local_roots=(roots,)).fetch(str(linked), None, tmp_path / "work")
    assert not (fetched.root / "passwd").is_symlink()
    assert (fetched.root / "passwd").read_text() == "/etc/passwd"


def test_git_runs_without_hooks_user_config_or_prompts(repo, roots, tmp_path):
    log = tmp_path / "git-args.log"
    wrapper = tmp_path / "git-wrapper"
    wrapper.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$*" "HOME=$HOME" "PROMPT=$GIT_TERMINAL_PROMPT" >> {log}\nexec git "$@"\n'
    )
    wrapper.chmod(0o755)
    fetched = GitSource(local_roots=(roots,), git_binary=str(wrapper)).fetch(str(repo), None, tmp_path / "w")
    calls = log.read_text()
    assert "-c core.hooksPath=/dev/null" in calls and "-c protocol.ext.allow=never" in calls
    assert "--no-recurse-submodules" in calls and "--depth 1" in calls
    assert f"HOME={os.environ.get('HOME')}\n" not in calls and "PROMPT=0" in calls
    assert not (fetched.root / ".git" / "hooks").exists()


def _is_gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def test_timeout_kills_the_whole_process_group_and_is_retryable(tmp_path):
    pids = tmp_path / "pids"
    fake_git = tmp_path / "slow-git"
    fake_git.write_text(f"#!/bin/sh\nsleep 300 &\necho $! >> {pids}\necho $$ >> {pids}\nsleep 300\n")
    fake_git.chmod(0o755)
    source = GitSource(timeout_seconds=1, git_binary=str(fake_git), allow_private_networks=True)
    started = time.monotonic()
    refused = refusal(source, "https://127.0.0.1/slow.git", None, tmp_path / "work")
    assert time.monotonic() - started < 10
    assert refused.retryable and "took longer than 1 seconds" in refused.reason
    recorded = [int(pid) for pid in pids.read_text().split()]
    deadline = time.monotonic() + 5
    while not all(_is_gone(pid) for pid in recorded) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_is_gone(pid) for pid in recorded)


def test_size_cap_kills_git_while_it_is_still_downloading(tmp_path):
    fake_git = tmp_path / "growing-git"
    fake_git.write_text(
        '#!/bin/sh\nfor last; do :; done\nmkdir -p "$last"\n'
        'head -c 400000 /dev/zero > "$last/pack"\nsleep 300\n'
    )
    fake_git.chmod(0o755)
    source = GitSource(max_bytes=100_000, git_binary=str(fake_git), allow_private_networks=True)
    started = time.monotonic()
    refused = refusal(source, "https://127.0.0.1/big.git", None, tmp_path / "work")
    assert refused.reason.startswith("the repository is larger than the") and not refused.retryable
    assert time.monotonic() - started < 10


@pytest.fixture
def http_server():
    """A web server on loopback: 404 for /missing/..., a redirect for /moved/..."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/moved/"):
                self.send_response(301)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data")
            else:
                self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_missing_remote_repository_says_it_may_need_credentials(http_server, tmp_path):
    source = GitSource(allow_private_networks=True, timeout_seconds=30)
    refused = refusal(source, f"{http_server}/missing/repo.git", None, tmp_path / "work")
    assert refused.reason.startswith(
        "the repository does not exist or needs credentials: Pairsec clones without credentials"
    )


def test_redirects_are_not_followed(http_server, tmp_path):
    source = GitSource(allow_private_networks=True, timeout_seconds=30)
    refused = refusal(source, f"{http_server}/moved/repo.git", None, tmp_path / "work")
    assert "redirect" in refused.reason


def test_git_connects_to_the_address_that_was_checked_not_a_second_dns_answer(
    http_server, tmp_path, monkeypatch
):
    # The name resolves nowhere for git itself; it only reaches the server through the pinned address.
    monkeypatch.setattr("scanners.network_policy.non_public_reason", lambda address: None)
    port = http_server.rsplit(":", 1)[1]

    def resolver(host, service, type=0):
        return [(2, 1, 6, "", ("127.0.0.1", 0))]

    source = GitSource(timeout_seconds=30, resolver=resolver)
    refused = refusal(source, f"http://repo.pairsec.invalid:{port}/missing/repo.git", None, tmp_path / "w")
    assert refused.reason.startswith("the repository does not exist")


def test_hooks_from_the_workers_own_git_configuration_never_run(repo, roots, tmp_path, monkeypatch):
    marker = tmp_path / "hook-ran"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("post-checkout", "post-merge", "reference-transaction"):
        (hooks / name).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / name).chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(f"[core]\n\thooksPath = {hooks}\n[init]\n\ttemplateDir = {tmp_path}\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_TEMPLATE_DIR", str(tmp_path))
    GitSource(local_roots=(roots,)).fetch(str(repo), None, tmp_path / "work")
    assert not marker.exists()
