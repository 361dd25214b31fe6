"""What an article page is made of, hashed: if nothing in it changed since the
build that made the previous site, that site's file is the page.

A page's signature covers
- the site: every setting and the code of every plugin (content_cache's
  fingerprint), every file of the theme (templates, translations, assets),
  and the languages of the switcher;
- the page: its output name; everything the article object carries — its
  text and metadata and what plugins attached (related news, contest
  status, translations, newer/older story) — with each other story it
  refers to reduced to what a page shows of it (title, URL, date, picture,
  summary, and a hash of its text for an automatic summary); what its
  `{filename}`/`{static}` links and its picture resolve to (URLs, and the
  size and time of static files, whose bytes name the `srcset`
  derivatives); and its language's sections, feeds and menu.

The manifest of the last build keeps, per page, its signature and the size
and modification time of the file that build finally wrote (after
`content_written` handlers): a page is reused only if the previous site's
file is still exactly that one, so a failed build (whose files never reached
the site) can never vouch for stale pages.
"""

import hashlib
import json
import os
import re

from content_cache.content_cache import fingerprint
from content_cache.files import read_json, write_json
from content_cache.plain import plain
from core_speedups.core_speedups import MEMO
from images.images import DERIVED_DIR
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

MANIFEST = "rendered-pages.json"
# Attributes of a story that are the whole build, not the story, or
# derived from it (core_speedups' URL memo, filled in any order).
SKIPPED = {"settings", "_context", MEMO}
# A language's parts that are not content: its interface translations (theme
# files) and a cache of formatted dates.
SITE_SKIPPED = {"catalog", "_formatted_dates"}
# Of Pelican's site-wide lists (all languages mixed), the one our list pages
# do not replace with their language's (`articles`, `dates` are the page's).
SITE_LISTS = ("pages",)
# What a page may show of a story other than its own (a list's stories,
# related news, newer/older): PAGE_RENDERING_STORY_FIELDS, plus its summary.
STORY_FIELDS = (
    "url",
    "title",
    "date",
    "lang",
    "status",
    "image",
    "og_image",
    "category",
    "tags",
    "authors",
    "contest",
)
PARAGRAPH_END = re.compile(r"</p\s*>", re.IGNORECASE)
# Pelican's intra-site links: {filename}, {static}, {attach} (and |…| forms).
# Derivatives the images plugin publishes while a page is rendered.
DERIVED = re.compile(rf"{re.escape(DERIVED_DIR)}/[\w.-]+")
INTRASITE_LINK = re.compile(r"[{|](filename|static|attach)[}|]([^\"'#?\s)<>]*)")


def site_digest(settings, context):
    digest = hashlib.blake2b(digest_size=16)
    digest.update(fingerprint(settings).encode())
    _update_with_folder(digest, settings["THEME"])
    # The language switcher names every language; the rest is per language.
    sites = (context.get("LANGUAGE_SITES") or {}).values()
    switcher = [(s.code, s.name, s.prefix, s.sitename) for s in sites]
    digest.update(json.dumps(switcher).encode())
    return digest.hexdigest()


class BuildMemo:
    """What one build already reduced, by identity: each story, list of
    stories and language (the objects are kept, so an id is never reused)."""

    def __init__(self, settings):
        self.fields = tuple(settings.get("PAGE_RENDERING_STORY_FIELDS") or STORY_FIELDS)
        self.paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
        self.stories = {}
        self.lists = {}
        self.runs = {}
        self.named = {}
        self.sites = {}


