"""Hashes of files and of folders, and each file read once a build.

A build hashes content/ and the portal's code for several digests (whether anything
changed since the last build, which records and which languages changed, what the
engine's pages are made of), the check needs each record's hash, and the languages'
digests each generated page's. Within `hashed_once()` a file's hash is kept (by its
path) when it is first read or written; the processes forked inside it (the check and
render, the engine's workers) start with the hashes known so far, and the check and
render sends back those of the pages it wrote. Outside it (the preview, which runs
while files change), a file is read each time. Hashes are of bytes, never of file
times."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

_known: dict[str, str] | None = None  # path -> SHA-256 of the file's bytes, within hashed_once()


@contextlib.contextmanager
def hashed_once() -> Iterator[None]:
    """Within it, a file's hash is computed once (a build, which holds the build lock)."""
    global _known
    _known = {}
    try:
        yield
    finally:
        _known = None


def file_hash(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of the file's bytes (hex)."""
    key = os.fspath(path)
    if _known is not None and key in _known:
        return _known[key]
    with open(key, "rb") as handle:
        value = hashlib.file_digest(handle, "sha256").hexdigest()
    if _known is not None:
        _known[key] = value
    return value


def note(path: str | os.PathLike[str], value: str) -> None:
    """The hash of a file just written from bytes whose hash is `value` (within
    hashed_once: it need not be read again)."""
    if _known is not None:
        _known[os.fspath(path)] = value


def known(folder: Path) -> dict[str, str]:
    """The hashes kept of the files under `folder` (to send to the process that forked
    this one: remember)."""
    prefix = os.path.join(os.fspath(folder), "")
    return {path: value for path, value in (_known or {}).items() if path.startswith(prefix)}


def remember(hashes: dict[str, str]) -> None:
    """Hashes another process kept (known), within hashed_once."""
    if _known is not None:
        _known.update(hashes)


def tree_files(folder: Path) -> list[tuple[str, str]]:
    """Every file under `folder` (not in __pycache__), in a fixed order: its path
    relative to `folder` with / between folders, and its path. os.walk with strings:
    pathlib's rglob and relative_to cost a third of a second at 12,000 files."""
    found = []
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        relative = os.path.relpath(top, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in sorted(names):
            path = os.path.join(top, name)
            if os.path.isfile(path):
                found.append((prefix + name, path))
    return found


def tree_digest(digest: hashlib._Hash, folder: Path, suffixes: tuple[str, ...] = ()) -> None:
    """Every file of `folder` (with one of `suffixes`), by name and the hash of its bytes,
    into `digest`."""
    for relative, path in tree_files(folder):
        if not suffixes or os.path.splitext(relative)[1] in suffixes:
            digest.update(f"{relative}\0{file_hash(path)}\0".encode())
