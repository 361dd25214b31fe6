"""Notices (`Template: notice`): each gets its attachments described (file
type and size, for members on metered data), and each language a
`notices/index.html`, newest first. The files themselves are static content
under content/files/, copied by Pelican; a missing one fails the build in
content_check.
"""

import mimetypes
import os
from dataclasses import dataclass

from babel.numbers import format_decimal
from languages.indexes import LanguageIndexGenerator
from pelican import signals

TEMPLATE = "notice"
FOLDER = "files/"


@dataclass
class Attachment:
    url: str  # relative to the site root
    name: str
    kind: str  # e.g. "PDF", "DOCX"
    mime: str
    size: int  # bytes

    def size_label(self, locale):
        """'245 KB', '1,2 MB' in the reader's number format."""
        if self.size < 1024 * 1024:
            kilobytes = max(1, round(self.size / 1024))
            return f"{format_decimal(kilobytes, locale=locale)} KB"
        megabytes = round(self.size / 1024 / 1024, 1)
        return f"{format_decimal(megabytes, locale=locale)} MB"


def is_notice(article):
    return getattr(article, "template", "") == TEMPLATE


def attachments_of(article, content_path):
    found = []
    for name in (article.metadata.get("attachments") or "").split(","):
        name = name.strip()
        if not name:
            continue
        relative = name if name.startswith(FOLDER) else FOLDER + name
        path = os.path.join(content_path, relative)
        extension = os.path.splitext(name)[1].lstrip(".")
        found.append(
            Attachment(
                url=relative,
                name=os.path.basename(relative),
                kind=extension.upper() or "FILE",
                mime=mimetypes.guess_type(name)[0] or "application/octet-stream",
                size=os.path.getsize(path) if os.path.exists(path) else 0,
            )
        )
    return found


def attach_files(generator):
    for article in generator.articles + generator.translations:
        if is_notice(article):
            article.attachment_list = attachments_of(article, generator.path)


class NoticesGenerator(LanguageIndexGenerator):
    template = folder = name = "notices"

    def select(self, site):
        return [a for a in site.articles if is_notice(a)]


def get_generators(pelican):
    return NoticesGenerator


def register():
    signals.article_generator_finalized.connect(attach_files)
    signals.get_generators.connect(get_generators)