def page_signature(site, name, kwargs, context, memo):
    """The signature of an article page (`kwargs` of its `write`)."""
    digest = hashlib.blake2b(site.encode(), digest_size=16)
    digest.update(name.encode() + b"\0")
    data = _as_data({k: v for k, v in kwargs.items() if k != "article"}, memo)
    article = kwargs.get("article")
    if article is not None:
        carried = {k: v for k, v in vars(article).items() if k not in SKIPPED}
        metadata = carried.get("metadata")
        if isinstance(metadata, dict) and all(
            carried.get(k.lower(), carried) is v for k, v in metadata.items()
        ):
            # Pelican copies each metadata value to an attribute: when every
            # one is still that very object, the metadata says nothing more.
            carried["metadata"] = sorted(metadata)
        data["article"] = _as_data(carried, memo)
        data["links"] = _link_targets(article, context)
        language = (context.get("LANGUAGE_SITES") or {}).get(article.lang)
        if language is not None and ("menu", article.lang) not in memo.sites:
            memo.sites["menu", article.lang] = _site(language)
        data["language"] = memo.sites.get(("menu", article.lang))
    digest.update(_encoded(data))
    return digest.hexdigest()


def list_page_signature(site, name, kwargs, context, memo):
    """The signature of a list page (home, section, tag, author, archives,
    indexes): its variables, with every story in them reduced to what a page
    shows of it, and its whole language — each story, section, tag, author
    and what plugins keep there (videos, open contests) — so a story whose
    title, date, summary or section changed renders again every list of its
    language, and an edit further down its text none."""
    digest = hashlib.blake2b(site.encode(), digest_size=16)
    digest.update(name.encode() + b"\0")
    data = _as_data(kwargs, memo)
    lang = kwargs.get("lang")
    language = (context.get("LANGUAGE_SITES") or {}).get(lang)
    if language is not None and ("whole", lang) not in memo.sites:
        shown = {k: v for k, v in vars(language).items() if k not in SITE_SKIPPED}
        memo.sites["whole", lang] = _digest(_as_data(shown, memo))
    data["language"] = memo.sites.get(("whole", lang))
    if "lists" not in memo.sites:
        lists = {k: context.get(k) for k in SITE_LISTS}
        memo.sites["lists"] = _digest(_as_data(lists, memo))
    data["site"] = memo.sites["lists"]
    digest.update(_encoded(data))
    return digest.hexdigest()


def _link_targets(article, context):
    """What the story's `{filename}`/`{static}` links and picture resolve to:
    the URL of each target, and the size and time of each static file."""
    text = " ".join(
        [article._content or "", str(article.metadata.get("summary") or "")]
    )
    values = {m.group(2) for m in INTRASITE_LINK.finditer(text)}
    if getattr(article, "image", None):
        values.add(str(article.image).removeprefix("{static}"))
    folder = os.path.dirname(article.relative_source_path)
    generated = context.get("generated_content", {})
    static = context.get("static_content", {})
    targets = []
    for value in sorted(values):
        for key in (value.lstrip("/"), os.path.normpath(os.path.join(folder, value))):
            found = generated.get(key) or static.get(key)
            if found is None:
                continue
            entry = [key, getattr(found, "url", None)]
            if key in static:
                try:
                    stat = os.stat(found.source_path)
                    entry += [stat.st_size, stat.st_mtime_ns]
                except OSError:
                    pass
            targets.append(entry)
    return targets


def _site(site):
    return {
        "code": site.code,
        "name": site.name,
        "sitename": site.sitename,
        "description": site.description,
        "locale": site.locale,
        "timezone": site.timezone,
        "prefix": site.prefix,
        "date_formats": site.date_formats,
        "calendar": site.calendar,
        "feeds": site.feeds,
        "category_feeds": site.category_feeds,
        "categories": [(c.name, c.url) for c in site.categories],
        "pages": [(p.title, p.url) for p in site.pages],
    }


def _as_data(value, memo):
    """`value` as plain data: each story in it reduced to what a page shows
    of it, lists of stories and paginated pages to digests of those, sections
    and tags to name and URL — each once per build (`memo`)."""

    def special(value, recurse):
        if isinstance(value, URLWrapper):
            return _named(value, memo)
        if isinstance(value, Content):
            return _story(value, memo, recurse)
        if isinstance(value, list) and value and isinstance(value[0], Content):
            return _stories(value, memo, recurse)
        if isinstance(value, Paginator):
            return [
                "paginator",
                value.name,
                value.url,
                value.per_page,
                value.orphans,
                recurse(value.object_list),
            ]
        if isinstance(value, Page):
            # Its paginator is a variable of the page itself.
            return ["page", value.number, value.url, recurse(value.object_list)]
        return NotImplemented

    return plain(value, special)


