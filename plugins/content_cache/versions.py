"""What a cache entry was made by: a digest of the code that made it and of
the libraries it used. Part of every cache key in Loa, so `make build` after
a `git checkout` (or an upgrade) never reuses what other code made."""

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path


@lru_cache(maxsize=64)
def code_version(*paths, libraries=()):
    """A digest of the Python files at `paths` (files or folders) and the
    installed versions of `libraries`."""
    digest = hashlib.blake2b(digest_size=16)
    for path in map(Path, paths):
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    for name in libraries:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    return digest.hexdigest()
