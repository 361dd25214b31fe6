"""Render article pages on all cores; write them exactly as a serial build.

Pelican renders every page in one process. Here the article pages — the bulk
of a news site — are first *recorded* (Pelican's own `generate_articles`
with a `write` that only notes its arguments), then rendered by forked
worker processes, which see the finished build state as it is, and finally
written by the build process in Pelican's order through the real writer,
with the rendered HTML in place of the template. Everything after rendering
(writing, `content_written` handlers such as `images`, logging, error
counting) happens in the build process, as in a serial build: the output
is byte-identical (tested).

Settings: PARALLEL_RENDER (default True), PARALLEL_RENDER_MIN_PAGES (below
this, forking costs more than it saves), PARALLEL_RENDER_WORKERS (default:
the number of cores, at most 4).
"""

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import get_relative_path, path_to_url

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PARALLEL_RENDER": True,
    # Measured ~1.6 ms a page: a pool pays off from a few hundred pages.
    "PARALLEL_RENDER_MIN_PAGES": 300,
    "PARALLEL_RENDER_WORKERS": None,
}
MAX_WORKERS = 4
CHUNKS_PER_WORKER = 4

_serial_generate_articles = ArticlesGenerator.generate_articles
# The recorded pages, set before the pool forks: workers inherit them.
_pages = None


class Rendered:
    """Stands in for a template whose output is already known."""

    def __init__(self, html):
        self.html = html

    def render(self, _context):
        return self.html


def generate_articles(generator, write):
    settings = generator.settings
    workers = _workers(settings)
    # Off unless this plugin set it up for this run (the patch is global).
    if not settings.get("PARALLEL_RENDER", False) or workers < 2:
        return _serial_generate_articles(generator, write)
    pages = []
    _serial_generate_articles(generator, lambda *a, **k: pages.append((a, k)))
    if len(pages) < settings.get("PARALLEL_RENDER_MIN_PAGES", 300):
        for args, kwargs in pages:
            write(*args, **kwargs)
        return None
    for (args, kwargs), (html, records) in zip(
        pages, _render_all(write, pages, workers), strict=True
    ):
        for record in records:
            logging.getLogger(record.name).handle(record)
        write(args[0], Rendered(html), *args[2:], **kwargs)
    return None


def _workers(settings):
    workers = settings.get("PARALLEL_RENDER_WORKERS")
    return workers or min(os.cpu_count() or 1, MAX_WORKERS)


def _render_all(write, pages, workers):
    """[(html, log records)] of every recorded page, in order."""
    global _pages
    _pages = (write, pages)
    try:
        size = max(1, len(pages) // (workers * CHUNKS_PER_WORKER))
        chunks = [
            range(i, min(i + size, len(pages))) for i in range(0, len(pages), size)
        ]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return [page for chunk in pool.map(_render_chunk, chunks) for page in chunk]
    finally:
        _pages = None


class _Records(logging.Handler):
    """Keeps a worker's log records to be handled by the build process."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records = []

    def emit(self, record):
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _render_chunk(indexes):
    write, pages = _pages
    root = logging.getLogger()
    handlers, root.handlers = root.handlers, []
    try:
        rendered = []
        for i in indexes:
            records = _Records()
            root.addHandler(records)
            try:
                html = _render(write, *pages[i])
            finally:
                root.removeHandler(records)
            rendered.append((html, records.records))
        return rendered
    finally:
        root.handlers = handlers


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
    ArticlesGenerator.generate_articles = generate_articles
