"""Putting cached files into the output folder, and keeping small JSON
records of what a build made."""

import json
import os
import shutil


def link_or_copy(cached, target):
    """Make `target` the file `cached` is: a hard link (no bytes written; a
    10,000-story site has ~300 MB of social cards) or, across file systems,
    a copy. Caches replace their files (write aside, then rename), never
    rewrite them in place, so a linked output file never changes."""
    if os.path.lexists(target):
        os.remove(target)
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def link_new(source, target):
    """Make `target` (not there yet) the file `source` is, creating its
    folder; False if `source` is missing or `target` already exists. One
    system call in the usual case: a rebuild links ~30,000 unchanged pages."""
    try:
        os.link(source, target)
        return True
    except FileExistsError:
        return False
    except FileNotFoundError:
        if not os.path.exists(source):
            return False
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:  # another file system: copied below
        pass
    link_or_copy(source, target)
    return True


def replace_text(path, text):
    """Write `text` to `path` by renaming a new file over it: `path` may be a
    hard link shared with the previous site (see link_or_copy)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


class UnchangedOrWritten:
    """A file opened for writing text that, if it ends up byte-identical to
    `previous` (the same page in the site being replaced), becomes a hard link
    to it instead: after one edit most pages are not written again."""

    def __init__(self, path, previous, encoding="utf-8"):
        self.path, self.previous, self.encoding = path, previous, encoding
        self.parts = []

    def __enter__(self):
        return self

    def write(self, text):
        self.parts.append(text)

    def __exit__(self, exc_type, *_):
        if exc_type is not None:
            return False
        data = "".join(self.parts).encode(self.encoding)
        if self.previous and holds(self.previous, data):
            link_or_copy(self.previous, self.path)
        else:
            with open(self.path, "wb") as f:
                f.write(data)
        return False


def holds(path, data):
    """Whether the file at `path` holds exactly `data`."""
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as f:
            return f.read() == data
    except OSError:
        return False


def read_json(path, default):
    """The JSON data at `path`, or `default` if it is missing or unreadable
    (a cache record: losing it only costs a rebuild)."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def write_json(path, data):
    """Write `data` to `path` as JSON, by renaming a new file over it (a
    build that stops halfway never leaves half a record)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(tmp, path)