def _encoded(data):
    # Not ASCII-escaped: most of a page's data is Vietnamese or Thai text.
    return json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()


def _digest(data):
    return hashlib.blake2b(_encoded(data), digest_size=16).hexdigest()


def _story(story, memo, recurse):
    """A story another page shows, as the digest of what it shows of it."""
    found = memo.stories.get(id(story))
    if found is None:
        reference = {f: recurse(getattr(story, f, None)) for f in memo.fields}
        reference["summary"] = _summary_source(story, memo.paragraphs)
        found = memo.stories[id(story)] = (story, "story:" + _digest(reference))
    return found[1]


def _stories(stories, memo, recurse):
    """A digest of a list of stories, once per list (a whole section's is
    shown by hundreds of pages) and per run of stories (each page's twelve
    are also its neighbours' previous or next page)."""
    found = memo.lists.get(id(stories))
    if found is None:
        key = tuple(map(id, stories))  # memo.stories keeps them alive
        digest = memo.runs.get(key)
        if digest is None:
            known = memo.stories
            joined = "".join(
                known[id(s)][1] if id(s) in known else recurse(s) for s in stories
            ).encode()
            digest = hashlib.blake2b(joined, digest_size=16).hexdigest()
            memo.runs[key] = digest
        found = memo.lists[id(stories)] = (stories, ["stories", digest])
    return found[1]


def _named(value, memo):
    """A section, tag or author as its kind, name and URL (Pelican makes its
    URL again on every access)."""
    found = memo.named.get(id(value))
    if found is None:
        found = memo.named[id(value)] = (
            value,
            [type(value).__name__, value.name, value.url],
        )
    return found[1]


def _summary_source(story, paragraphs):
    """What the story's summary is made of: its Summary, or else the start of
    its text up to the end of the paragraphs an automatic summary keeps
    (SUMMARY_MAX_PARAGRAPHS) — computing the summary itself costs Pelican
    an HTML parse per story."""
    if "summary" in story.metadata:
        return str(story.metadata["summary"])
    text = story._content or ""
    if paragraphs:
        ends = PARAGRAPH_END.finditer(text)
        for number, end in enumerate(ends, start=1):
            if number == paragraphs:
                text = text[: end.end()]
                break
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _update_with_folder(digest, folder):
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as f:
                digest.update(f.read())


def load_manifest(cache_path):
    return read_json(os.path.join(cache_path, MANIFEST), {})


def save_manifest(cache_path, output_path, signatures, previous_manifest, reused):
    """Keep each page's signature with the size and time of its final file,
    and the picture derivatives it shows (made while rendering it: a reused
    page must bring them along)."""
    entries = {}
    for name, signature in signatures.items():
        path = os.path.join(output_path, name)
        try:
            stat = os.stat(path)
            if name in reused:
                derived = previous_manifest[name][3]
            else:
                with open(path, encoding="utf-8", errors="replace") as f:
                    derived = sorted(set(DERIVED.findall(f.read())))
        except (OSError, KeyError, IndexError):
            continue
        entries[name] = [signature, stat.st_size, stat.st_mtime_ns, derived]
    write_json(os.path.join(cache_path, MANIFEST), entries)


def reusable(manifest, name, signature, previous_site):
    """The previous site's file for page `name`, if it is still this page."""
    entry = manifest.get(name)
    if not previous_site or not entry or entry[0] != signature:
        return None
    path = os.path.join(previous_site, name)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if [stat.st_size, stat.st_mtime_ns] != entry[1:3]:
        return None
    return path


def derived_files(manifest, name):
    """The picture derivatives page `name` shows (paths in the site)."""
    return manifest[name][3]
