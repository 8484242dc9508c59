"""Failures while fetching a scan's source (git clone, archive unpack), each with a user-facing reason."""

from __future__ import annotations

import re


class SourceError(Exception):
    """The source of a scan could not be fetched.

    `reason` is shown to the user as the failed scan's reason: it says what to change and never
    holds a server path or a credential. `retryable` tells the worker whether the same job may
    succeed later (a network timeout) or not (bad ref, repository not found, a limit exceeded).
    `detail` is for operator logs only and may hold git's sanitised output.
    """

    def __init__(self, reason: str, *, retryable: bool = False, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.detail = detail


_CREDENTIALS_IN_URL = re.compile(r"(?i)([a-z][a-z0-9+.-]*://)[^/@\s]*@")
_HEX = re.compile(r"^[0-9a-fA-F]{4,63}$")
_REPOSITORY_NOT_FOUND = re.compile(r"repository '[^'\n]*' not found")
_NO_REPOSITORY = (
    "repository not found", "does not appear to be a git repository", "authentication failed",
    "could not read username", "could not read password", "terminal prompts disabled",
    "permission denied (publickey", "access denied", "returned error: 401", "returned error: 403",
    "returned error: 404", "invalid username or password",
)
_UNREACHABLE = (
    "connection timed out", "operation timed out", "connection refused", "failed to connect",
    "could not connect", "connection reset", "the remote end hung up", "early eof", "rpc failed",
    "temporary failure in name resolution", "network is unreachable", "no route to host",
    "returned error: 5", "timed out",
)


def sanitise(output: str, hidden_paths: list[str]) -> str:
    """git's output without server paths or URL credentials, fit for an operator log."""
    for path in sorted(hidden_paths, key=len, reverse=True):
        output = output.replace(path, "<path>")
    return _CREDENTIALS_IN_URL.sub(r"\1", output)[-2000:]


def explain_git_failure(stderr: str, ref: str | None, host: str) -> SourceError:
    """The SourceError for a failed git command, chosen from its (sanitised, LC_ALL=C) output."""
    text = stderr.lower()
    named = f"'{ref[:100]}'" if ref else ""
    if "remote branch" in text and "not found" in text:
        hint = "; give a commit as its full 40-character id" if ref and _HEX.match(ref) else ""
        return SourceError(f"branch or tag {named} not found in the repository{hint}", detail=stderr)
    if "not our ref" in text or "couldn't find remote ref" in text or "no such remote ref" in text:
        return SourceError(
            f"commit {named} not found in the repository (or the server does not allow fetching a"
            " commit by id): use a branch or tag name", detail=stderr,
        )
    if "could not resolve host" in text or "could not resolve hostname" in text:
        temporary = "temporary failure" in text
        return SourceError(f"could not resolve host '{host}': check the repository URL",
                           retryable=temporary, detail=stderr)
    if "returned error: 30" in text or "redirect" in text:
        return SourceError("the server answered with a redirect: use the repository's final URL",
                           detail=stderr)
    if "certificate" in text or "ssl" in text or "host key verification failed" in text:
        return SourceError(f"the identity of '{host}' could not be verified (TLS certificate or ssh"
                           " host key)", detail=stderr)
    if "dubious ownership" in text:
        return SourceError("the local repository belongs to another user: ask the server's"
                           " administrator to fix its ownership", detail=stderr)
    if any(marker in text for marker in _NO_REPOSITORY) or _REPOSITORY_NOT_FOUND.search(text):
        return SourceError("the repository does not exist or needs credentials: Pairsec clones"
                           " without credentials, so use a public repository or upload an archive",
                           detail=stderr)
    if any(marker in text for marker in _UNREACHABLE):
        return SourceError(f"could not reach '{host}' to fetch the repository; try again later",
                           retryable=True, detail=stderr)
    last = next((line for line in reversed(stderr.splitlines()) if line.startswith("fatal:")), "")
    return SourceError(f"git could not fetch the repository{': ' + last[7:200] if last else ''}",
                       detail=stderr)
