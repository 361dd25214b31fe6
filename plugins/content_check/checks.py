"""Every check that content/ must pass, file by file and across files.

Each problem names the file and line and says how to fix it. Errors stop the
build; warnings are printed and the build goes on.
"""

import fnmatch
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from languages.languages import build_time
from pelican.utils import get_date, slugify
from video_embeds.providers import parse_video_url

from . import header
from .problems import ERROR, WARNING, Problem

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
STATUSES = ("published", "draft", "hidden")
# The Date forms the contract promises; anything else is refused rather than
# guessed (dateutil would read 5/4/2024 as May 4th).
DATE_RE = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
DATE_TIME_RE = re.compile(r"\d[T ]\d{1,2}:\d{2}")
# The usual forms, read as dateutil reads them, ~20 times faster (a site of
# 10,000 stories has 20,000 dates to check on every build).
PLAIN_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
DATE_HELP = "write it as 2024-04-19, 2024-04-19 14:30 or 2024-04-19T14:30+07:00"
IMAGE_WITHOUT_ALT_RE = re.compile(r"!\[\s*\]\(")
INLINE_LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(].*?)?\s*\)")
REFERENCE_LINK_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
INTRASITE_RE = re.compile(
    r"^(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)(.*)$"
)
LONE_URL_RE = re.compile(r"^\s{0,3}<?(https?://\S+?)>?\s*$", re.IGNORECASE)
# Lone URLs that look like videos: warn when no provider can embed them.
VIDEO_HINT_RE = re.compile(
    r"youtube\.|youtu\.be|facebook\.com|fb\.watch|vimeo\.|tiktok\.|dailymotion\."
    r"|\.(mp4|webm|m4v|mov|ogv)(\?|$)",
    re.IGNORECASE,
)
VIDEO_HELP = (
    "it will show as a plain link; Loa embeds YouTube, Facebook, Vimeo, TikTok "
    "and files under videos/"
)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


@dataclass
class ContentFile:
    path: str  # absolute
    display: str  # as printed in problems
    kind: str  # "article" or "page"
    doc: header.Document
    lang: str = ""
    slug: str = ""
    status: str = "published"


def _display(path):
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _ignored(name, settings):
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings["IGNORE_FILES"])


def _under(relative, folders):
    return any(
        folder in ("", ".") or relative == folder or relative.startswith(folder + "/")
        for folder in folders
    )


def discover(settings):
    """(absolute path, 'article' | 'page') of every Markdown file in PATH."""
    root = settings["PATH"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _ignored(d, settings))
        for name in sorted(files):
            if not name.lower().endswith(MARKDOWN_EXTENSIONS) or _ignored(
                name, settings
            ):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            if _under(relative, settings["PAGE_PATHS"]):
                found.append((path, "page"))
            elif _under(relative, settings["ARTICLE_PATHS"]) and not _under(
                relative, settings["ARTICLE_EXCLUDES"]
            ):
                found.append((path, "article"))
    return found


