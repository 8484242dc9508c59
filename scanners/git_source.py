"""The git source: a shallow clone of a project's repository into a scan's work directory, with no hooks,
no submodules, no credentials, public hosts only, and limits on time, size and file count."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from domain.errors import Invalid
from domain.repository_url import FIELD, RepositoryUrl, parse_ipv4_loosely, parse_repository_url
from scanners.network_policy import Resolver, resolve_public_addresses
from scanners.source_errors import SourceError, explain_git_failure, sanitise

COMMIT_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_REF = re.compile(r"^(?!-)(?!.*\.\.)(?!.*@\{)(?!.*//)[A-Za-z0-9._/+@-]{1,250}(?<![./])(?<!\.lock)$")
_SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"
_TRUE = "/bin/true" if os.path.exists("/bin/true") else "true"
_POLL_SECONDS = 0.25
_MEASURE_EVERY_SECONDS = 0.5  # walking a big tree costs; a few seconds' growth past the cap is fine
_MB = 1024 * 1024


@dataclass(frozen=True)
class FetchedSource:
    """A checked-out tree: its root, the commit checked out and the ref it came from."""

    root: Path
    commit: str
    ref: str


class GitSource:
    """Fetches one commit of a repository with the git program, sandboxed by configuration and limits."""

    def __init__(
        self,
        timeout_seconds: float = 300,
        max_bytes: int = 500 * _MB,
        max_files: int = 200_000,
        allow_private_networks: bool = False,
        local_roots: tuple[Path, ...] = (),
        git_binary: str = "git",
        resolver: Resolver = socket.getaddrinfo,
    ) -> None:
        self.timeout_seconds = timeout_seconds
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.allow_private_networks = allow_private_networks
        self.local_roots = tuple(Path(root) for root in local_roots)
        self.git_binary = shutil.which(git_binary) or git_binary
        self.resolver = resolver

    def fetch(self, url: str, ref: str | None, dest: Path) -> FetchedSource:
        """Check out ref (a branch, a tag, a full commit id, or None for the default branch) into dest.

        dest must be missing or empty; on failure it is removed and SourceError says why.
        """
        try:
            location = parse_repository_url(
                url, self.local_roots, allow_private_networks=self.allow_private_networks
            )
        except Invalid as refused:
            details = refused.details if isinstance(refused.details, dict) else {}
            raise SourceError(str(details.get(FIELD, refused.message))) from None
        ref = _checked_ref(ref)
        if dest.exists() and any(dest.iterdir()):
            raise ValueError("dest must be missing or empty")
        with tempfile.TemporaryDirectory(prefix="pairsec-git-home-") as home:
            clone = _Clone(self, location, dest, Path(home))
            try:
                return clone.run(ref)
            except SourceError:
                shutil.rmtree(dest, ignore_errors=True)
                raise


def _checked_ref(ref: str | None) -> str | None:
    if ref is None or ref == "":
        return None
    for prefix in ("refs/heads/", "refs/tags/"):
        ref = ref.removeprefix(prefix)
    if COMMIT_ID.match(ref.lower()):
        return ref.lower()
    if not _REF.match(ref):
        raise SourceError(f"'{ref[:100]}' is not a valid branch, tag or full commit id")
    return ref


class _Clone:
    """One fetch: the clean environment, the git configuration and the running budget."""

    def __init__(self, source: GitSource, location: RepositoryUrl, dest: Path, home: Path) -> None:
        self.source = source
        self.dest = dest
        self.deadline = time.monotonic() + source.timeout_seconds
        self.hidden_paths = [str(dest), str(dest.resolve()), str(home)]
        self.url, self.config = self._target(location)
        self.host = location.host or "the local repository"
        protocol = "file" if location.kind == "local" else location.scheme
        self.config += [
            "-c", "core.hooksPath=/dev/null", "-c", "core.symlinks=false", "-c", "core.fsmonitor=false",
            "-c", "protocol.allow=never", "-c", f"protocol.{protocol}.allow=always",
            "-c", "protocol.ext.allow=never", "-c", "http.followRedirects=false",
            "-c", "submodule.recurse=false", "-c", "credential.helper=", "-c", "init.templateDir=",
            "-c", "advice.detachedHead=false", "-c", "gc.auto=0",
        ]
        ssh = (
            "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o IdentitiesOnly=yes"
            f" -o UserKnownHostsFile={shlex.quote(str(home / 'known_hosts'))}"
            f" -o ConnectTimeout={max(1, min(30, int(source.timeout_seconds)))}"
        )
        self.env = {
            "PATH": _SAFE_PATH, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": _TRUE, "SSH_ASKPASS": _TRUE, "GIT_SSH_COMMAND": ssh,
            "GIT_ALLOW_PROTOCOL": protocol, "GIT_LFS_SKIP_SMUDGE": "1", "LC_ALL": "C", "LANG": "C",
        }

    def _target(self, location: RepositoryUrl) -> tuple[str, list[str]]:
        """The URL git is given and the configuration that pins it to what was checked."""
        if location.kind == "local":
            return f"file://{self._local_repository(location.path)}", []
        assert location.host is not None
        host = location.host
        addresses = resolve_public_addresses(host, self.source.allow_private_networks, self.source.resolver)
        if not addresses or location.scheme == "ssh" or host.startswith("[") or parse_ipv4_loosely(host):
            return location.url, []
        # Pin the names to the addresses just checked so a second DNS answer cannot point elsewhere.
        port = location.port or (443 if location.scheme == "https" else 80)
        pinned = ",".join(f"[{a}]" if ":" in a else a for a in addresses)
        return location.url, ["-c", f"http.curloptResolve={host}:{port}:{pinned}"]

    def _local_repository(self, path: str) -> str:
        real = os.path.realpath(path)
        roots = [os.path.realpath(root) for root in self.source.local_roots]
        if not any(real == root or real.startswith(root.rstrip("/") + "/") for root in roots):
            raise SourceError("this local path is outside the directories the server allows")
        self.hidden_paths.append(real)
        if not os.path.isdir(real):
            raise SourceError("the local repository does not exist")
        for alternates in ("objects/info/alternates", ".git/objects/info/alternates"):
            if os.path.lexists(os.path.join(real, alternates)):
                raise SourceError("local repositories that borrow objects (git alternates) are not supported")
        return real

    def run(self, ref: str | None) -> FetchedSource:
        if ref is not None and COMMIT_ID.match(ref):
            self.git("init", "-q", "--template=", str(self.dest), ref=ref)
            self.git("-C", str(self.dest), "config", "remote.origin.url", self.url, ref=ref)
            self.git("-C", str(self.dest), "fetch", "-q", "--depth", "1", "--no-tags",
                     "--no-recurse-submodules", "origin", ref, ref=ref)
            revision = "FETCH_HEAD"
        else:
            branch = ["--branch", ref] if ref else []
            self.git("clone", "-q", "--no-checkout", "--depth", "1", "--single-branch", "--no-tags",
                     "--no-recurse-submodules", "--template=", *branch, "--", self.url, str(self.dest),
                     ref=ref)
            revision = "HEAD"
        commit = self.git("-C", str(self.dest), "rev-parse", "-q", "--verify", f"{revision}^{{commit}}",
                          ref=ref, failure_reason="the repository is empty (it has no commits)").strip()
        used = ref or self.git("-C", str(self.dest), "symbolic-ref", "-q", "--short", "HEAD", ref=ref,
                               failure_reason="").strip() or commit
        self._check_listing(commit, ref)
        self.git("-C", str(self.dest), "checkout", "-q", "-f", "--detach", commit, ref=ref)
        if _count_files(self.dest) > self.source.max_files:
            raise self._too_many_files()
        return FetchedSource(root=self.dest, commit=commit, ref=used)

    def _check_listing(self, commit: str, ref: str | None) -> None:
        """Refuse before checkout when the tree has too many files or would break the size cap."""
        listing = self.git("-C", str(self.dest), "ls-tree", "-r", "-l", "-z", commit, ref=ref)
        entries = [entry for entry in listing.split("\0") if entry]
        if len(entries) > self.source.max_files:
            raise self._too_many_files()
        sizes = (entry.split("\t", 1)[0].split()[-1] for entry in entries)
        tree_bytes = sum(int(size) for size in sizes if size.isdigit())
        if tree_bytes + _tree_size(self.dest) > self.source.max_bytes:
            raise self._too_large()

    def git(self, *args: str, ref: str | None, failure_reason: str | None = None) -> str:
        """Run git in its own process group, killing the group on timeout or when dest grows too big.

        failure_reason replaces the reason read from git's output ("" tolerates a failure).
        """
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            process = subprocess.Popen(
                [self.source.git_binary, *self.config, *args], env=self.env, stdin=subprocess.DEVNULL,
                stdout=out, stderr=err, start_new_session=True,
            )
            try:
                self._watch(process)
            except BaseException:
                _kill_group(process)
                raise
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        if process.returncode == 0:
            return stdout
        if failure_reason is not None:
            if not failure_reason:
                return ""
            raise SourceError(failure_reason)
        raise explain_git_failure(sanitise(stderr, self.hidden_paths), ref, self.host)

    def _watch(self, process: subprocess.Popen[bytes]) -> None:
        measured = time.monotonic()
        while True:
            try:
                process.wait(timeout=_POLL_SECONDS)
                return
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() > self.deadline:
                raise SourceError(
                    f"fetching the repository took longer than {self.source.timeout_seconds:g} seconds;"
                    " try again later or scan a smaller repository or an uploaded archive",
                    retryable=True,
                )
            if time.monotonic() - measured > _MEASURE_EVERY_SECONDS:
                measured = time.monotonic()
                if _tree_size(self.dest) > self.source.max_bytes:
                    raise self._too_large()

    def _too_large(self) -> SourceError:
        return SourceError(
            f"the repository is larger than the {self.source.max_bytes / _MB:g} MB limit; "
            "scan an uploaded archive of the code instead"
        )

    def _too_many_files(self) -> SourceError:
        return SourceError(f"the repository has more than {self.source.max_files} files, the limit")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill git and every helper it started (remote-https, ssh, upload-pack), then reap git."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _tree_size(root: Path) -> int:
    total = 0
    for folder, _, names in os.walk(root):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
    return total


def _count_files(root: Path) -> int:
    count = 0
    for folder, folders, names in os.walk(root):
        if Path(folder) == root and ".git" in folders:
            folders.remove(".git")
        count += len(names)
    return count
