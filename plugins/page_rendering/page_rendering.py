"""How article pages — the bulk of a news site — and list pages are made.

Pelican's own `generate_articles` first runs with a `write` that only
records its arguments (the languages plugin hands over its list pages, one
`write` each, the same way). Then, per page:

1. **reused** if its signature (signatures.py: one kind for article
   pages, one for list pages) is the one the last build recorded and the
   previous site still holds that build's file: the file is hard-linked
   into this build, nothing is rendered;
2. otherwise **rendered** — by forked worker processes when there are many
   (they see the finished build state as it is) — and written by the build
   process in Pelican's order through the real writer, the rendered HTML
   standing in for the template. Writing, `content_written` handlers
   (`images`, `video_embeds`), logging and error counting happen in the
   build process as in a serial build: the output is byte-identical (tested).

Settings: PAGE_RENDERING_REUSE (True), PAGE_RENDERING_PARALLEL (True),
PAGE_RENDERING_MIN_PARALLEL (below this many pages to render, forking costs
more than it saves), PAGE_RENDERING_WORKERS (default: the cores, at most 4).
"""

import logging
import os
from collections import deque

from content_cache.files import link_new
from content_cache.workers import (
    forked_pool,
    index_chunks,
    kept_log_records,
    replay,
)
from languages.generator import LanguageListsGenerator
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import get_relative_path, path_to_url

from .signatures import (
    BuildMemo,
    derived_files,
    list_page_signature,
    load_manifest,
    page_signature,
    reusable,
    save_manifest,
    site_digest,
)

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PAGE_RENDERING_REUSE": True,
    "PAGE_RENDERING_PARALLEL": True,
    # Measured ~1.6 ms a page: a pool pays off from a few hundred pages.
    "PAGE_RENDERING_MIN_PARALLEL": 300,
    "PAGE_RENDERING_WORKERS": None,
}
MAX_WORKERS = 4
# Pages per task, and tasks queued per worker: enough to keep the workers
# busy while the build writes, few enough to keep memory flat.
CHUNK_PAGES = 50
CHUNKS_AHEAD = 3

# Pelican's own method, even if another copy of this module patched it first.
_serial_generate_articles = getattr(
    ArticlesGenerator.generate_articles,
    "serial",
    ArticlesGenerator.generate_articles,
)
_serial_write_list_pages = getattr(
    LanguageListsGenerator.write_pages,
    "serial",
    LanguageListsGenerator.write_pages,
)
# The recorded pages, set before the pool forks: workers inherit them.
_pages = None


class Rendered:
    """Stands in for a template whose output is already known."""

    def __init__(self, html):
        self.html = html

    def render(self, _context):
        return self.html


def generate_articles(generator, write):
    # Only in runs this plugin set up (the patch on the class is global).
    if "PAGE_RENDERING_REUSE" not in generator.settings:
        return _serial_generate_articles(generator, write)
    pages = []
    _serial_generate_articles(generator, lambda *a, **k: pages.append((a, k)))
    _write_pages(generator, write, pages, page_signature)
    return None


def write_list_pages(generator, write, pages):
    """List pages (from the languages plugin), reused or rendered the same
    way, by their own signature (signatures.list_page_signature)."""
    if "PAGE_RENDERING_REUSE" not in generator.settings:
        return _serial_write_list_pages(generator, write, pages)
    _write_pages(generator, write, pages, list_page_signature)
    return None


def _write_pages(generator, write, pages, signature_of):
    """Link each page whose signature is unchanged, render the others (in
    worker processes when there are many) and write them in order."""
    reused = _reusable_pages(generator, pages, signature_of)
    to_render = [page for page, old in zip(pages, reused, strict=True) if not old]
    rendered = iter(_render_in_parallel(write, to_render, generator.settings))
    for (args, kwargs), old in zip(pages, reused, strict=True):
        if old:
            _reuse(old, args[0], generator.output_path)
            continue
        html, records = next(rendered, (None, ()))
        replay(records)
        if html is None:
            write(*args, **kwargs)
        else:
            write(args[0], Rendered(html), *args[2:], **kwargs)
    if any(reused):
        logger.info(
            "page_rendering: %d of %d pages unchanged, %d rendered",
            sum(map(bool, reused)),
            len(pages),
            len(to_render),
        )


# This build's page signatures, the manifest it started from and the pages
# it reused, saved at `finalized` with the final files' sizes and times (the
# build process runs one build at a time).
_signatures = {}
_state = {"manifest": None, "reused": set(), "memo": None, "site": None}


