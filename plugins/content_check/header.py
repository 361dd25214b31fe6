"""Reads the `Key: value` metadata block of a Markdown file, with line numbers.

Mirrors Python-Markdown's `meta` extension (which Pelican uses), so what this
reads is what the build will read.
"""

import re
from dataclasses import dataclass, field

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass
class Field:
    value: str
    line: int


@dataclass
class Document:
    fields: dict = field(default_factory=dict)  # lower-case key -> Field
    body: list = field(default_factory=list)  # (line number, text)

    def get(self, key, default=None):
        found = self.fields.get(key)
        return found.value if found is not None else default

    def line_of(self, key, default=1):
        found = self.fields.get(key)
        return found.line if found is not None else default


def parse(text):
    """Split `text` into its metadata fields and numbered body lines."""
    lines = text.splitlines()
    doc = Document()
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    last_key = None
    while index < len(lines):
        line = lines[index]
        if not line.strip() or (index and END_RE.match(line)):
            index += 1
            break
        match = META_RE.match(line)
        if match:
            last_key = match.group("key").lower()
            doc.fields[last_key] = Field(match.group("value").strip(), index + 1)
        else:
            more = META_MORE_RE.match(line)
            if not (more and last_key):
                break
            doc.fields[last_key].value += " " + more.group("value").strip()
        index += 1
    doc.body = [(number + 1, lines[number]) for number in range(index, len(lines))]
    return doc