class SiteChecker:
    """Runs all checks over one content folder; `run()` returns the problems."""

    def __init__(self, settings):
        self.settings = settings
        self.root = os.path.abspath(settings["PATH"])
        self.languages = list(settings.get("LANGUAGES") or [settings["DEFAULT_LANG"]])
        self.problems = []
        self.now = build_time(settings)

    def report(self, item, line, severity, message):
        self.problems.append(Problem(item.display, line, severity, message))

    def run(self):
        files = []
        for path, kind in discover(self.settings):
            item = self._read(path, kind)
            if item is not None:
                files.append(item)
        for item in files:
            self._check_file(item)
        self._check_duplicates(files)
        self._check_translations(files)
        return sorted(self.problems)

    def _read(self, path, kind):
        display = _display(path)
        try:
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
        except UnicodeDecodeError as e:
            self.problems.append(
                Problem(
                    display,
                    1,
                    ERROR,
                    f"the file is not UTF-8 text ({e.reason}; save it as UTF-8)",
                )
            )
            return None
        return ContentFile(path, display, kind, header.parse(text))

    # -- one file ---------------------------------------------------------

    def _check_file(self, item):
        doc = item.doc
        title = doc.get("title")
        if not title:
            self.report(
                item,
                doc.line_of("title"),
                ERROR,
                "missing Title (add a line 'Title: …' at the top of the file)",
            )
        if item.kind == "article":
            self._check_date(item, "date", required=True)
        lang = doc.get("lang") or self.settings["DEFAULT_LANG"]
        if lang not in self.languages:
            self.report(
                item,
                doc.line_of("lang"),
                ERROR,
                f"unknown Lang '{lang}' (use one of: {', '.join(self.languages)})",
            )
        item.lang = lang
        item.status = (doc.get("status") or "published").lower()
        if item.status not in STATUSES:
            self.report(
                item,
                doc.line_of("status"),
                ERROR,
                f"unknown Status '{doc.get('status')}' (use published or draft)",
            )
        item.slug = doc.get("slug") or (self._slugify(title) if title else "")
        if doc.get("slug") is not None and not item.slug:
            self.report(
                item,
                doc.line_of("slug"),
                ERROR,
                "empty Slug (remove the line or write a slug)",
            )
        template = (doc.get("template") or "").lower()
        if template == "contest":
            self._check_contest(item)
        if template == "notice":
            self._check_notice(item)
        if item.status == "draft":
            return  # drafts are never written: their links can wait
        if doc.get("summary") == "":
            self.report(
                item,
                doc.line_of("summary"),
                WARNING,
                "empty Summary (write one sentence, or remove the line to use the "
                "first paragraph)",
            )
        if item.kind == "article" and not any(text.strip() for _, text in doc.body):
            self.report(
                item,
                doc.body[0][0] if doc.body else len(doc.fields) + 1,
                WARNING,
                "the article has no text yet (write it below the metadata)",
            )
        image = doc.get("image")
        if image:
            self._check_content_file(
                item,
                doc.line_of("image"),
                image,
                "Image",
                "check the spelling, or add the file under content/",
            )
        self._check_links(item)
        self._check_videos(item)

    def _slugify(self, text):
        settings = self.settings
        return slugify(
            text,
            regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )

    def _check_date(self, item, key, required=False, label=None):
        label = label or key.capitalize()
        value = item.doc.get(key)
        line = item.doc.line_of(key)
        if not value:
            if required:
                self.report(
                    item,
                    line,
                    ERROR,
                    f"missing {label} (add a line '{label}: 2024-04-19 14:30')",
                )
            return None
        if DATE_RE.match(value):
            try:
                if PLAIN_DATE_RE.match(value):
                    parsed = datetime.fromisoformat(value)
                else:
                    parsed = get_date(value)
            except ValueError:
                pass
            else:
                if parsed.tzinfo is None:
                    parsed = parsed.replace(tzinfo=ZoneInfo(self.settings["TIMEZONE"]))
                return parsed
        self.report(item, line, ERROR, f"{label} '{value}' is not a date ({DATE_HELP})")
        return None

    def _check_contest(self, item):
        opens = self._check_date(item, "opens", required=True)
        closes = self._check_date(item, "closes", required=True)
        self._check_date(item, "results_date", label="Results_date")
        if opens and closes and closes < opens:
            self.report(
                item,
                item.doc.line_of("closes"),
                ERROR,
                f"Closes ({item.doc.get('closes')}) is before Opens "
                f"({item.doc.get('opens')}) (swap them or fix the dates)",
            )
        elif opens and closes and not item.doc.get("entry_url"):
            if not DATE_TIME_RE.search(item.doc.get("closes")):
                closes = closes.replace(hour=23, minute=59, second=59)
            if opens <= self.now <= closes:
                self.report(
                    item,
                    item.doc.line_of("template"),
                    WARNING,
                    "the contest is open but has no Entry_url (add the form or "
                    "page where entries are sent)",
                )

    def _check_notice(self, item):
        line = item.doc.line_of("attachments")
        for name in filter(
            None, (a.strip() for a in (item.doc.get("attachments") or "").split(","))
        ):
            path = name if name.startswith("files/") else f"files/{name}"
            self._check_content_file(
                item, line, path, "attachment", "put the file under content/files/"
            )

    def _check_content_file(self, item, line, relative, label, fix):
        target = os.path.normpath(os.path.join(self.root, relative.lstrip("/")))
        if not os.path.isfile(target):
            self.report(item, line, ERROR, f"{label} '{relative}' not found ({fix})")

    def _check_links(self, item):
        for number, text in item.doc.body:
            targets = INLINE_LINK_RE.findall(text)
            reference = REFERENCE_LINK_RE.match(text)
            if reference:
                targets.append(reference.group(1))
            for target in targets:
                self._check_link(item, number, target)
            if IMAGE_WITHOUT_ALT_RE.search(text):
                self.report(
                    item,
                    number,
                    WARNING,
                    "picture without a description (write what it shows between "
                    "the brackets: ![Công nhân nhận quà Tết](…), for readers who "
                    "cannot see it)",
                )

    def _check_link(self, item, line, target):
        target = target.split("#", 1)[0].split("?", 1)[0]
        if not target or EXTERNAL_RE.match(target):
            return
        intrasite = INTRASITE_RE.match(target)
        relative = intrasite.group(3) if intrasite else target
        if relative.startswith("/"):
            candidate = os.path.join(self.root, relative.lstrip("/"))
        else:
            candidate = os.path.join(os.path.dirname(item.path), relative)
        candidates = [os.path.normpath(candidate)]
        if not intrasite and not relative.startswith("/"):
            # A plain relative link resolves against the page's URL; the
            # content root is where static files land.
            candidates.append(os.path.normpath(os.path.join(self.root, relative)))
        if not any(os.path.isfile(c) for c in candidates):
            fix = (
                "check the path: {filename} and {static} paths start from the "
                "file's folder, or from content/ when they begin with /"
            )
            self.report(item, line, ERROR, f"broken internal link '{target}' ({fix})")
        elif not intrasite and relative.lower().endswith(MARKDOWN_EXTENSIONS):
            self.report(
                item,
                line,
                ERROR,
                f"link to the source file '{target}' (write {{filename}}{relative} "
                "so it points to the article's page)",
            )

    def _check_videos(self, item):
        video = item.doc.get("video")
        if video and parse_video_url(video) is None:
            self.report(
                item,
                item.doc.line_of("video"),
                WARNING,
                f"Video '{video}' is not from a provider Loa can embed ({VIDEO_HELP})",
            )
        body = item.doc.body
        for index, (number, text) in enumerate(body):
            match = LONE_URL_RE.match(text)
            if not match or not VIDEO_HINT_RE.search(match.group(1)):
                continue
            before = body[index - 1][1] if index else ""
            after = body[index + 1][1] if index + 1 < len(body) else ""
            alone = not before.strip() and not after.strip()
            url = match.group(1)
            if alone and parse_video_url(url) is None:
                message = f"video URL of an unknown provider '{url}' ({VIDEO_HELP})"
                self.report(item, number, WARNING, message)

    # -- across files -----------------------------------------------------

    def _check_duplicates(self, files):
        seen = {}
        for item in files:
            if not item.slug or item.status == "draft":
                continue
            key = (item.kind, item.slug, item.lang)
            first = seen.setdefault(key, item)
            if first is not item:
                self.report(
                    item,
                    item.doc.line_of("slug", item.doc.line_of("title")),
                    ERROR,
                    f"Slug '{item.slug}' in Lang '{item.lang}' is already used by "
                    f"{first.display} (give one of them another Slug)",
                )

    def _check_translations(self, files):
        langs = defaultdict(set)
        articles = [f for f in files if f.kind == "article" and f.status == "published"]
        for item in articles:
            langs[item.slug].add(item.lang)
        for item in articles:
            if item.slug and langs[item.slug] == {item.lang}:
                others = ", ".join(code for code in self.languages if code != item.lang)
                self.report(
                    item,
                    item.doc.line_of("slug", item.doc.line_of("title")),
                    WARNING,
                    f"no translation (to add one, write a file with Slug: {item.slug} "
                    f"and Lang: {others})",
                )