def _reuse(old, name, output_path):
    """Link the previous site's page and the picture derivatives it shows."""
    previous_site = old[: -len(name)]
    for path in [name, *derived_files(_state["manifest"], name)]:
        link_new(os.path.join(previous_site, path), os.path.join(output_path, path))
    _state["reused"].add(name)


def begin_build(generators):
    """Forget the previous build's pages: signatures, reused pages, and the
    per-build reductions of stories (the output of every generator follows)."""
    _signatures.clear()
    _state.update(manifest=None, reused=set(), memo=None, site=None)


def _reusable_pages(generator, pages, signature_of):
    """Per page, the previous site's file to reuse, or None to render."""
    settings = generator.settings
    cache = settings.get("CACHE_PATH")
    if not (settings["PAGE_RENDERING_REUSE"] and cache):
        return [None] * len(pages)
    if _state["memo"] is None:
        _state["manifest"] = load_manifest(cache)
        _state["memo"] = BuildMemo(settings)
        _state["site"] = site_digest(settings, generator.context)
    previous = settings.get("PREVIOUS_OUTPUT_PATH")
    reused = []
    for args, kwargs in pages:
        name = args[0]
        signature = _signatures[name] = signature_of(
            _state["site"], name, kwargs, generator.context, _state["memo"]
        )
        reused.append(reusable(_state["manifest"], name, signature, previous))
    return reused


def keep_signatures(pelican):
    """Record this build's pages (before atomic_output swaps the site in)."""
    cache = pelican.settings.get("CACHE_PATH")
    if _signatures and cache:
        save_manifest(
            cache,
            pelican.output_path,
            _signatures,
            _state["manifest"],
            _state["reused"],
        )
    _signatures.clear()
    _state["memo"] = None  # it holds every story of the build


def _render_in_parallel(write, pages, settings):
    """(html, log records) of each of `pages` from worker processes, or
    nothing when a pool would not pay (then the caller renders them itself)."""
    workers = _workers(settings)
    if (
        not settings["PAGE_RENDERING_PARALLEL"]
        or workers < 2
        or len(pages) < settings["PAGE_RENDERING_MIN_PARALLEL"]
    ):
        return []
    return _render_all(write, pages, workers)


def _workers(settings):
    workers = settings.get("PAGE_RENDERING_WORKERS")
    return workers or min(os.cpu_count() or 1, MAX_WORKERS)


def _render_all(write, pages, workers):
    """(html, log records) of every recorded page, in order, as they come:
    a few chunks ahead of the writer, so the build never holds all the
    rendered pages at once (20,000 pages are ~1 GB of text)."""
    global _pages
    _pages = (write, pages)
    try:
        chunks = deque(index_chunks(len(pages), CHUNK_PAGES))
        with forked_pool(workers) as pool:
            pending = deque()
            while chunks or pending:
                while chunks and len(pending) < workers * CHUNKS_AHEAD:
                    pending.append(pool.submit(_render_chunk, chunks.popleft()))
                yield from pending.popleft().result()
    finally:
        _pages = None


def _render_chunk(indexes):
    write, pages = _pages
    rendered = []
    for i in indexes:
        with kept_log_records() as records:
            html = _render(write, *pages[i])
        rendered.append((html, records))
    return rendered


def _render(write, args, kwargs):
    """The HTML that `write(*args, **kwargs)` would write: Pelican's
    Writer.write_file up to `template.render`, for a page without pagination,
    with the keyword arguments LanguageWriter adds."""
    name, template, context = args[:3]
    kwargs = {**write.keywords, **kwargs}
    relative_urls = kwargs.pop("relative_urls", False)
    for parameter in ("paginated", "template_name", "override_output", "url"):
        kwargs.pop(parameter, None)
    writer = write.func.__self__
    if hasattr(writer, "page_kwargs"):  # languages.writer.LanguageWriter
        kwargs = writer.page_kwargs(context, kwargs)
    localcontext = context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = name
    localcontext.update(kwargs)
    if localcontext["localsiteurl"]:
        context["localsiteurl"] = localcontext["localsiteurl"]
    return template.render(localcontext)


def check_settings(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(begin_build)
    signals.finalized.connect(keep_signatures)
    generate_articles.serial = _serial_generate_articles
    ArticlesGenerator.generate_articles = generate_articles
    write_list_pages.serial = _serial_write_list_pages
    LanguageListsGenerator.write_pages = write_list_pages
